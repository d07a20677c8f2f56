"""我的待办 from applications: cases overdue or due within 5 working days, and correction
notices that must go out (Art. 30: within 7 working days of receipt)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.info_requests import states
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.selectors import AMBER_DAYS, requests_visible_to, urgency
from gongkai.workdays.selectors import estimate_for, get_calendar

MAX_TODOS = 30


def request_todos(user, scope, today):
    if not scope.has_role(Role.DISCLOSURE_OFFICE, Role.CLERK, Role.REVIEWER):
        return []
    from gongkai.workbench.todos import Todo

    calendar = get_calendar()
    try:
        # Counted with the estimate calendar: in late December the horizon reaches into a
        # year not loaded yet, and the cases due then must still show.
        horizon = estimate_for(calendar).add(today, AMBER_DAYS)
    except Exception:  # noqa: BLE001 - an unloaded year must not break the workbench
        horizon = today
    cases = (
        requests_visible_to(user)
        .filter(status__in=states.OPEN)
        .filter(Q(due_on__lte=horizon) | Q(due_on__isnull=True, due_on_estimate__lte=horizon))
        .order_by("due_on", "due_on_estimate")[:MAX_TODOS]
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
                due_on=case.due_on or case.due_on_estimate,
            )
        )
    return todos


def estimate_todos(user, scope, today):
    """The administrator is told how many deadlines wait for next year's schedule (issue 12
    §4): until it is loaded they are estimates (暂估), and loading it replaces them."""
    del user, today
    if not scope.has_role(Role.ADMIN):
        return []
    from gongkai.workbench.todos import Todo

    waiting = InfoRequest.objects.filter(status__in=states.OPEN, due_on_estimate__isnull=False)
    count = waiting.count()
    if not count:
        return []
    first = waiting.order_by("due_on_estimate").values_list("due_on_estimate", flat=True)[0]
    year = max(get_calendar().years, default=first.year - 1) + 1
    return [
        Todo(
            title=f"录入 {year} 年节假日安排：{count} 件申请的答复期限为暂估",
            detail="暂估期限只按法定节假日计算；录入该年安排后，系统自动改为正式期限",
            url=reverse("admin:workdays_yearschedule_add"),
            urgency="red",
            due_on=first,
        )
    ]
