"""`gongkai catalogue import FILE --agency CODE` and `gongkai catalogue export --agency CODE
-o FILE`: the catalogue file of `gongkai.catalogue.catalogue_file` (CSV or XLSX).
`gongkai catalogue recount`: rebuild the public tally from the items (it says if it differed)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.selectors import agency_by_code
from gongkai.catalogue.catalogue_file import (
    EXCEL_CELL_LIMIT,
    MAX_BYTES,
    CatalogueFileError,
    long_cells,
)
from gongkai.catalogue.import_services import (
    EXPORT_FORMATS,
    catalogue_import,
    catalogue_rows,
)
from gongkai.catalogue.services import tally_recount
from gongkai.core.management.files import read_input
from gongkai.core.services import statistics_refresh


class Command(BaseCommand):
    help = (
        "政府信息公开目录：import 导入已发布的公开条目（CSV 或 XLSX，全部成功或全部不导入）；"
        "export 导出为同样格式的文件；recount 核对并重建门户的条目计数。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser("import", help="导入公开目录")
        importing.add_argument("file", metavar="FILE")
        importing.add_argument("--agency", required=True, metavar="CODE")
        exporting = sub.add_parser("export", help="导出公开目录")
        exporting.add_argument("--agency", required=True, metavar="CODE")
        exporting.add_argument("-o", "--output", required=True, metavar="FILE")
        sub.add_parser("recount", help="按公开条目重建门户的计数，并报告是否有出入")

    def handle(self, *args, **options):
        if options["action"] == "recount":
            differing = tally_recount()
            if differing:
                self.stderr.write(f"门户计数有 {differing} 组与公开条目不符，已按公开条目重建")
            else:
                self.stdout.write("门户计数与公开条目一致")
            return
        agency = agency_by_code(options["agency"])
        if options["action"] == "import":
            if agency is None:
                raise CommandError(f"机关代码 {options['agency']} 不存在，未导入任何条目")
            self._import(agency, Path(options["file"]))
        else:
            if agency is None:
                raise CommandError(f"机关代码 {options['agency']} 不存在")
            self._export(agency, Path(options["output"]))

    def _import(self, agency, path: Path) -> None:
        data = read_input(
            path,
            max_bytes=MAX_BYTES,
            too_large=f"文件过大（超过 {MAX_BYTES // 1024 // 1024} MB），请拆分后分批导入：{path}",
        )
        try:
            result = catalogue_import(agency=agency, data=data, filename=path.name)
        except CatalogueFileError as error:
            raise CommandError(f"{path.name} 未导入任何条目：\n{error}") from None
        statistics_refresh()
        self.stdout.write(result.summary(agency))

    def _export(self, agency, path: Path) -> None:
        extension = path.suffix.lower()
        if extension not in EXPORT_FORMATS:
            raise CommandError(f"不支持的文件类型：“{path.name}”，请使用 .csv 或 .xlsx")
        rows = catalogue_rows(agency)
        try:
            path.write_bytes(EXPORT_FORMATS[extension](rows))
        except OSError as error:
            raise CommandError(f"无法写入文件 {path}：{error.strerror}") from None
        self.stdout.write(f"已导出{agency.name}的 {len(rows)} 条公开条目到 {path}")
        if extension == ".xlsx" and (long := long_cells(rows)):
            self.stderr.write(
                f"注意：{long} 条的正文或内容概述超过 {EXCEL_CELL_LIMIT:,} 字，"
                "在 Excel 中打开会被截断（Gongkai 导入时仍完整读取）；如需在 Excel 中编辑，"
                "请导出为 .csv"
            )
