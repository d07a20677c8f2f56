"""我的待办 from applications: cases overdue or due within 5 working days, and correction
notices that must go out (Art. 30: within 7 working days of receipt)."""

from __future__ import annotations

from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.info_requests import states
from gongkai.info_requests.selectors import AMBER_DAYS, requests_visible_to, urgency
from gongkai.workdays.selectors import get_calendar

MAX_TODOS = 30


def request_todos(user, scope, today):
    if not scope.has_role(Role.DISCLOSURE_OFFICE, Role.CLERK, Role.REVIEWER):
        return []
    from gongkai.workbench.todos import Todo

    calendar = get_calendar()
    try:
        horizon = calendar.add(today, AMBER_DAYS)
    except Exception:  # noqa: BLE001 - an unloaded year must not break the workbench
        horizon = today
    cases = (
        requests_visible_to(user)
        .filter(status__in=states.OPEN, due_on__lte=horizon)
        .order_by("due_on")[:MAX_TODOS]
    )
    todos = []
    for case in cases:
        level = urgency(case, today, calendar)
        todos.append(
            Todo(
                title=f"申请 {case.number}：{case.applicant_name}",
                detail=f"{states.STATUS_LABELS[case.status]}，{level.label}",
                url=reverse("info_requests:case", args=[case.pk]),
                urgency="red" if level.level in ("overdue", "red") else "amber",
                due_on=case.due_on,
            )
        )
    return todos
