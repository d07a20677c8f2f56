"""`gongkai agency add CODE NAME` (docs/interfaces.md), and `agency list`."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.models import Agency
from gongkai.accounts.services import OrganisationError, agency_create


class Command(BaseCommand):
    help = "机关管理：add 新建机关，list 列出机关。"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="新建机关；CODE 为机关代码（用于索引号）")
        add.add_argument("code", metavar="CODE")
        add.add_argument("name", metavar="NAME")
        sub.add_parser("list", help="列出全部机关")

    def handle(self, *args, **options):
        if options["action"] == "add":
            try:
                agency = agency_create(code=options["code"], name=options["name"])
            except OrganisationError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"已创建机关：{agency.code} {agency.name}")
        else:
            for agency in Agency.objects.order_by("sort_order", "code"):
                self.stdout.write(f"{agency.code}\t{agency.name}")
