"""Deadlines that reach a year whose schedule is not loaded (issue 12 §4): the case keeps no
legal due date, shows an estimate (暂估) beside the refusal, and gets the real date as soon as
the administrator loads the year."""

import json
from datetime import date

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.info_requests.selectors import requests_as_json, urgency
from gongkai.info_requests.services import request_extend
from gongkai.info_requests.todos import estimate_todos
from gongkai.workdays.schedule_file import parse_schedule
from gongkai.workdays.selectors import get_calendar
from gongkai.workdays.services import schedule_load

D = date.fromisoformat

# Test data shaped like a notice, not the official 2027 schedule: 元旦 Jan 1–4 off, so the
# real date differs from the estimate by one working day.
SCHEDULE_2027 = {
    "year": 2027,
    "notice": "测试用：2027年部分节假日安排",
    "holidays": [{"name": "元旦", "start": "2027-01-01", "end": "2027-01-04"}],
    "makeup_workdays": [],
}


@pytest.fixture
def extended_case(register, office):
    # Received Tue 2026-12-01: 20 working days end on 2026-12-29; the extension to 40 reaches
    # 2027: Dec 30–31 give 22, 元旦 is off, Jan 4–8 give 27, Jan 11–22 give 37, and the 40th is
    # Wed 2027-01-27 counted with the statutory holidays only.
    case = register(received="2026-12-01")
    request_extend(
        request=case, actor=office, approved_by="李主任", reason="信息量大", on=D("2026-12-02")
    )
    case.refresh_from_db()
    return case


def test_an_extended_case_into_an_unloaded_year_has_only_an_estimate(extended_case):
    assert (extended_case.due_on, extended_case.due_on_estimate) == (None, D("2027-01-27"))


def test_the_case_page_shows_the_refusal_and_the_estimate(client, office, extended_case):
    client.force_login(office)
    page = client.get(reverse("info_requests:case", args=[extended_case.pk])).content.decode()
    assert ["2027-01-27（暂估）" in page, "2027 年的法定节假日安排尚未载入" in page] == [True, True]


# Days left by the estimate calendar, counted by hand: from Dec 21, Dec 22–31 give 8, Jan 4–22
# give 23, Jan 25–27 give 26; from Jan 22, three; on Feb 1, Jan 28, 29 and Feb 1 are past.
@pytest.mark.parametrize(
    ("today", "level", "label"),
    [
        ("2026-12-21", "normal", "暂估剩余 26 个工作日"),
        ("2027-01-22", "amber", "暂估剩余 3 个工作日"),
        ("2027-02-01", "overdue", "暂估已超期 3 个工作日"),
    ],
)
def test_the_queue_colours_an_estimate_like_a_date_and_says_it_is_one(
    extended_case, today, level, label
):
    found = urgency(extended_case, D(today), get_calendar())
    assert (found.level, found.label) == (level, label)


def test_requests_list_names_the_estimate_and_keeps_due_on_empty(agency, extended_case):
    row = json.loads(json.dumps(requests_as_json(agency)))[0]
    assert (row["due_on"], row["due_on_estimate"]) == (None, "2027-01-27")


def test_loading_the_year_replaces_the_estimate_by_the_real_date(
    extended_case, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        schedule_load(parsed=parse_schedule(json.dumps(SCHEDULE_2027, ensure_ascii=False)))
    extended_case.refresh_from_db()
    # With Jan 4 off as well, the 40th working day moves to Thu 2027-01-28.
    assert (extended_case.due_on, extended_case.due_on_estimate) == (D("2027-01-28"), None)


def test_the_administrator_is_told_how_many_deadlines_are_estimates(extended_case):
    admin = UserFactory(username="admin")
    role_grant(user=admin, role=Role.ADMIN)
    todos = estimate_todos(admin, scope_for(admin), D("2026-12-21"))
    assert [(t.title, t.urgency) for t in todos] == [
        ("录入 2027 年节假日安排：1 件申请的答复期限为暂估", "red")
    ]
