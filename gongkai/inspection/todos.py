"""我的待办 from the site inspection: each agency's open findings go to its disclosure office,
reviewers and clerks (a 单项否决 in red); the supervising office sees the vetoes across the
government."""

from __future__ import annotations

from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.inspection.selectors import open_findings

MAX_TODOS = 20


def inspection_todos(user, scope, today):
    from gongkai.workbench.todos import Todo

    if scope.whole_government:
        if not scope.has_role(Role.SUPERVISING_OFFICE):
            return []
        findings = open_findings(veto=True)
    else:
        agencies = scope.agency_ids | scope.member_agency_ids
        if not agencies:
            return []
        findings = open_findings(agency_ids=agencies)
    url = reverse("inspection:findings")
    todos = []
    for finding in findings[:MAX_TODOS]:
        owner = finding.agency.name if finding.agency_id else "门户网站"
        todos.append(
            Todo(
                title=f"{'【单项否决】' if finding.veto else ''}网站检查：{finding.rule_label}",
                detail=f"{owner}：{finding.detail}（{finding.found_on:%Y-%m-%d}发现）",
                url=f"{url}?status=open&rule={finding.rule}"
                + (f"&agency={finding.agency_id}" if finding.agency_id else ""),
                urgency="red" if finding.veto else "amber",
            )
        )
    return todos
