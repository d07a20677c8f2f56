"""Periodic reminder to load next year's schedule (huey; see docs/architecture.md)."""

from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.accounts.selectors import administrator_emails
from gongkai.workdays.selectors import loaded_years
from gongkai.workdays.todos import REMIND_FROM_MONTH


def next_year_reminder(today) -> int:
    """Mail the administrators if next year's schedule is missing; returns mails sent."""
    if today.month < REMIND_FROM_MONTH or today.year + 1 in loaded_years():
        return 0
    recipients = administrator_emails()
    if not recipients:
        return 0
    send_mail(
        f"请录入 {today.year + 1} 年法定节假日安排",
        f"{today.year + 1} 年的节假日安排尚未载入公开系统。国务院办公厅通知发布后，请在"
        "“系统管理 → 年度节假日安排”中录入，或使用 gongkai workdays load 载入；"
        "在此之前，跨入该年的法定期限无法计算。",
        None,
        recipients,
    )
    return len(recipients)


@db_periodic_task(crontab(day_of_week="1", hour="8", minute="0"))
def workdays_next_year_reminder():
    next_year_reminder(timezone.localdate())
