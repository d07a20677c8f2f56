"""`gongkai inspection run [--agency CODE] [--no-crawl]` (docs/interfaces.md)."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.selectors import agency_by_code
from gongkai.inspection.services import inspection_run


class Command(BaseCommand):
    help = "网站检查：按检查指标检查门户网站，记录新发现的问题并关闭已整改的问题。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("run", help="立即检查一次")
        run.add_argument("--agency", default="", help="只检查这个机关（统一社会信用代码）")
        run.add_argument("--no-crawl", action="store_true", help="不抓取页面（不检查链接）")

    def handle(self, *args, action, agency, no_crawl, **options):
        scope = None
        if agency:
            scope = agency_by_code(agency)
            if scope is None:
                raise CommandError(f"没有代码为“{agency}”的机关")
        outcome = inspection_run(agency=scope, crawl=not no_crawl)
        if outcome.pages:
            self.stdout.write(
                f"检查页面 {outcome.pages} 个（每秒 {outcome.pages_per_second} 个页面）。"
            )
        self.stdout.write(
            f"新发现问题 {outcome.opened} 个，已整改关闭 {outcome.closed} 个，"
            f"仍未整改 {outcome.still_open} 个。"
        )
