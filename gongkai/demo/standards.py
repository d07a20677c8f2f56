"""The demo's standard catalogue: 42 公开事项 of 20 areas of the 基层政务公开标准目录 (a subset of
the 26 areas), read from a CSV file with the same import a supervising office uses, and some
of the demo's published items linked to their 事项."""

from __future__ import annotations

from pathlib import Path

from gongkai.catalogue.models import Item
from gongkai.inspection.models import DisclosureMatter
from gongkai.inspection.standard_services import standards_import

DATA = Path(__file__).parent / "data" / "standards" / "standard_catalogue.csv"

# 二级事项 → words an item's title contains when it belongs to that 事项 (the demo's titles).
TITLE_WORDS = {
    "部门预算": "部门预算",
    "部门决算": "部门决算",
    "施工安全监管": "安全",
    "中标（成交）结果": "中标",
    "招生政策": "招生",
    "行政处罚决定": "处罚",
    "处罚决定": "处罚",
    "就业创业政策与补贴标准": "就业",
    "政策文件与补贴标准": "就业",
    "审批、核准、备案结果": "备案",
}
PER_MATTER = 12


def load_demo_standards() -> int:
    """Returns the number of 事项 created (0 when the catalogue already has some)."""
    if DisclosureMatter.objects.exists():
        return 0
    # The name a clerk would have given the file (the audit trail shows it).
    result = standards_import(
        data=DATA.read_bytes(), filename="基层政务公开标准目录.csv", actor=None
    )
    for matter in DisclosureMatter.objects.filter(agency__isnull=False):
        words = TITLE_WORDS.get(matter.level2)
        if not words:
            continue
        keys = list(
            Item.objects.filter(
                agency=matter.agency,
                status=Item.Status.PUBLISHED,
                disclosure_matter__isnull=True,
                title__contains=words,
            )
            .order_by("-published_on")
            .values_list("pk", flat=True)[:PER_MATTER]
        )
        Item.objects.filter(pk__in=keys).update(disclosure_matter=matter)
    return result.created
