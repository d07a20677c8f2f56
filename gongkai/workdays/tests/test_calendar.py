"""Working-day arithmetic over the real official schedules (docs/law.md §1).

Every expected date below was worked out by hand from the State Council General Office
notices for 2024, 2025 and 2026, not computed by the code under test.
"""

from datetime import date, timedelta

import pytest
from chinese_calendar import constants

from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded, add_naive

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return Calendar(range(2004, 2027), constants.holidays, constants.workdays)


# (start, n, expected, why)
ADD_CASES = [
    # docs/law.md §1 check figures
    ("2025-09-26", 20, "2025-10-30", "docs/law.md check: 国庆中秋 2025 inside the span"),
    ("2025-01-20", 20, "2025-02-21", "docs/law.md check: 春节 2025 inside the span"),
    ("2024-12-31", 7, "2025-01-10", "docs/law.md check: across the year and 元旦"),
    ("2026-02-06", 40, "2026-04-10", "docs/law.md check: 春节 2026 and two make-up Saturdays"),
    # 春节 2025: off 01-28..02-04; worked Sun 01-26 and Sat 02-08
    ("2025-01-24", 1, "2025-01-26", "make-up Sunday before 春节 2025 counts"),
    ("2025-01-26", 1, "2025-01-27", "from a make-up Sunday"),
    ("2025-01-27", 1, "2025-02-05", "eight days of 春节 2025 skipped"),
    ("2025-02-07", 1, "2025-02-08", "make-up Saturday after 春节 2025 counts"),
    # 国庆中秋 2025: off 10-01..10-08; worked Sun 09-28 and Sat 10-11
    ("2025-09-26", 1, "2025-09-28", "make-up Sunday before 国庆 2025"),
    ("2025-09-30", 1, "2025-10-09", "eight days of 国庆中秋 2025 skipped"),
    ("2025-10-10", 1, "2025-10-11", "make-up Saturday after 国庆 2025"),
    # 劳动节 2025: off 05-01..05-05; worked Sun 04-27
    ("2025-04-25", 1, "2025-04-27", "make-up Sunday before 劳动节 2025"),
    ("2025-04-30", 1, "2025-05-06", "five days of 劳动节 2025 skipped"),
    # 2024: 春节 off 02-10..02-17, worked Sun 02-04 and Sun 02-18; 除夕 02-09 was worked
    ("2024-02-08", 1, "2024-02-09", "除夕 was not a statutory day off before 2025"),
    ("2024-02-09", 1, "2024-02-18", "make-up Sunday after 春节 2024"),
    ("2024-02-02", 1, "2024-02-04", "make-up Sunday before 春节 2024"),
    # 国庆 2024: off 10-01..10-07; worked Sun 09-29 and Sat 10-12
    ("2024-09-27", 1, "2024-09-29", "make-up Sunday before 国庆 2024"),
    ("2024-09-30", 1, "2024-10-08", "seven days of 国庆 2024 skipped"),
    ("2024-10-11", 1, "2024-10-12", "make-up Saturday after 国庆 2024"),
    # 劳动节 2024: off 05-01..05-05; worked Sun 04-28 and Sat 05-11
    ("2024-04-26", 1, "2024-04-28", "make-up Sunday before 劳动节 2024"),
    ("2024-04-30", 1, "2024-05-06", "劳动节 2024 skipped"),
    ("2024-05-10", 1, "2024-05-11", "make-up Saturday after 劳动节 2024"),
    # 2026: 元旦 off 01-01..01-03, worked Sun 01-04; 春节 off 02-15..02-23, worked Sat 02-14
    # and Sat 02-28; 国庆 off 10-01..10-07, worked Sun 09-20 and Sat 10-10
    ("2025-12-31", 1, "2026-01-04", "make-up Sunday right after 元旦 2026"),
    ("2026-02-13", 1, "2026-02-14", "make-up Saturday before 春节 2026"),
    ("2026-02-14", 1, "2026-02-24", "nine days of 春节 2026 skipped"),
    ("2026-02-27", 1, "2026-02-28", "make-up Saturday after 春节 2026"),
    ("2026-09-18", 1, "2026-09-20", "make-up Sunday before 国庆 2026"),
    ("2026-09-30", 1, "2026-10-08", "国庆 2026 skipped"),
    ("2026-10-09", 1, "2026-10-10", "make-up Saturday after 国庆 2026"),
    # The start day is never counted, whatever it is (民法典 Art. 201 reading)
    ("2025-10-01", 1, "2025-10-09", "start on a statutory holiday"),
    ("2025-11-22", 1, "2025-11-24", "start on an ordinary Saturday"),
    ("2025-11-22", 5, "2025-11-28", "start on a Saturday, five days"),
    ("2025-09-28", 1, "2025-09-29", "start on a make-up working Sunday"),
    ("2025-11-24", 0, "2025-11-24", "zero working days is the start itself"),
    ("2025-10-03", 0, "2025-10-03", "zero working days, even from a holiday"),
    # Statutory periods of docs/law.md §2
    ("2025-12-22", 20, "2026-01-20", "reply period across 元旦 2026 and its make-up Sunday"),
    ("2026-02-10", 7, "2026-02-26", "correction notice period across 春节 2026"),
    ("2026-09-25", 15, "2026-10-22", "third-party period across 国庆 2026"),
    ("2003-12-31", 1, "2004-01-02", "Dec 31 of an unloaded year: every counted day is in 2004"),
]


