"""`gongkai requests list --agency CODE --format json` (docs/interfaces.md)."""

import json

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.selectors import agency_by_code
from gongkai.info_requests.selectors import requests_as_json
from gongkai.info_requests.states import STATUS_LABELS


class Command(BaseCommand):
    help = "依申请公开：list 列出某机关的全部申请。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="列出申请")
        listing.add_argument("--agency", required=True, metavar="CODE")
        listing.add_argument("--format", choices=["json", "table"], default="table")

    def handle(self, *args, **options):
        agency = agency_by_code(options["agency"])
        if agency is None:
            raise CommandError(f"机关代码 {options['agency']} 不存在")
        rows = requests_as_json(agency)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1))
            return
        for row in rows:
            self.stdout.write(
                "\t".join(
                    [
                        row["number"],
                        row["received_on"],
                        row["due_on"] or "—",
                        STATUS_LABELS[row["status"]],
                        row["outcome"] or "",
                    ]
                )
            )
