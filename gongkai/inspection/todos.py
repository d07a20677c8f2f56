"""我的待办 from the site inspection: each agency's open findings go to its staff — each
单项否决 on its own, in red; the other findings one line per rule with how many — and the
supervising office sees the vetoes across the government."""

from __future__ import annotations

from collections import Counter

from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.inspection.rules import RULES
from gongkai.inspection.selectors import open_findings

MAX_VETOES = 20


def inspection_todos(user, scope, today):
    from gongkai.workbench.todos import Todo

    url = reverse("inspection:findings")
    if scope.whole_government:
        if not scope.has_role(Role.SUPERVISING_OFFICE):
            return []
        agencies = None
    else:
        agencies = scope.agency_ids | scope.member_agency_ids
        if not agencies:
            return []
    todos = []
    for finding in open_findings(agency_ids=agencies, veto=True)[:MAX_VETOES]:
        owner = finding.agency.name if finding.agency_id else "门户网站"
        todos.append(
            Todo(
                title=f"【单项否决】网站检查：{finding.rule_label}",
                detail=f"{owner}：{finding.detail}（{finding.found_on:%Y-%m-%d}发现）",
                url=f"{url}?status=open&rule={finding.rule}"
                + (f"&agency={finding.agency_id}" if finding.agency_id else ""),
                urgency="red",
            )
        )
    if agencies is None:
        return todos
    counts = Counter(open_findings(agency_ids=agencies, veto=False).values_list("rule", flat=True))
    for rule, n in sorted(counts.items(), key=lambda pair: list(RULES).index(pair[0])):
        todos.append(
            Todo(
                title=f"网站检查：{RULES[rule].label}（{n}项）",
                detail="请整改；下一次检查确认已整改后自动关闭",
                url=f"{url}?status=open&rule={rule}",
            )
        )
    return todos
