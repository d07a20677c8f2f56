"""我的待办 from comment calls: the comments awaiting moderation (one entry, leading to the
queue across calls), closed calls without their adoption summary."""

from __future__ import annotations

from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.participation import states
from gongkai.participation.selectors import calls_visible_to, moderation_queue, with_counts

MAX_TODOS = 30


def participation_todos(user, scope, today):
    if not scope.has_role(Role.DISCLOSURE_OFFICE, Role.ADMIN):
        return []
    from gongkai.workbench.todos import Todo

    todos = []
    pending = moderation_queue(user)
    count = pending.count()
    if count:
        oldest = pending.first()
        n_calls = pending.order_by().values("call").distinct().count()
        todos.append(
            Todo(
                title="征求意见待审核的意见",
                detail=f"{n_calls} 项征求意见共 {count} 条意见待审核，最早的于"
                f"{oldest.received_on:%Y-%m-%d}收到",
                url=reverse("participation:queue"),
                urgency="amber",
            )
        )
    calls = with_counts(calls_visible_to(user))
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
