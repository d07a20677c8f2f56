"""Demo supervision (idempotent): two circulars of this year — one published on the portal,
one internal — and reminders (督办提醒) about an overdue application, a message unanswered
over three months and a late item."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gongkai.accounts.models import Role, User


def _month_end(day: date) -> date:
    return (day.replace(day=1) + timedelta(days=32)).replace(day=1) - timedelta(days=1)


def load_demo_supervision(today: date | None = None) -> int:
    """Returns how many records it added (0 when the demo is already there)."""
    from gongkai.supervision import services
    from gongkai.supervision.models import Circular
    from gongkai.supervision.selectors import nudge_subject, overdue_work, trace

    today = today or timezone.localdate()
    supervisor = User.objects.filter(roles__role=Role.SUPERVISING_OFFICE).order_by("pk").first()
    if supervisor is None or Circular.objects.exists():
        return 0
    added = 0
    # The first half of the year, published; the months since, internal.
    first_end = _month_end(date(today.year, 6, 1))
    second_end = _month_end(today.replace(day=1) - timedelta(days=1))
    periods = [(date(today.year, 1, 1), first_end, True)]
    if second_end > first_end + timedelta(days=27):
        periods.append((first_end + timedelta(days=1), second_end, False))
    for start, end, publish in periods:
        if end >= today:
            continue
        circular = services.circular_draft(actor=supervisor, start=start, end=end)
        issued_on = min(today, end + timedelta(days=10))
        services.circular_issue(
            actor=supervisor, circular=circular, issued_on=issued_on, publish=publish
        )
        added += 1
    work = overdue_work(today)
    late = trace("catalogue.late", date(today.year, 1, 1), today)
    chosen = [
        *[(row.kind, row.pk) for row in work if row.kind == "request"][:1],
        *[(row.kind, row.pk) for row in work if row.kind == "message"][:1],
        *[("item", row.pk) for row in late][-1:],
    ]
    for kind, pk in chosen:
        subject = nudge_subject(kind, pk)
        if subject is None:
            continue
        services.nudge_send(
            actor=supervisor,
            agency=subject[0],
            kind=kind,
            subject_id=pk,
            subject_label=subject[1],
            note="请于3个工作日内办结，并将办理情况报政务公开办。",
        )
        added += 1
    return added
