"""The reply clock, case by case (docs/law.md §2; 条例 Art. 30, 32–34; 2007 条例 Art. 24).

Expected dates are counted by hand on the official schedules: 国庆中秋 2025 is 10-01..10-08
off with Sun 09-28 and Sat 10-11 worked; 2019: 清明 04-05 off, 劳动节 05-01..05-04 off with
Sun 04-28 and Sun 05-05 worked.
"""

from datetime import date

import pytest
from chinese_calendar import constants

from gongkai.info_requests.clock import (
    ClockFacts,
    ConsultationSpan,
    FeeSpan,
    compute_clock,
    consultation_due,
    correction_notice_due,
    fee_payment_due,
)
from gongkai.workdays.calendar import Calendar
from gongkai.workdays.statutory import estimate_calendar

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return Calendar(range(2004, 2027), constants.holidays, constants.workdays)


def third(sent, answered=None):
    return ConsultationSpan("third_party", D(sent), D(answered) if answered else None)


def agency(sent, answered=None):
    return ConsultationSpan("other_agency", D(sent), D(answered) if answered else None)


CASES = [
    ("Art. 33: 20 working days across 国庆中秋 2025", ClockFacts(D("2025-09-26")), "2025-10-30"),
    (
        "Art. 33: extension adds 20 working days",
        ClockFacts(D("2025-09-26"), extended=True),
        "2025-11-27",
    ),
    (
        "Art. 30: the clock restarts on receipt of the completed application",
        ClockFacts(D("2025-09-01"), correction_completed_on=D("2025-09-26")),
        "2025-10-30",
    ),
    (
        "Art. 32: third-party time answered in 4 working days is not counted",
        ClockFacts(D("2025-09-26"), consultations=(third("2025-10-09", "2025-10-14"),)),
        "2025-11-05",
    ),
    (
        "Art. 32: a late answer counts only up to the 15-day limit (10-29)",
        ClockFacts(D("2025-09-26"), consultations=(third("2025-10-09", "2025-11-20"),)),
        "2025-11-20",
    ),
    (
        "Art. 34: other-agency time is not counted either",
        ClockFacts(D("2025-09-26"), consultations=(agency("2025-10-09", "2025-10-14"),)),
        "2025-11-05",
    ),
    (
        "Overlapping consultations exclude each day once: (10-09, 10-16] = 6 days",
        ClockFacts(
            D("2025-09-26"),
            consultations=(third("2025-10-09", "2025-10-14"), agency("2025-10-13", "2025-10-16")),
        ),
        "2025-11-07",
    ),
    (
        "Fee notice to payment is not counted: (10-09, 10-20] = 8 working days",
        ClockFacts(D("2025-09-26"), fees=(FeeSpan(D("2025-10-09"), D("2025-10-20")),)),
        "2025-11-11",
    ),
    (
        "Correction, consultation and extension together: 20 + 20 + 4 from 09-26",
        ClockFacts(
            D("2025-09-01"),
            correction_completed_on=D("2025-09-26"),
            consultations=(third("2025-10-09", "2025-10-14"),),
            extended=True,
        ),
        "2025-12-03",
    ),
    (
        "Consultation sent before the correction restart is ignored",
        ClockFacts(
            D("2025-09-01"),
            correction_completed_on=D("2025-09-26"),
            consultations=(third("2025-09-02", "2025-09-10"),),
        ),
        "2025-10-30",
    ),
    (
        "2007 regulation: 15 working days across 清明 2019",
        ClockFacts(D("2019-04-01")),
        "2019-04-23",
    ),
    (
        "2007 regulation: extension of 15 across 劳动节 2019 and its make-up Sundays",
        ClockFacts(D("2019-04-01"), extended=True),
        "2019-05-15",
    ),
    (
        "2007 regulation: third-party time (04-03, 04-04) not counted",
        ClockFacts(D("2019-04-01"), consultations=(third("2019-04-02", "2019-04-04"),)),
        "2019-04-25",
    ),
    (
        "2007 regulation: other-agency time is counted",
        ClockFacts(D("2019-04-01"), consultations=(agency("2019-04-02", "2019-04-10"),)),
        "2019-04-23",
    ),
    (
        "2007 regulation: fee time is counted",
        ClockFacts(D("2019-04-01"), fees=(FeeSpan(D("2019-04-02"), D("2019-04-10")),)),
        "2019-04-23",
    ),
    ("Last day of the 2007 regulation: 15 days", ClockFacts(D("2019-05-14")), "2019-06-04"),
    ("First day of the 2019 regulation: 20 days", ClockFacts(D("2019-05-15")), "2019-06-13"),
]


