"""The indicator rules (docs/law.md §7, §8) against hand-computed figures.

Working days come from the State Council schedules: 国庆中秋 2025 off 10-01..10-08 (worked
Sun 09-28, Sat 10-11); 春节 2025 off 01-28..02-04 (worked Sun 01-26, Sat 02-08). The check
figures of docs/law.md §1: 2025-09-26 + 20 = 2025-10-30, 2025-01-20 + 20 = 2025-02-21.
"""

from datetime import date
from decimal import Decimal

import pytest
from chinese_calendar import constants

from gongkai.supervision import indicators as ind
from gongkai.workdays.calendar import Calendar

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return Calendar(range(2004, 2027), constants.holidays, constants.workdays)


# (written_on, published_on, working days, late?, why) — Art. 26: late = more than 20
ITEM_CASES = [
    ("2025-09-26", "2025-10-30", 20, False, "国庆 2025 inside: the 20th working day is on time"),
    ("2025-09-26", "2025-10-31", 21, True, "国庆 2025 inside: one day more is late"),
    ("2025-09-30", "2025-10-09", 1, False, "eight days of 国庆中秋 2025 count as none"),
    ("2025-01-20", "2025-02-21", 20, False, "春节 2025 inside: the 20th working day"),
    ("2025-01-20", "2025-02-24", 21, True, "春节 2025 inside, over a weekend: late"),
    ("2025-01-24", "2025-01-26", 1, False, "the make-up Sunday before 春节 2025 counts"),
    ("2025-03-03", "2025-03-03", 0, False, "published the day it was written"),
]


@pytest.mark.parametrize(("written", "published", "days", "late", "why"), ITEM_CASES)
def test_item_timeliness_counts_working_days_after_writing(
    cal, written, published, days, late, why
):
    workdays = ind.item_workdays(D(written), D(published), cal)
    assert (workdays, ind.is_late(workdays)) == (days, late), why


def test_item_in_a_year_without_schedule_is_not_measured(cal):
    assert ind.item_workdays(D("2027-01-04"), D("2027-01-08"), cal) is None


# (working days summed, cases, average) — one decimal, half up, with Decimal (a float
# would give 6.35 → 6.3)
AVERAGE_CASES = [
    (25, 4, "6.3"),  # 6.25
    (127, 20, "6.4"),  # 6.35
    (1, 20, "0.1"),  # 0.05
    (2, 3, "0.7"),  # 0.666…
    (1, 3, "0.3"),  # 0.333…
    (6, 1, "6.0"),
    (0, 0, None),  # nothing measured: null, never 0
]


@pytest.mark.parametrize(("days", "cases", "expected"), AVERAGE_CASES)
def test_average_is_one_decimal_half_up(days, cases, expected):
    assert ind.average(days, cases) == expected


def test_half_up_rounds_the_decimal_not_a_float():
    assert (ind.half_up(Decimal("6.25")), ind.half_up(Decimal("6.35"))) == ("6.3", "6.4")


# -- applications (Art. 33; docs/law.md §7) ---------------------------------------------------

PERIOD = (D("2025-10-01"), D("2025-10-31"))


def A(received, replied=None, outcome="", due=None):
    return ind.ApplicationFact(
        D(received), D(replied) if replied else None, outcome, D(due) if due else None
    )


# (case, received, replied, on time, denominator, overdue open, why)
APPLICATION_CASES = [
    (A("2025-09-26", "2025-10-30", "granted", "2025-10-30"), 0, 1, 1, 1, 0, "on the due day"),
    (A("2025-09-26", "2025-10-31", "granted", "2025-10-30"), 0, 1, 0, 1, 0, "a day late"),
    (
        A("2025-10-09", "2025-10-20", "other_1", None),
        1,
        1,
        0,
        0,
        0,
        "correction never made: clock stopped, outside numerator and denominator",
    ),
    (
        A("2025-10-09", "2025-10-28", "other_2", "2025-11-06"),
        1,
        1,
        0,
        0,
        0,
        "fee never paid (other_2): outside both, whatever due date is stored",
    ),
    (A("2025-09-01", None, "", "2025-09-29"), 0, 0, 0, 0, 1, "open, due before `to`: overdue"),
    (A("2025-10-09", None, "", "2025-10-31"), 1, 0, 0, 0, 0, "due on `to` itself: not yet"),
    (
        A("2025-09-01", "2025-11-05", "granted", "2025-10-20"),
        0,
        0,
        0,
        0,
        1,
        "replied after `to`: open at `to` and overdue then",
    ),
    (A("2025-09-01", None, "", None), 0, 0, 0, 0, 0, "clock stopped (no due date): not overdue"),
    (A("2025-11-03", None, "", "2025-12-01"), 0, 0, 0, 0, 0, "received after `to`"),
]


@pytest.mark.parametrize(
    ("fact", "received", "replied", "on_time", "denominator", "overdue", "why"),
    APPLICATION_CASES,
)
def test_application_figures_one_case(
    cal, fact, received, replied, on_time, denominator, overdue, why
):
    f = ind.application_figures([fact], *PERIOD, cal)
    assert (f.received, f.replied, f.on_time, f.on_time_denominator, f.overdue_open) == (
        received,
        replied,
        on_time,
        denominator,
        overdue,
    ), why


def test_application_average_is_elapsed_working_days_over_replied_cases(cal):
    facts = [
        A("2025-09-26", "2025-10-30", "granted", "2025-10-30"),  # 20
        A("2025-09-30", "2025-10-09", "granted", "2025-10-28"),  # 1 (国庆 in between)
        A("2025-10-09", "2025-10-20", "other_1", None),  # 8, below
    ]
    f = ind.application_figures(facts, *PERIOD, cal)
    # (20 + 1 + 8) / 3 = 9.666… → 9.7; 10-09 → 10-20 is 10-10, 10-11, 10-13..10-17, 10-20 = 8
    assert (f.replied, f.measured, f.days, f.average_workdays) == (3, 3, 29, "9.7")


