"""我的待办 from messages: overdue ones and those with 2 working days or fewer left."""

from __future__ import annotations

from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.interaction import states
from gongkai.interaction.selectors import AMBER_DAYS, messages_visible_to, urgency
from gongkai.workdays.selectors import get_calendar

MAX_TODOS = 30


def message_todos(user, scope, today):
    if not scope.has_role(Role.DISCLOSURE_OFFICE, Role.CLERK, Role.REVIEWER):
        return []
    from gongkai.workbench.todos import Todo

    calendar = get_calendar()
    try:
        horizon = calendar.add(today, AMBER_DAYS)
    except Exception:  # noqa: BLE001 - an unloaded year must not break the workbench
        horizon = today
    messages = (
        messages_visible_to(user)
        .filter(status__in=states.OPEN, due_on__lte=horizon)
        .order_by("due_on")[:MAX_TODOS]
    )
    todos = []
    for message in messages:
        level = urgency(message, today, calendar)
        todos.append(
            Todo(
                title=f"留言 {message.number}：{message.title}",
                detail=f"{states.STATUS_LABELS[message.status]}，{level.label}",
                url=reverse("interaction:message", args=[message.pk]),
                urgency="red" if level.level == "overdue" else "amber",
                due_on=message.due_on,
            )
        )
    return todos
