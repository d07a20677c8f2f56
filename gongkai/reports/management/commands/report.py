"""`gongkai report annual --agency CODE | --government --year YYYY --format json|html|docx|pdf
[-o FILE]` (docs/interfaces.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.selectors import agency_by_code
from gongkai.reports.selectors import agency_report
from gongkai.reports.services import report_data

FORMATS = ("json", "html", "docx", "pdf")
FIRST_YEAR = 2008  # the 2007 regulation took effect on 2008-05-01


class Command(BaseCommand):
    help = "年度报告：annual 生成机关或本级政府的政府信息公开工作年度报告。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        annual = sub.add_parser("annual", help="年度报告")
        who = annual.add_mutually_exclusive_group(required=True)
        who.add_argument("--agency", metavar="CODE")
        who.add_argument("--government", action="store_true")
        annual.add_argument("--year", required=True)
        annual.add_argument("--format", choices=FORMATS, default="json")
        annual.add_argument("-o", "--output", metavar="FILE")
        annual.add_argument(
            "--trace", action="store_true", help="在 JSON 中列出每个数字对应的申请编号"
        )

    def handle(self, *args, **options):
        try:
            year = int(options["year"])
        except ValueError:
            raise CommandError(f"年度无效：“{options['year']}”") from None
        if not FIRST_YEAR <= year <= 2200:
            raise CommandError(f"年度无效：{year}（政府信息公开年度报告自 {FIRST_YEAR} 年起）")
        fmt = options["format"]
        if fmt in ("docx", "pdf") and not options["output"]:
            raise CommandError(f"{fmt} 是二进制文件，请用 -o FILE 指定输出文件")
        if options["government"]:
            subject = None
        else:
            subject = agency_by_code(options["agency"])
            if subject is None:
                raise CommandError(f"机关代码 {options['agency']} 不存在")
        # The report as the office wrote it: figures, its sections, and once published, the
        # figures exactly as they were published.
        data = report_data(agency=subject, year=year)
        if options["trace"] and subject is not None:
            data["traces"] = agency_report(subject, year, trace=True)["traces"]
        if fmt == "json":
            body = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        else:
            from gongkai.reports.documents import render

            body = render(data, fmt, agency=subject)
        if options["output"]:
            Path(options["output"]).write_bytes(body)
            self.stderr.write(f"已写入 {options['output']}")
        else:
            self.stdout.write(body.decode("utf-8"))
        for problem in data["checks"]:
            self.stderr.write(f"校验未通过：{problem}")
