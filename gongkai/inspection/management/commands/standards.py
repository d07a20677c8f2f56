"""`gongkai standards import FILE` (docs/interfaces.md): the standard catalogue, all or
nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.inspection.standard_services import standards_import
from gongkai.inspection.standards import MAX_BYTES, StandardFileError


class Command(BaseCommand):
    help = "基层政务公开标准目录：从 CSV 或 XLSX 文件导入（全部导入或全部不导入）。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("import", help="导入标准目录文件")
        load.add_argument("file")

    def handle(self, *args, action, file, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"找不到文件：{file}")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError(f"文件过大，最大 {MAX_BYTES // 1024 // 1024} MB")
        try:
            result = standards_import(data=path.read_bytes(), filename=path.name, actor=None)
        except StandardFileError as error:
            raise CommandError(f"未导入任何事项：\n{error}") from None
        self.stdout.write(f"已导入标准目录：新增 {result.created} 项，更新 {result.updated} 项。")
