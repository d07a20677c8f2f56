"""`gongkai import ledger FILE --agency CODE` (docs/interfaces.md)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.selectors import agency_by_code
from gongkai.core.management.files import read_input
from gongkai.core.services import statistics_refresh
from gongkai.info_requests.ledger import LedgerError
from gongkai.info_requests.ledger_services import ledger_import

MAX_BYTES = 50 * 1024 * 1024


class Command(BaseCommand):
    help = (
        "导入：ledger 导入依申请公开登记台账；messages 导入留言台账；enquiries 导入咨询登记"
        "（CSV 或 XLSX，全部成功或全部不导入）。"
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="kind", required=True)
        ledger = sub.add_parser("ledger", help="导入登记台账")
        ledger.add_argument("file", metavar="FILE")
        ledger.add_argument("--agency", required=True, metavar="CODE")
        # Messages and enquiries (gongkai.interaction), docs/interfaces.md.
        for kind, label in (("messages", "导入留言台账"), ("enquiries", "导入咨询登记")):
            extra = sub.add_parser(kind, help=label)
            extra.add_argument("file", metavar="FILE")
            extra.add_argument("--agency", required=True, metavar="CODE")

    def handle(self, *args, **options):
        agency = agency_by_code(options["agency"])
        if agency is None:
            raise CommandError(f"机关代码 {options['agency']} 不存在，未导入任何记录")
        path = Path(options["file"])
        data = read_input(path, max_bytes=MAX_BYTES, too_large=f"文件过大（超过 50 MB）：{path}")
        if options["kind"] in ("messages", "enquiries"):
            from gongkai.interaction.commands import import_interaction

            self.stdout.write(import_interaction(options["kind"], agency, data, path.name))
            return
        try:
            result = ledger_import(agency=agency, data=data, filename=path.name)
        except LedgerError as error:
            raise CommandError(f"{path.name} 未导入任何记录：\n{error}") from None
        statistics_refresh()
        self.stdout.write(result.summary())
