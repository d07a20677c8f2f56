"""我的待办 from comment calls: comments awaiting moderation, closed calls without their
adoption summary."""

from __future__ import annotations

from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.participation import states
from gongkai.participation.selectors import calls_visible_to, with_counts

MAX_TODOS = 30


def participation_todos(user, scope, today):
    if not scope.has_role(Role.DISCLOSURE_OFFICE, Role.ADMIN):
        return []
    from gongkai.workbench.todos import Todo

    calls = with_counts(calls_visible_to(user))
    todos = []
    waiting = calls.filter(
        status__in=(states.OPEN, states.CLOSED, states.SUMMARISED), pending_count__gt=0
    ).order_by("closes_on", "pk")
    for call in waiting[:MAX_TODOS]:
        todos.append(
            Todo(
                title=f"征求意见“{call.title}”",
                detail=f"{call.pending_count} 条意见待审核",
                url=reverse("participation:moderation", args=[call.pk]),
                urgency="amber",
            )
        )
    for call in calls.filter(status=states.CLOSED).order_by("closes_on")[:MAX_TODOS]:
        todos.append(
            Todo(
                title=f"征求意见“{call.title}”",
                detail="已截止，尚未发布意见采纳情况反馈",
                url=reverse("participation:summary", args=[call.pk]),
                due_on=call.closes_on,
            )
        )
    return todos
