"""The demo's self-check in progress: the housing bureau's items recorded as 不予公开 (one
already re-examined) and this year's applications grouped by similarity (Art. 44)."""

from __future__ import annotations

from datetime import date

from gongkai.accounts.models import Agency, Department, User
from gongkai.catalogue import services as catalogue
from gongkai.inspection.models import SelfCheck
from gongkai.inspection.selfcheck_services import selfcheck_start, withheld_decide

WITHHELD = [
    (
        "关于南湖小区危旧房屋鉴定情况的请示",
        "process",
        "鉴定结果尚在会商，现将有关情况请示如下。",
    ),
    (
        "2026年度建筑施工企业信用评价内部打分记录",
        "internal",
        "本记录为评价小组内部打分过程材料。",
    ),
    (
        "某房地产开发企业商品房预售资金监管账户明细",
        "third_party",
        "涉及企业商业秘密，公开可能损害其合法权益。",
    ),
]


def load_demo_selfcheck(today: date) -> int:
    if SelfCheck.objects.exists():
        return 0
    agency = Agency.objects.filter(short_name="住建局").first()
    office = User.objects.filter(username="gongkaiban").first()
    clerk = User.objects.filter(username="jingban").first()
    if agency is None or office is None or clerk is None:
        return 0
    department = Department.objects.filter(agency=agency, name="建筑市场监管科").first()
    for title, reason, body in WITHHELD:
        catalogue.item_create(
            agency=agency,
            department=department,
            actor=clerk,
            title=title,
            written_on=date(today.year, 3, 16),
            statutory_category="20-15",
            genre="other_document",
            body=body,
            attribute="withheld",
            withheld_reason=reason,
        )
    check = selfcheck_start(agency=agency, year=today.year, actor=office, on=today)
    first = check.reviews.order_by("pk").first()
    withheld_decide(
        review=first,
        actor=office,
        decision="keep",
        reason="鉴定工作尚未完成，属于过程性信息，继续不予公开；鉴定结论形成后主动公开。",
        on=today,
    )
    return 1
