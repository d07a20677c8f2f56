"""我的待办 from supervision: for an agency's disclosure office, the supervising office's
reminders (督办提醒) not yet acknowledged; for the supervising office, the overdue work of
every agency (applications overdue, messages unanswered over three months)."""

from __future__ import annotations

from django.urls import reverse

from gongkai.accounts.models import Role

MAX_TODOS = 30


def supervision_todos(user, scope, today):
    from gongkai.workbench.todos import Todo

    todos = []
    if scope.has_role(Role.DISCLOSURE_OFFICE) and scope.agency_ids:
        from gongkai.supervision.selectors import open_nudges

        for nudge in open_nudges(scope.agency_ids)[:MAX_TODOS]:
            todos.append(
                Todo(
                    title=f"督办提醒：{nudge.subject_label}",
                    detail=f"{nudge.get_kind_display()}，主管部门于{nudge.sent_on.isoformat()}督办"
                    + (f"：{nudge.note}" if nudge.note else ""),
                    url=reverse("supervision:nudge", args=[nudge.pk]),
                    urgency="red",
                )
            )
    if scope.has_role(Role.SUPERVISING_OFFICE):
        from gongkai.supervision.selectors import overdue_work

        for row in overdue_work(today)[:MAX_TODOS]:
            todos.append(
                Todo(
                    title=f"{row.agency}：{row.label} {row.number}",
                    detail=row.detail,
                    url=reverse("supervision:overdue"),
                    urgency="red",
                    # A message's date is when it came in (the detail says so), not a 期限.
                    due_on=row.due_on if row.kind != "message" else None,
                )
            )
    return todos