@pytest.mark.parametrize(("case", "facts", "due"), CASES, ids=[c[0] for c in CASES])
def test_due_on(cal, case, facts, due):
    assert compute_clock(facts, cal).due_on == D(due), case


def test_awaiting_correction_has_no_due_date(cal):
    clock = compute_clock(ClockFacts(D("2025-09-26"), awaiting_correction=True), cal)
    assert (clock.due_on, clock.stopped) == (None, "awaiting_correction")


def test_unpaid_fee_stops_the_clock(cal):
    clock = compute_clock(ClockFacts(D("2025-09-26"), fees=(FeeSpan(D("2025-10-09")),)), cal)
    assert (clock.due_on, clock.stopped) == (None, "fee_pending")


def test_lapsed_fee_does_not_stop_the_clock(cal):
    facts = ClockFacts(D("2025-09-26"), fees=(FeeSpan(D("2025-10-09"), lapsed=True),))
    assert compute_clock(facts, cal).due_on == D("2025-10-30")


def test_open_consultation_counts_to_its_limit_and_is_provisional(cal):
    clock = compute_clock(ClockFacts(D("2025-09-26"), consultations=(third("2025-10-09"),)), cal)
    assert (clock.due_on, clock.excluded_days, clock.provisional) == (D("2025-11-20"), 15, True)


def test_a_due_date_in_an_unloaded_year_is_refused_not_guessed(cal):
    clock = compute_clock(ClockFacts(D("2026-12-10")), cal)
    assert (clock.due_on, clock.error.startswith("2027 年的法定节假日安排尚未载入")) == (None, True)


def test_beside_the_refusal_an_estimate_from_the_statutory_holidays(cal):
    # Issue 12 §4: the refusal stays; the estimate counts 2027 with its statutory holidays
    # only (workdays/tests/test_statutory.py: 40 working days from 2026-12-10 → 2027-02-09).
    clock = compute_clock(ClockFacts(D("2026-12-10"), extended=True), cal, estimate_calendar(cal))
    assert (clock.due_on, clock.estimated_due_on, clock.error is not None) == (
        None,
        D("2027-02-09"),
        True,
    )


def test_no_estimate_when_the_date_is_computable(cal):
    clock = compute_clock(ClockFacts(D("2025-09-26")), cal, estimate_calendar(cal))
    assert (clock.due_on, clock.estimated_due_on, clock.error) == (D("2025-10-30"), None, None)


def test_regimes_name_their_periods(cal):
    old = compute_clock(ClockFacts(D("2019-05-14"), extended=True), cal)
    new = compute_clock(ClockFacts(D("2019-05-15"), extended=True), cal)
    assert ((old.regime, old.total_days), (new.regime, new.total_days)) == (
        ("2007", 30),
        ("2019", 40),
    )


@pytest.mark.parametrize(
    ("rule", "start", "expected"),
    [
        (correction_notice_due, "2025-09-26", "2025-10-13"),  # Art. 30: 7, across 国庆
        (correction_notice_due, "2024-12-31", "2025-01-10"),  # docs/law.md check figure
        (consultation_due, "2025-10-09", "2025-10-29"),  # Art. 32: 15 working days
        (fee_payment_due, "2025-10-09", "2025-11-05"),  # 109号: 20 working days
    ],
)
def test_other_periods(cal, rule, start, expected):
    assert rule(D(start), cal) == D(expected)
