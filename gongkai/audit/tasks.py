"""Periodic verification of the audit chain (huey; see docs/architecture.md)."""

from django.core.mail import mail_admins
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.audit.models import AuditVerification
from gongkai.audit.selectors import audit_verify


def audit_verify_and_record() -> AuditVerification:
    report = audit_verify()
    result = AuditVerification.objects.create(
        ok=report.ok,
        checked=report.checked,
        head_hash=report.head_hash,
        problems=report.problems,
    )
    if not report.ok:
        mail_admins(
            "审计日志校验未通过",
            "\n".join(report.problems),
        )
    return result


@db_periodic_task(crontab(hour="2", minute="30"))
def audit_verify_nightly():
    audit_verify_and_record()


def last_verification_failed() -> bool:
    latest = AuditVerification.objects.order_by("-at").first()
    return latest is not None and not latest.ok
