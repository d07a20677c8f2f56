"""`gongkai demo`: load (idempotently) the demo government used by the run command.

The demo lives in `gongkai.demo`, one module per area; each loader does nothing when its
data is already there. A new area adds its module and one call below (docs/architecture.md).
"""

from django.core.management.base import BaseCommand

from gongkai.accounts.models import Role
from gongkai.catalogue.models import Item
from gongkai.core.services import statistics_refresh
from gongkai.demo.catalogue import load_demo_items
from gongkai.demo.inspection import load_demo_inspection
from gongkai.demo.interaction import load_demo_messages
from gongkai.demo.organisation import DEMO_PASSWORD, LOGINS, load_demo_organisation
from gongkai.demo.participation import load_demo_participation
from gongkai.demo.reports import load_demo_reports
from gongkai.demo.requests import load_demo_requests
from gongkai.demo.supervision import load_demo_supervision
from gongkai.info_requests.models import InfoRequest
from gongkai.search.services import reindex


class Command(BaseCommand):
    help = "载入演示政府（示范区人民政府）的机关、科室和各角色演示账号；可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")

    def handle(self, *args, **options):
        government = load_demo_organisation()
        load_demo_requests()
        if load_demo_items():
            reindex()  # demo items are bulk-created, so no publication hook indexed them
        load_demo_reports()  # after the applications: the reports count them
        load_demo_messages()
        load_demo_participation()
        load_demo_inspection()
        load_demo_supervision()

        statistics_refresh()  # bulk-created: let SQLite's planner see the tables as they are
        self.report(government, quiet_logins=options["quiet_logins"])

    def report(self, government, *, quiet_logins: bool) -> None:
        agencies = government.agencies.count()
        cases = InfoRequest.objects.count()
        items = Item.objects.filter(status="published").count()
        self.stdout.write(
            f"演示政府已就绪：{government.name}（{agencies} 个机关，{cases} 件依申请公开申请，"
            f"{items} 条公开信息）"
        )
        if quiet_logins:
            return
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in LOGINS:
            where = " · ".join(part for part in (login.agency_short, login.department) if part)
            label = Role(login.role).label
            self.stdout.write(f"  {login.username:<12}{label}　{login.display_name}　{where}")
