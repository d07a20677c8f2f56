"""Reminders before a reply is due (huey periodic job; docs/architecture.md), and ledger
imports uploaded in the workbench."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.accounts.models import Role, User
from gongkai.info_requests import states
from gongkai.info_requests.ledger_services import ledger_import_job_run
from gongkai.info_requests.models import InfoRequest
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar

REMIND_AT_DAYS_LEFT = (5, 2, 1, 0)


def due_reminders(today) -> int:
    """Mail each agency's disclosure office the cases with 5, 2, 1 or 0 working days left,
    and those overdue. Returns the number of mails sent (one per person)."""
    calendar = get_calendar()
    cases = InfoRequest.objects.filter(status__in=states.OPEN, due_on__isnull=False).select_related(
        "agency"
    )
    by_agency = defaultdict(list)
    for case in cases.filter(due_on__lte=today + timedelta(days=14)):
        try:
            left = calendar.between(today, case.due_on)
        except ScheduleNotLoaded:
            continue
        if case.due_on < today or left in REMIND_AT_DAYS_LEFT:
            by_agency[case.agency_id].append((case, left))
    sent = 0
    for agency_id, items in by_agency.items():
        recipients = sorted(
            set(
                User.objects.filter(
                    roles__role=Role.DISCLOSURE_OFFICE,
                    roles__agency_id=agency_id,
                    is_active=True,
                )
                .exclude(email="")
                .values_list("email", flat=True)
            )
        )
        lines = [
            f"{case.number} {case.applicant_name}：答复期限 {case.due_on.isoformat()}，"
            + (f"已超期 {-left} 个工作日" if case.due_on < today else f"剩余 {left} 个工作日")
            for case, left in sorted(items, key=lambda item: item[0].due_on)
        ]
        for email in recipients:
            send_mail(
                f"政府信息公开申请到期提醒（{len(lines)} 件）", "\n".join(lines), None, [email]
            )
            sent += 1
    return sent


@db_periodic_task(crontab(hour="8", minute="30"))
def info_requests_due_reminders():
    due_reminders(timezone.localdate())


@db_task()
def ledger_import_task(job_id: int) -> None:
    """A ledger uploaded in the workbench, imported in the background (core.ImportJob)."""
    ledger_import_job_run(job_id)


@db_task()
def disclosed_file_check_task(file_id: int) -> None:
    from gongkai.info_requests.disclosure_services import disclosed_file_check

    disclosed_file_check(file_id=file_id)


def uploads_orphan_sweep() -> int:
    """Identity proofs and provided files on disk that no case names (core.services.
    orphan_files_remove): what a killed process left behind."""
    from gongkai.core.services import orphan_files_remove
    from gongkai.info_requests.models import DisclosedFile

    proofs = set(InfoRequest.objects.exclude(id_proof="").values_list("id_proof", flat=True))
    provided = set(DisclosedFile.objects.values_list("file", flat=True))
    return orphan_files_remove(folder="id_proofs", referenced=proofs) + orphan_files_remove(
        folder="disclosed", referenced=provided
    )


@db_periodic_task(crontab(hour="3", minute="40"))
def uploads_orphan_sweep_nightly():
    uploads_orphan_sweep()
