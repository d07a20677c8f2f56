"""The 工作日历 page: the deadline calculator and the administrator's entry of a new year."""

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.models import AuditRecord
from gongkai.workdays.models import OfficialDay, YearSchedule


@pytest.fixture
def staff_client(client, department):
    user = UserFactory()
    role_grant(user=user, role=Role.CLERK, department=department)
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client, db):
    user = UserFactory(username="admin", display_name="王建国")
    role_grant(user=user, role=Role.ADMIN)
    client.force_login(user)
    return client


def calculate(client, start, n):
    return client.get(reverse("workdays:calendar"), {"start": start, "n": n}).content.decode()


def test_calculator_gives_the_deadline(staff_client):
    assert "（2025-10-30）" in calculate(staff_client, "2025-09-26", "20")


@pytest.mark.parametrize(
    ("start", "n", "message"),
    [
        ("2025-02-30", "20", "起算日“2025-02-30”不存在，请检查月份和日期"),
        ("26/09/2025", "20", "起算日应为存在的日期，格式为 YYYY-MM-DD，例如 2025-09-26"),
        ("2025-09-26", "-1", "工作日数不能为负数"),
        ("2026-12-20", "20", "2027 年的法定节假日安排尚未载入"),
    ],
)
def test_calculator_answers_bad_input_with_a_message(staff_client, start, n, message):
    assert message in calculate(staff_client, start, n)


def test_calculator_shows_an_estimate_beside_the_refusal(staff_client):
    page = calculate(staff_client, "2026-12-20", "20")
    assert "暂估：第 20 个工作日约为 <strong>2027年1月18日</strong>（2027-01-18）" in page


def test_calendar_page_marks_a_make_up_saturday(staff_client):
    page = staff_client.get(
        reverse("workdays:calendar"), {"year": "2026", "month": "2"}
    ).content.decode()
    assert (
        '<td class="day-makeup"><span class="day-number">14</span>'
        '<span class="day-name">春节</span><span class="day-label">调休上班</span></td>'
    ) in page


def test_calendar_previous_month_of_january_is_last_december(staff_client):
    page = staff_client.get(
        reverse("workdays:calendar"), {"year": "2026", "month": "1"}
    ).content.decode()
    assert '<a href="?year=2025&amp;month=12" rel="prev">← 上个月（2025年12月）</a>' in page


@pytest.mark.parametrize("month", ["13", "0", "x"])
def test_calendar_a_bad_month_shows_january_of_the_year(staff_client, month):
    page = staff_client.get(
        reverse("workdays:calendar"), {"year": "2025", "month": month}
    ).content.decode()
    assert '<h2 id="month-h">2025年1月</h2>' in page


def admin_year_form(year, notice, days):
    data = {
        "year": str(year),
        "notice": notice,
        "days-TOTAL_FORMS": str(len(days)),
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
    }
    for i, (day, kind, name) in enumerate(days):
        data |= {f"days-{i}-date": day, f"days-{i}-kind": kind, f"days-{i}-name": name}
    return data


def test_admin_enters_a_new_year_and_the_entry_is_audited(admin_client):
    response = admin_client.post(
        reverse("admin:workdays_yearschedule_add"),
        admin_year_form(
            2027,
            "测试用：2027年安排",
            [("2027-01-01", "holiday", "元旦"), ("2027-02-20", "makeup_workday", "春节")],
        ),
    )
    record = AuditRecord.objects.get(action="workdays.schedule_load")
    assert (
        response.status_code,
        OfficialDay.objects.filter(date__year=2027).count(),
        record.actor_label,
        len(record.after["days"]),
    ) == (302, 2, "王建国（admin）", 2)


def test_admin_entry_of_a_weekday_as_make_up_day_is_refused_and_saves_nothing(admin_client):
    response = admin_client.post(
        reverse("admin:workdays_yearschedule_add"),
        admin_year_form(2027, "测试用：2027年安排", [("2027-02-17", "makeup_workday", "春节")]),
    )
    assert (
        "调休上班日只能是星期六或星期日" in response.content.decode(),
        YearSchedule.objects.filter(year=2027).exists(),
    ) == (True, False)
