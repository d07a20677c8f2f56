"""`gongkai supervision indicators (--government | --agency CODE) --from DATE --to DATE
--format json|xlsx [-o FILE] [--trace FIGURE]` (docs/interfaces.md §5)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.selectors import agency_by_code
from gongkai.core.dates import InvalidDate, parse_iso_date
from gongkai.supervision.selectors import TRACEABLE, period_indicators, trace
from gongkai.supervision.table import write_xlsx
from gongkai.workdays.calendar import ScheduleNotLoaded

FORMATS = ("json", "xlsx")


class Command(BaseCommand):
    help = "监督考核：indicators 输出一个期间各机关的政府信息公开工作指标。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        indicators = sub.add_parser("indicators", help="各机关的指标")
        who = indicators.add_mutually_exclusive_group(required=True)
        who.add_argument("--agency", metavar="CODE")
        who.add_argument("--government", action="store_true")
        indicators.add_argument("--from", dest="start", required=True, metavar="DATE")
        indicators.add_argument("--to", dest="end", required=True, metavar="DATE")
        indicators.add_argument("--format", choices=FORMATS, default="json")
        indicators.add_argument("-o", "--output", metavar="FILE")
        indicators.add_argument(
            "--trace",
            metavar="FIGURE",
            help="列出某项指标对应的记录（JSON），可选：" + "、".join(TRACEABLE),
        )

    def handle(self, *args, **options):
        try:
            start = parse_iso_date(options["start"])
            end = parse_iso_date(options["end"])
        except InvalidDate as error:
            raise CommandError(str(error)) from None
        if start > end:
            raise CommandError(
                f"统计起始日期（{start.isoformat()}）不能晚于截止日期（{end.isoformat()}）"
            )
        agency = None
        if not options["government"]:
            agency = agency_by_code(options["agency"])
            if agency is None:
                raise CommandError(f"机关代码 {options['agency']} 不存在")
        figure = options["trace"]
        if figure is not None and figure not in TRACEABLE:
            raise CommandError(f"无法追溯的指标：{figure}；可选：" + "、".join(TRACEABLE))
        if figure is not None and options["format"] != "json":
            raise CommandError("--trace 只能输出 JSON")
        if options["format"] == "xlsx" and not options["output"]:
            raise CommandError("xlsx 是二进制文件，请用 -o FILE 指定输出文件")
        try:
            if figure is not None:
                data = [row.as_json() for row in trace(figure, start, end, agency=agency)]
            else:
                data = period_indicators(start, end, agency=agency).as_json()
        except ScheduleNotLoaded as error:
            raise CommandError(str(error)) from None
        if options["format"] == "json":
            body = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
        else:
            body = write_xlsx(data, "政府信息公开工作指标")
        if options["output"]:
            Path(options["output"]).write_bytes(body)
            self.stderr.write(f"已写入 {options['output']}")
        else:
            self.stdout.write(body.decode("utf-8"))
