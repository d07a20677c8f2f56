"""The statutory holidays of 《全国年节及纪念日放假办法》 and the estimates (暂估) counted with
them while next year's official schedule is not loaded (issue 12 §4)."""

from datetime import date

import pytest
from chinese_calendar import constants

from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded
from gongkai.workdays.statutory import estimate_calendar, statutory_holidays

D = date.fromisoformat


@pytest.mark.parametrize(
    ("year", "rule", "expected"),
    [
        (
            2027,
            "2024 revision (in force 2025-01-01): 春节 4 days from 除夕, 劳动节 2 days",
            "2027-01-01 2027-02-05 2027-02-06 2027-02-07 2027-02-08 2027-04-05 2027-05-01 "
            "2027-05-02 2027-06-09 2027-09-15 2027-10-01 2027-10-02 2027-10-03",
        ),
        (
            2025,
            "2024 revision: 除夕 2025-01-28, 清明 04-04, 端午 05-31, 中秋 10-06",
            "2025-01-01 2025-01-28 2025-01-29 2025-01-30 2025-01-31 2025-04-04 2025-05-01 "
            "2025-05-02 2025-05-31 2025-10-01 2025-10-02 2025-10-03 2025-10-06",
        ),
        (
            2014,
            "2013 revision (in force 2014-01-01): 春节 初一 to 初三, 劳动节 1 day",
            "2014-01-01 2014-01-31 2014-02-01 2014-02-02 2014-04-05 2014-05-01 2014-06-02 "
            "2014-09-08 2014-10-01 2014-10-02 2014-10-03",
        ),
        (
            2013,
            "2007 revision (in force 2008-01-01): 春节 除夕 to 初二",
            "2013-01-01 2013-02-09 2013-02-10 2013-02-11 2013-04-04 2013-05-01 2013-06-12 "
            "2013-09-19 2013-10-01 2013-10-02 2013-10-03",
        ),
    ],
)
def test_statutory_holidays_by_revision(year, rule, expected):
    del rule
    assert sorted(statutory_holidays(year)) == [D(d) for d in expected.split()]


@pytest.mark.parametrize("year", range(2008, 2027))
def test_every_statutory_day_is_off_in_the_official_schedule(year):
    # The State Council's yearly schedules (chinesecalendar) move days around the statutory
    # holidays but never make one of them a working day.
    worked = [d for d in statutory_holidays(year) if d in constants.workdays]
    off = [d for d in statutory_holidays(year) if d in constants.holidays or d.weekday() >= 5]
    assert (worked, len(off)) == ([], len(statutory_holidays(year)))


@pytest.fixture(scope="module")
def loaded():
    return Calendar(range(2004, 2027), constants.holidays, constants.workdays)


def test_the_estimate_counts_the_next_year_with_its_statutory_holidays(loaded):
    # From Thu 2026-12-10, 40 working days: Dec 11–31 give 15; 元旦 is off; Jan 4–29 give 35;
    # Feb 1–4 give 39; 除夕 Feb 5 and 春节 Feb 6–8 are off; the 40th is Tue 2027-02-09.
    assert estimate_calendar(loaded).add(D("2026-12-10"), 40) == D("2027-02-09")


def test_the_estimate_changes_nothing_in_loaded_years(loaded):
    estimate = estimate_calendar(loaded)
    assert [estimate.add(D("2025-09-26"), 20), estimate.add(D("2026-01-30"), 20)] == [
        loaded.add(D("2025-09-26"), 20),
        loaded.add(D("2026-01-30"), 20),
    ]


def test_the_estimate_reaches_two_years_and_no_further(loaded):
    estimate = estimate_calendar(loaded)
    with pytest.raises(ScheduleNotLoaded) as refused:
        estimate.add(D("2028-12-20"), 20)
    assert refused.value.year == 2029


def test_a_refusal_is_in_chinese_only():
    assert str(ScheduleNotLoaded(2027)) == (
        "2027 年的法定节假日安排尚未载入，无法计算跨越该年的工作日期限；"
        "请管理员根据国务院办公厅通知录入 2027 年安排"
    )
