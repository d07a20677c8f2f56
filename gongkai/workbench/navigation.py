"""The workbench menu, by role. Entries name a URL and the roles that see them."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

from gongkai.accounts.models import Role

ALL_STAFF = tuple(Role.values)


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    roles: tuple[str, ...]


NAVIGATION = [
    NavEntry("我的待办", "workbench:todo", ALL_STAFF),
    NavEntry("主动公开", "catalogue:list", ALL_STAFF),
    NavEntry("审核发布", "catalogue:review", (Role.REVIEWER, Role.ADMIN)),
    NavEntry("依申请公开", "info_requests:queue", ALL_STAFF),
    NavEntry("留言办理", "interaction:queue", ALL_STAFF),
    NavEntry("咨询登记", "interaction:enquiries", ALL_STAFF),
    NavEntry("征求意见", "participation:staff_list", ALL_STAFF),
    NavEntry(
        "年度报告", "reports:list", (Role.DISCLOSURE_OFFICE, Role.SUPERVISING_OFFICE, Role.ADMIN)
    ),
    NavEntry("网站检查", "inspection:findings", ALL_STAFF),
    NavEntry("监督考核", "supervision:desk", (Role.SUPERVISING_OFFICE, Role.ADMIN)),
    NavEntry("组织机构", "accounts:organisation", ALL_STAFF),
    NavEntry("工作日历", "workdays:calendar", ALL_STAFF),
    NavEntry("检索统计", "search:query_log", (Role.SUPERVISING_OFFICE, Role.ADMIN)),
    NavEntry("审计日志", "audit:log", (Role.SUPERVISING_OFFICE, Role.ADMIN)),
    NavEntry("系统状态", "core:system", (Role.ADMIN,)),
    NavEntry("系统管理", "admin:index", (Role.ADMIN,)),
]


def menu_for(scope, current_path: str) -> list[dict]:
    """The entries a person sees; exactly one is current when the page belongs to a section:
    the one whose address is the longest prefix of the page's (so /workbench/catalogue/…
    is 主动公开, not also 我的待办 at /workbench/)."""
    entries = []
    for entry in NAVIGATION:
        if not scope.has_role(*entry.roles):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        entries.append({"label": entry.label, "url": url, "active": False})
    matching = [e for e in entries if e["url"] != "/" and current_path.startswith(e["url"])]
    if matching:
        max(matching, key=lambda e: len(e["url"]))["active"] = True
    return entries
