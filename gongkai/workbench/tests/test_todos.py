"""我的待办 and the periodic jobs behind it."""

from datetime import date

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.models import AuditRecord
from gongkai.audit.tasks import audit_verify_and_record
from gongkai.workbench.todos import todos_for
from gongkai.workdays.models import YearSchedule
from gongkai.workdays.tasks import next_year_reminder


@pytest.fixture
def admin_user(db):
    user = UserFactory(username="admin", email="admin@shifanqu.gov.cn")
    role_grant(user=user, role=Role.ADMIN)
    return user


def titles(user, today):
    return [(t.title, t.urgency) for t in todos_for(user, today)]


def test_admin_is_asked_in_november_to_load_next_years_schedule(admin_user):
    assert titles(admin_user, date(2026, 11, 22)) == [("录入 2027 年节假日安排", "amber")]


def test_the_request_turns_red_from_mid_december(admin_user):
    assert titles(admin_user, date(2026, 12, 15)) == [("录入 2027 年节假日安排", "red")]


def test_nothing_to_load_before_november(admin_user):
    assert titles(admin_user, date(2026, 10, 31)) == []


def test_a_missing_current_year_is_red(admin_user):
    YearSchedule.objects.filter(year=2026).delete()
    assert titles(admin_user, date(2026, 3, 2)) == [("录入 2026 年节假日安排", "red")]


def test_a_clerk_gets_no_calendar_todo(department):
    clerk = UserFactory()
    role_grant(user=clerk, role=Role.CLERK, department=department)
    assert titles(clerk, date(2026, 11, 22)) == []


def test_todo_page_shows_the_todo(client, admin_user):
    client.force_login(admin_user)
    assert "录入 2027 年节假日安排" in client.get(reverse("workbench:todo")).content.decode()


def test_reminder_mails_the_administrators_in_november(admin_user):
    sent = next_year_reminder(date(2026, 11, 23))
    assert (sent, mail.outbox[0].subject, mail.outbox[0].to) == (
        1,
        "请录入 2027 年法定节假日安排",
        ["admin@shifanqu.gov.cn"],
    )


def test_no_reminder_before_november(admin_user):
    assert (next_year_reminder(date(2026, 10, 26)), len(mail.outbox)) == (0, 0)


def test_nightly_verification_records_success(admin_user):
    result = audit_verify_and_record()
    assert (result.ok, result.checked, len(mail.outbox)) == (True, AuditRecord.objects.count(), 0)


def test_nightly_verification_mails_admins_and_raises_a_red_todo_on_tampering(admin_user, settings):
    settings.ADMINS = [("王建国", "admin@shifanqu.gov.cn")]
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET action = 'x' WHERE seq = 1")
    result = audit_verify_and_record()
    assert (
        result.ok,
        mail.outbox[0].subject.endswith("审计日志校验未通过"),
        titles(admin_user, date(2026, 11, 22))[0],
    ) == (False, True, ("审计日志校验未通过", "red"))


def test_a_tampered_chain_is_mailed_to_the_administrator_role_without_settings_admins(
    admin_user, settings
):
    settings.ADMINS = []
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditrecord SET action = 'x' WHERE seq = 1")
    audit_verify_and_record()
    assert [(m.subject, m.to) for m in mail.outbox] == [
        ("审计日志校验未通过", ["admin@shifanqu.gov.cn"])
    ]