def test_appeal_correction_rate_counts_decided_appeals_only():
    f = ind.appeal_figures(["corrected", "upheld", "pending", "other", "corrected"])
    assert (f.filed, f.decided, f.corrected, f.correction_rate) == (5, 4, 2, "50.0")


# -- messages (docs/law.md §8) ------------------------------------------------------------

CUTOFF_CASES = [
    ("2026-05-31", "2026-02-28", "docs/law.md §8: February is shorter"),
    ("2024-05-31", "2024-02-29", "leap year"),
    ("2026-03-31", "2025-12-31", "across the year"),
    ("2026-06-15", "2026-03-15", "same calendar day"),
]


@pytest.mark.parametrize(("at", "cutoff", "why"), CUTOFF_CASES)
def test_unanswered_cutoff_is_same_day_three_months_before(at, cutoff, why):
    assert ind.unanswered_cutoff(D(at)) == D(cutoff), why


def M(received, valid=True, replied=None, due=None):
    return ind.MessageFact(
        D(received), valid, D(replied) if replied else None, D(due) if due else None
    )


MESSAGE_PERIOD = (D("2026-05-01"), D("2026-05-31"))

# (message, received, valid, replied, on time, unanswered over 3 months at 05-31, why)
MESSAGE_CASES = [
    (M("2026-02-27"), 0, 0, 0, 0, 1, "received before 02-28, unanswered at 05-31"),
    (M("2026-02-28"), 0, 0, 0, 0, 0, "received on the cut-off day: not yet over"),
    (M("2026-01-05", valid=False), 0, 0, 0, 0, 0, "invalid: never in the veto"),
    (
        M("2026-01-05", replied="2026-06-01"),
        0,
        0,
        0,
        0,
        1,
        "replied after `to`: unanswered at `to`",
    ),
    (M("2026-05-06", valid=False), 1, 0, 0, 0, 0, "invalid: in received, not in valid"),
    (M("2026-05-06", replied="2026-05-20", due="2026-05-20"), 1, 1, 1, 1, 0, "on the due day"),
    (M("2026-04-20", replied="2026-05-21", due="2026-05-08"), 0, 0, 1, 0, 0, "late reply"),
]


@pytest.mark.parametrize(
    ("fact", "received", "valid", "replied", "on_time", "unanswered", "why"), MESSAGE_CASES
)
def test_message_figures_one_message(cal, fact, received, valid, replied, on_time, unanswered, why):
    f = ind.message_figures([fact], *MESSAGE_PERIOD, cal)
    assert (f.received, f.valid, f.replied, f.on_time, f.unanswered_over_3_months) == (
        received,
        valid,
        replied,
        on_time,
        unanswered,
    ), why


# -- sums and ranking ----------------------------------------------------------------------


def test_total_averages_over_all_cases_and_takes_the_longest():
    a = ind.Indicators(catalogue=ind.CatalogueFigures(published=2, measured=2, days=10, longest=7))
    b = ind.Indicators(catalogue=ind.CatalogueFigures(published=1, measured=1, days=3, longest=3))
    c = ind.Indicators()
    t = ind.total([a, b, c]).catalogue
    # (10 + 3) / 3 = 4.333… → 4.3, not the average of 5.0 and 3.0
    assert (t.published, t.average_workdays, t.longest) == (3, "4.3", 7)


def test_enquiry_total_is_the_sum_of_channels():
    f = ind.enquiry_figures({"phone": 3, "online": 2})
    assert f.as_json() == {"phone": 3, "in_person": 0, "online": 2, "total": 5}


# (unit values: name → (value, cases), higher is better, expected ranks)
RANK_CASES = [
    (
        {"A": ("90.0", 5), "B": ("95.0", 4), "C": ("90.0", 10), "D": (None, 0), "E": ("80.0", 6)},
        True,
        {"A": 1, "B": None, "C": 1, "D": None, "E": 3},
        "B has the best rate on 4 cases: unranked; A and C tie, E is third",
    ),
    (
        {"A": ("3.5", 5), "B": ("1.0", 1), "C": ("6.3", 7)},
        False,
        {"A": 1, "B": None, "C": 2},
        "averages: lower is better; one fast reply does not top the table",
    ),
    ({"A": ("1.0", 4)}, True, {"A": None}, "nobody with 5 cases: nobody ranked"),
]


@pytest.mark.parametrize(("values", "higher", "expected", "why"), RANK_CASES)
def test_rank_only_units_with_five_cases(values, higher, expected, why):
    decimals = {k: (None if v is None else Decimal(v), n) for k, (v, n) in values.items()}
    assert ind.rank(decimals, higher_is_better=higher) == expected, why


def test_reply_rate_is_of_the_periods_valid_messages_and_never_passes_100():
    # two valid messages received in May, one replied in May; three older ones replied in May
    facts = [
        M("2026-05-04", replied="2026-05-08", due="2026-05-18"),
        M("2026-05-04"),
        M("2026-04-01", replied="2026-05-06", due="2026-04-16"),
        M("2026-04-02", replied="2026-05-06", due="2026-04-17"),
        M("2026-04-03", replied="2026-05-06", due="2026-04-20"),
    ]
    f = ind.message_figures(facts, *MESSAGE_PERIOD, cal_2026())
    assert (f.valid, f.replied, f.valid_replied, f.reply_rate) == (2, 4, 1, "50.0")


def cal_2026():
    return Calendar(range(2025, 2027), constants.holidays, constants.workdays)
