"""`gongkai verify-published [--agency CODE]`: recompute the content hash of every published
item from what the portal serves and compare it with the hash stored at approval."""

from django.core.management.base import BaseCommand, CommandError

from gongkai.accounts.models import Agency
from gongkai.portal.verification import verify_published


class Command(BaseCommand):
    help = "核验已发布条目：按门户实际提供的内容重算 SHA-256 内容哈希，与审批发布时的哈希比对"

    def add_arguments(self, parser):
        parser.add_argument("--agency", metavar="CODE", help="只核验该机关（机关代码）")

    def handle(self, *args, agency=None, **options):
        scope = None
        if agency is not None:
            scope = Agency.objects.filter(code=agency).first()
            if scope is None:
                raise CommandError(f"没有代码为 {agency} 的机关")
        result = verify_published(agency=scope)
        for mismatch in result.mismatches:
            self.stdout.write(str(mismatch))
        items = len({m.index_number for m in result.mismatches})
        if items:
            self.stdout.write(
                f"已核验 {result.checked} 条已发布条目，{items} 条与发布时审批的内容不一致"
            )
            raise CommandError("核验未通过")
        self.stdout.write(f"已核验 {result.checked} 条已发布条目，全部与发布时审批的内容一致")
