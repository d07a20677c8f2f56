"""Periodic verification of the audit chain (huey; see docs/architecture.md)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.accounts.services import administrators_mail
from gongkai.audit.models import AuditVerification
from gongkai.audit.selectors import audit_verify
from gongkai.audit.services import AuditAnchorRefused, audit_anchor_write


def audit_verify_and_record() -> AuditVerification:
    """Verify the chain against its anchors and, when it holds, anchor today's head outside the
    database (so the next truncation of the tail is caught even if the head row is rewritten)."""
    report = audit_verify()
    problems = list(report.problems)
    if report.ok:
        try:
            audit_anchor_write(report=report)
        except AuditAnchorRefused as refused:
            problems = refused.problems
    result = AuditVerification.objects.create(
        ok=not problems,
        checked=report.checked,
        head_hash=report.head_hash,
        problems=problems,
    )
    if problems:
        administrators_mail(subject="审计日志校验未通过", body="\n".join(problems))
    return result


@db_periodic_task(crontab(hour="2", minute="30"))
def audit_verify_nightly():
    audit_verify_and_record()


def last_verification_failed() -> bool:
    latest = AuditVerification.objects.order_by("-at").first()
    return latest is not None and not latest.ok
