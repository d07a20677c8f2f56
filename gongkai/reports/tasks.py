"""Reminders before the annual reports' statutory dates (Art. 49): January 31 for every
department, March 31 for the government's report (huey periodic job)."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.accounts.models import Agency, Role, User
from gongkai.reports.models import PUBLIC_STATUSES, AnnualReport
from gongkai.reports.services import deadline_for

REMIND_DAYS_BEFORE = (30, 14, 7, 3, 1)


def unpublished_agencies(year: int) -> list[Agency]:
    done = set(
        AnnualReport.objects.filter(
            year=year, status__in=PUBLIC_STATUSES, agency__isnull=False
        ).values_list("agency_id", flat=True)
    )
    return [a for a in Agency.objects.filter(is_active=True) if a.pk not in done]


def report_reminders(today) -> int:
    """Mail the offices that have not published last year's report, on set days before the
    deadline and every day after it. Returns the number of mails sent."""
    year = today.year - 1
    sent = 0
    agency_deadline = deadline_for(year, government=False)
    days_left = (agency_deadline - today).days
    if days_left in REMIND_DAYS_BEFORE or -60 <= days_left < 0:
        for agency in unpublished_agencies(year):
            emails = sorted(
                set(
                    User.objects.filter(
                        roles__role=Role.DISCLOSURE_OFFICE,
                        roles__agency=agency,
                        is_active=True,
                    )
                    .exclude(email="")
                    .values_list("email", flat=True)
                )
            )
            for email in emails:
                send_mail(
                    f"请于{agency_deadline.month}月{agency_deadline.day}日前发布{year}年度"
                    "政府信息公开工作年度报告",
                    f"{agency.name}的{year}年度报告尚未发布。"
                    + (
                        "已超过第四十九条规定的发布期限。"
                        if days_left < 0
                        else f"距期限还有 {days_left} 天。"
                    ),
                    None,
                    [email],
                )
                sent += 1
    government_deadline = deadline_for(year, government=True)
    left = (government_deadline - today).days
    government_done = AnnualReport.objects.filter(
        year=year, agency__isnull=True, status__in=PUBLIC_STATUSES
    ).exists()
    if not government_done and (left in REMIND_DAYS_BEFORE or -60 <= left < 0):
        for email in sorted(
            set(
                User.objects.filter(roles__role=Role.SUPERVISING_OFFICE, is_active=True)
                .exclude(email="")
                .values_list("email", flat=True)
            )
        ):
            send_mail(
                f"请于3月31日前发布本级政府{year}年度政府信息公开工作年度报告",
                f"本级政府{year}年度报告尚未发布；尚有 {len(unpublished_agencies(year))} "
                "个部门未发布本部门年度报告。",
                None,
                [email],
            )
            sent += 1
    return sent


@db_periodic_task(crontab(hour="9", minute="0", month="1-5"))
def reports_deadline_reminders():
    report_reminders(timezone.localdate())
