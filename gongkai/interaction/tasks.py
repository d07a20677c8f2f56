"""Reminders about messages (huey periodic job; docs/architecture.md): each agency's
disclosure office gets one mail a working morning listing its messages with 2, 1 or 0
working days left and those overdue."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.accounts.models import Role, User
from gongkai.interaction import states
from gongkai.interaction.models import Message
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar

REMIND_AT_DAYS_LEFT = (2, 1, 0)


def message_reminders(today) -> int:
    """Returns the number of mails sent (one per person)."""
    calendar = get_calendar()
    if not calendar.is_workday(today):
        return 0
    by_agency = defaultdict(list)
    messages = Message.objects.filter(
        status__in=states.OPEN, due_on__isnull=False, due_on__lte=today + timedelta(days=7)
    )
    for message in messages:
        try:
            left = calendar.between(today, message.due_on)
        except ScheduleNotLoaded:
            continue
        if message.due_on < today or left in REMIND_AT_DAYS_LEFT:
            by_agency[message.agency_id].append((message, left))
    sent = 0
    for agency_id, items in by_agency.items():
        recipients = sorted(
            set(
                User.objects.filter(
                    roles__role=Role.DISCLOSURE_OFFICE, roles__agency_id=agency_id, is_active=True
                )
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        lines = [
            f"{m.number} {m.title}：答复期限 {m.due_on.isoformat()}，"
            + (f"已超期 {-left} 个工作日" if m.due_on < today else f"剩余 {left} 个工作日")
            for m, left in sorted(items, key=lambda item: item[0].due_on)
        ]
        for email in recipients:
            send_mail(f"留言办理到期提醒（{len(lines)} 条）", "\n".join(lines), None, [email])
            sent += 1
    return sent


@db_periodic_task(crontab(hour="8", minute="40"))
def interaction_message_reminders():
    message_reminders(timezone.localdate())
