"""The minimum comment period by kind of document (docs/law.md §9; 《重大行政决策程序暂行条例》
Art. 14). Every expected date was worked out by hand from the State Council General Office
holiday notices, not computed by the code under test:

- 国庆中秋 2025: off 10-01..10-08; worked Sun 09-28 and Sat 10-11. From Fri 2025-09-26 the
  7 working days are 09-28, 09-29, 09-30, 10-09, 10-10, 10-11, 10-13 → 2025-10-13.
- 春节 2025: off 01-28..02-04; worked Sun 01-26 and Sat 02-08. From Fri 2025-01-24:
  01-26, 01-27, 02-05, 02-06, 02-07, 02-08, 02-10 → 2025-02-10.
- 春节 2026: off 02-15..02-23; worked Sat 02-14 and Sat 02-28. From Thu 2026-02-12:
  02-13, 02-14, 02-24, 02-25, 02-26, 02-27, 02-28 → 2026-02-28.
- 30 days: the day after opening is day 1 (Civil Code Art. 201), so 2025-09-26 + 30 days
  = 2025-10-26 whatever the holidays.
"""

from datetime import date

import pytest
from chinese_calendar import constants

from gongkai.participation.periods import earliest_close, is_shortened, period_problem
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return Calendar(range(2004, 2027), constants.holidays, constants.workdays)


EARLIEST = [
    ("normative", "2025-09-26", "2025-10-13", "7 working days across 国庆中秋 2025"),
    ("normative", "2025-01-24", "2025-02-10", "7 working days across 春节 2025"),
    ("normative", "2026-02-12", "2026-02-28", "7 working days across 春节 2026, make-up Sat"),
    ("normative", "2026-03-02", "2026-03-11", "an ordinary week: Mon + 7 = next Wed"),
    ("major_decision", "2025-09-26", "2025-10-26", "Art. 14: 30 calendar days, 国庆 inside"),
    ("rules", "2026-01-30", "2026-03-01", "规章草案: 30 days across 春节 2026"),
    ("normative_market", "2025-12-15", "2026-01-14", "涉市场主体: 30 days across the year"),
    ("other", "2026-03-02", "2026-03-03", "no minimum: one day"),
]


@pytest.mark.parametrize(("kind", "opens", "expected", "why"), EARLIEST)
def test_earliest_close(cal, kind, opens, expected, why):
    assert earliest_close(kind, D(opens), cal.add) == D(expected), why


# (kind, opens, closes, reason, expected problem or None, why)
PROBLEMS = [
    ("normative", "2025-09-26", "2025-10-13", "", None, "exactly the minimum across 国庆"),
    (
        "normative",
        "2025-09-26",
        "2025-10-12",
        "",
        "行政规范性文件征求意见期限不少于7个工作日：自2025年9月26日开始的，截止日期不得早于"
        "2025年10月13日；确需缩短的，请填写缩短期限的理由（将随征求意见一并公布）",
        "one day short without a reason is refused",
    ),
    (
        "normative",
        "2025-09-26",
        "2025-10-12",
        "防汛应急需要，须在汛期前出台",
        None,
        "with a reason",
    ),
    ("normative", "2026-02-12", "2026-02-28", "", None, "exactly the minimum across 春节 2026"),
    (
        "normative",
        "2026-02-12",
        "2026-02-27",
        "",
        "行政规范性文件征求意见期限不少于7个工作日：自2026年2月12日开始的，截止日期不得早于"
        "2026年2月28日；确需缩短的，请填写缩短期限的理由（将随征求意见一并公布）",
        "the make-up Saturday is the seventh day: one day short",
    ),
    ("major_decision", "2025-09-26", "2025-10-26", "", None, "Art. 14: exactly 30 days"),
    (
        "major_decision",
        "2025-09-26",
        "2025-10-25",
        "",
        "重大行政决策征求意见期限不少于30日：自2025年9月26日开始的，截止日期不得早于"
        "2025年10月26日；确需缩短的，请填写缩短期限的理由（将随征求意见一并公布）",
        "Art. 14: 29 days refused",
    ),
    (
        "major_decision",
        "2025-09-26",
        "2025-10-10",
        "上级督办事项，时间紧迫",
        None,
        "Art. 14 reason",
    ),
    ("normative", "2025-09-26", "2025-09-26", "紧急", "截止日期应晚于开始日期", "same day"),
    ("other", "2025-09-26", "2025-09-25", "", "截止日期应晚于开始日期", "closing before opening"),
]
SEVEN_DAYS_FROM_0926 = PROBLEMS[1][4]
PROBLEMS.append(
    ("normative", "2025-09-26", "2025-10-12", "   ", SEVEN_DAYS_FROM_0926, "blank is no reason")
)


@pytest.mark.parametrize(("kind", "opens", "closes", "reason", "expected", "why"), PROBLEMS)
def test_period_problem(cal, kind, opens, closes, reason, expected, why):
    problem = period_problem(
        kind=kind, opens_on=D(opens), closes_on=D(closes), reason=reason, add_workdays=cal.add
    )
    assert problem == expected, why


def test_unknown_kind_is_refused(cal):
    problem = period_problem(
        kind="memo", opens_on=D("2026-03-02"), closes_on=D("2026-04-30"), reason="",
        add_workdays=cal.add,
    )  # fmt: skip
    assert problem == "文件类型无效：memo"


def test_shortened_only_below_the_minimum(cal):
    assert is_shortened("normative", D("2025-09-26"), D("2025-10-12"), cal.add) is True
    assert is_shortened("normative", D("2025-09-26"), D("2025-10-13"), cal.add) is False


def test_a_period_into_an_unloaded_year_is_not_guessed(cal):
    with pytest.raises(ScheduleNotLoaded):
        earliest_close("normative", D("2026-12-28"), cal.add)
