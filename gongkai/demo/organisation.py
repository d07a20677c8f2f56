"""The demo government (`gongkai demo`): a realistic district with its agencies, their
departments and one login per role. Idempotent: running it again changes nothing.

The other areas' demo data (applications, catalogue items, reports, messages) load after it,
from their own modules in this package.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gongkai.accounts.models import Agency, Department, Government, Role, User
from gongkai.accounts.orgcode import gb11714_check_char
from gongkai.accounts.services import (
    DEFAULT_GOVERNMENT_NAME,
    agency_create,
    department_create,
    government_get_or_create,
    role_grant,
    user_create,
)
from gongkai.demo.common import load

DEMO_GOVERNMENT = "示范区人民政府"
DEMO_PASSWORD = "Gongkai@2026"  # noqa: S105 - printed on purpose: demo logins only

_HOURS = "工作日上午8:30—12:00，下午14:30—17:30（法定节假日除外）"

# (first 8 characters of the organisation code, name, short name, kind, departments)
AGENCIES: list[tuple[str, str, str, str, list[str]]] = [
    (a["code8"], a["name"], a["short_name"], Agency.Kind(a["kind"]), a["departments"])
    for a in load("organisation/agencies.json")
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    display_name: str
    role: str
    agency_short: str | None = None
    department: str | None = None


LOGINS = [
    DemoLogin("admin", "王建国", Role.ADMIN),
    DemoLogin("zhuguan", "李秀英", Role.SUPERVISING_OFFICE),
    DemoLogin("gongkaiban", "陈志强", Role.DISCLOSURE_OFFICE, "住建局"),
    DemoLogin("shenhe", "刘芳", Role.REVIEWER, "住建局"),
    DemoLogin("jingban", "张伟", Role.CLERK, "住建局", "建筑市场监管科"),
    DemoLogin("chengguan", "赵敏", Role.CLERK, "城管局", "市容环境卫生科"),
]


def org_code(first8: str) -> str:
    return first8 + gb11714_check_char(first8)


@transaction.atomic
def load_demo_organisation() -> Government:
    government = government_get_or_create(name=DEMO_GOVERNMENT)
    if government.name == DEFAULT_GOVERNMENT_NAME:
        government.name = DEMO_GOVERNMENT
        government.save(update_fields=["name"])
    if not government.supervising_office_name:
        government.supervising_office_name = "示范区人民政府办公室"
        government.division_code = "441299"
        government.save(update_fields=["supervising_office_name", "division_code"])

    by_short: dict[str, Agency] = {}
    for index, (first8, name, short, kind, departments) in enumerate(AGENCIES, start=1):
        code = org_code(first8)
        agency = Agency.objects.filter(code=code).first() or agency_create(
            code=code,
            name=name,
            short_name=short,
            kind=kind,
            office_name=f"{name}{'政务公开科' if short == '区府办' else '办公室'}",
            office_address=f"示范区政务服务中心{index}号楼{100 + index}室",
            office_postcode="441299",
            office_hours=_HOURS,
            office_phone=f"0759-2{index:02d}3{index:02d}45",
            office_fax=f"0759-2{index:02d}3{index:02d}46",
            office_email=f"gk{index:02d}@shifanqu.gov.cn",
        )
        agency.sort_order = index
        agency.save(update_fields=["sort_order"])
        by_short[short] = agency
        for department in departments:
            if not Department.objects.filter(agency=agency, name=department).exists():
                department_create(agency=agency, name=department)

    for login in LOGINS:
        user = User.objects.filter(username=login.username).first() or user_create(
            username=login.username,
            password=DEMO_PASSWORD,
            display_name=login.display_name,
            email=f"{login.username}@shifanqu.gov.cn",
        )
        agency = by_short[login.agency_short] if login.agency_short else None
        department = (
            Department.objects.get(agency=agency, name=login.department)
            if login.department
            else None
        )
        role_grant(
            user=user, role=login.role, agency=None if department else agency, department=department
        )
    return government
