"""`gongkai demo`: load (idempotently) the demo government used by the run command."""

from django.core.management.base import BaseCommand

from gongkai.accounts.demo import DEMO_PASSWORD, LOGINS, load_demo_organisation
from gongkai.accounts.models import Role


class Command(BaseCommand):
    help = "载入演示政府（示范区人民政府）的机关、科室和各角色演示账号；可重复执行。"

    def add_arguments(self, parser):
        parser.add_argument("--quiet-logins", action="store_true", help="不打印演示账号")

    def handle(self, *args, **options):
        government = load_demo_organisation()
        agencies = government.agencies.count()
        from gongkai.info_requests.demo import load_demo_requests
        from gongkai.info_requests.models import InfoRequest

        load_demo_requests()
        cases = InfoRequest.objects.count()
        from gongkai.catalogue.demo import load_demo_items
        from gongkai.catalogue.models import Item

        if load_demo_items():
            # Demo items are bulk-created, so no publication hook indexed them.
            from gongkai.search.services import reindex

            reindex()
        from gongkai.reports.demo import load_demo_reports

        load_demo_reports()

        from gongkai.interaction.demo import load_demo_messages

        load_demo_messages()
        from gongkai.demo.supervision import load_demo_supervision

        load_demo_supervision()
        from gongkai.core.services import statistics_refresh

        statistics_refresh()  # bulk-created: let SQLite's planner see the tables as they are
        items = Item.objects.filter(status="published").count()
        self.stdout.write(
            f"演示政府已就绪：{government.name}（{agencies} 个机关，{cases} 件依申请公开申请，"
            f"{items} 条公开信息）"
        )
        if options["quiet_logins"]:
            return
        self.stdout.write(f"演示账号（密码均为 {DEMO_PASSWORD}）：")
        for login in LOGINS:
            where = " · ".join(part for part in (login.agency_short, login.department) if part)
            label = Role(login.role).label
            self.stdout.write(f"  {login.username:<12}{label}　{login.display_name}　{where}")