@pytest.mark.parametrize(("start", "n", "expected", "why"), ADD_CASES)
def test_add(cal, start, n, expected, why):
    assert cal.add(D(start), n) == D(expected), why


@pytest.mark.parametrize(("start", "n", "expected", "why"), ADD_CASES)
def test_add_matches_day_by_day_count(cal, start, n, expected, why):
    assert add_naive(cal, D(start), n) == D(expected), why


# (start, end, expected working days after start up to and including end)
BETWEEN_CASES = [
    ("2025-09-26", "2025-10-30", 20),
    ("2025-09-30", "2025-10-08", 0),
    ("2025-10-10", "2025-10-11", 1),
    ("2025-10-08", "2025-10-08", 0),
    ("2025-10-30", "2025-09-26", -20),
    ("2024-12-31", "2025-01-10", 7),
    ("2026-02-06", "2026-04-10", 40),
    ("2025-01-01", "2025-12-31", 248),  # 元旦 itself is off; see the full-year test
]


@pytest.mark.parametrize(("start", "end", "expected"), BETWEEN_CASES)
def test_between(cal, start, end, expected):
    assert cal.between(D(start), D(end)) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-10-08", False),  # Wednesday inside 国庆中秋 2025
        ("2025-10-11", True),  # Saturday worked
        ("2025-10-12", False),  # ordinary Sunday
        ("2026-02-14", True),  # Saturday worked before 春节 2026
        ("2026-02-16", False),  # 除夕 2026, a statutory day off since 2025
        ("2024-02-09", True),  # 除夕 2024, worked
        ("2025-11-24", True),  # ordinary Monday
    ],
)
def test_is_workday(cal, day, expected):
    assert cal.is_workday(D(day)) is expected


def test_add_agrees_with_day_by_day_count_for_every_day_2024_to_2026(cal):
    day = D("2024-01-01")
    mismatches = []
    while day <= D("2026-10-31"):
        for n in (1, 7, 15, 20, 40):
            if day + timedelta(days=2 * n + 30) > D("2026-12-31"):
                continue
            if cal.add(day, n) != add_naive(cal, day, n):
                mismatches.append((day, n))
        day += timedelta(days=1)
    assert mismatches == []


def test_add_refuses_a_result_in_an_unloaded_year(cal):
    with pytest.raises(ScheduleNotLoaded) as raised:
        cal.add(D("2026-12-20"), 20)
    assert raised.value.year == 2027
    assert "2027 年的法定节假日安排尚未载入" in str(raised.value)


def test_add_refuses_a_start_in_an_unloaded_year(cal):
    with pytest.raises(ScheduleNotLoaded) as raised:
        cal.add(D("2003-06-02"), 5)
    assert raised.value.year == 2003


def test_add_refuses_to_cross_a_gap_between_loaded_years():
    cal = Calendar([2024, 2026], constants.holidays, constants.workdays)
    with pytest.raises(ScheduleNotLoaded) as raised:
        cal.add(D("2024-12-20"), 20)
    assert raised.value.year == 2025


def test_between_refuses_an_end_in_an_unloaded_year(cal):
    with pytest.raises(ScheduleNotLoaded) as raised:
        cal.between(D("2026-12-01"), D("2027-01-05"))
    assert raised.value.year == 2027


def test_is_workday_refuses_an_unloaded_year(cal):
    with pytest.raises(ScheduleNotLoaded):
        cal.is_workday(D("2027-01-04"))


def test_negative_count_is_refused(cal):
    with pytest.raises(ValueError, match="工作日数不能为负数：-1"):
        cal.add(D("2025-11-24"), -1)


def test_a_day_cannot_be_both_holiday_and_makeup_workday():
    with pytest.raises(ValueError, match="2025-10-11 不能既是法定节假日又是调休上班日"):
        Calendar([2025], [D("2025-10-11")], [D("2025-10-11")])


def test_full_year_2025_has_its_official_number_of_working_days(cal):
    # 2025 has 261 weekdays. Weekdays off by the notice: 元旦 1, 春节 6 (01-28..02-04),
    # 清明 1, 劳动节 3 (05-01, 05-02, 05-05), 端午 1 (06-02), 国庆中秋 6 (10-01..10-08) = 18.
    # Weekend days worked: 01-26, 02-08, 04-27, 09-28, 10-11 = 5. 261 - 18 + 5 = 248.
    workdays = sum(cal.is_workday(D("2025-01-01") + timedelta(days=i)) for i in range(365))
    assert workdays == 248
