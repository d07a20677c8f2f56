"""The inspection's rules (docs/law.md §7): tables of cases with hand-computed results."""

from datetime import date

import pytest
from chinese_calendar import constants

from gongkai.inspection import rules
from gongkai.workdays.calendar import Calendar

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return Calendar(range(2004, 2027), constants.holidays, constants.workdays)


def test_the_veto_rules_are_those_of_the_indicators():
    assert sorted(code for code, rule in rules.RULES.items() if rule.veto) == [
        "columns_empty_veto",
        "columns_stale_veto",
        "forged_publication_date",
        "message_unanswered",
    ]


# (limit, today, cut-off, why)
CUTOFF_CASES = [
    (rules.Limit(days=14), "2026-05-31", "2026-05-17", "动态/要闻: 2 weeks"),
    (rules.Limit(months=6), "2026-05-31", "2025-11-30", "通知公告: 6 months, Nov has 30 days"),
    (rules.Limit(months=6), "2026-08-31", "2026-02-28", "6 months to a short February"),
    (rules.Limit(months=12), "2024-02-29", "2023-02-28", "12 months from a leap day"),
]


@pytest.mark.parametrize(("limit", "today", "cutoff", "why"), CUTOFF_CASES)
def test_limit_cutoff(limit, today, cutoff, why):
    assert limit.cutoff(D(today)) == D(cutoff)


# (news last, notices last, today, stale, empty) — the other six columns fresh
COLUMN_CASES = [
    ("2026-05-17", "2025-11-30", [], [], "both on their cut-off day: fresh"),
    ("2026-05-16", "2025-11-30", ["news"], [], "news one day past 2 weeks"),
    ("2026-05-17", "2025-11-29", ["notices"], [], "notices one day past 6 months"),
    (None, "2026-05-01", [], ["news"], "a column never published is empty, not stale"),
]


@pytest.mark.parametrize(("news", "notices", "stale", "empty", "why"), COLUMN_CASES)
def test_judge_columns(news, notices, stale, empty, why):
    last = {c.key: D("2026-05-30") for c in rules.COLUMNS}
    last["news"] = D(news) if news else None
    last["notices"] = D(notices)
    verdict = rules.judge_columns(last, D("2026-05-31"))
    assert (list(verdict.stale), list(verdict.empty)) == (stale, empty)
    assert (verdict.stale_veto, verdict.empty_veto) == (False, False)


# (stale columns, empty columns, stale veto, empty veto) — LAW §7: 5 or more of one kind
VETO_CASES = [
    (4, 0, False, False),
    (5, 0, True, False),
    (0, 5, False, True),
    (4, 4, False, False),  # 4 stale and 4 empty: no veto, they are not added up
]


@pytest.mark.parametrize(("stale", "empty", "stale_veto", "empty_veto"), VETO_CASES)
def test_column_veto_needs_five_of_one_kind(stale, empty, stale_veto, empty_veto):
    keys = [c.key for c in rules.COLUMNS]
    last: dict[str, date | None] = {key: D("2026-05-30") for key in keys}
    for key in keys[:stale]:
        last[key] = D("2020-01-01")
    for key in keys[stale : stale + empty]:
        last[key] = None
    verdict = rules.judge_columns(last, D("2026-05-31"))
    assert (verdict.stale_veto, verdict.empty_veto) == (stale_veto, empty_veto)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14d", rules.Limit(days=14)),
        ("6m", rules.Limit(months=6)),
        (" 12M ", rules.Limit(months=12)),
    ],
)
def test_parse_limit(text, expected):
    assert rules.parse_limit(text) == expected


@pytest.mark.parametrize("text", ["", "d", "0d", "6", "6w", "-3m", "六个月"])
def test_parse_limit_refuses(text):
    with pytest.raises(ValueError, match="栏目更新时限"):
        rules.parse_limit(text)


def test_columns_with_overrides_a_limit_and_refuses_an_unknown_column():
    columns = rules.columns_with({"news": "7d"})
    assert {c.key: c.limit for c in columns}["news"] == rules.Limit(days=7)
    with pytest.raises(ValueError, match="未知的栏目：要闻"):
        rules.columns_with({"要闻": "7d"})


@pytest.mark.parametrize(
    ("published", "recorded", "forged"),
    [
        ("2026-03-02", "2026-03-02", False),
        ("2026-02-20", "2026-03-02", True),  # back-dated
        ("2026-03-03", "2026-03-02", True),  # changed later
        ("2026-03-02", None, False),  # no record (imported history): not judged
    ],
)
def test_publication_date_forged(published, recorded, forged):
    assert rules.publication_date_forged(D(published), D(recorded) if recorded else None) is forged


# (received, replied, late) — 2026-03-02 is a Monday; +5 working days = Mon 2026-03-09
QUESTION_CASES = [
    ("2026-03-02", "2026-03-09", False),
    ("2026-03-02", "2026-03-10", True),
    # 国庆 2026: off 10-01..10-07, worked Sat 10-10; from Tue 09-29: 09-30, 10-08, 10-09,
    # 10-10, 10-12 → due Mon 10-12
    ("2026-09-29", "2026-10-12", False),
    ("2026-09-29", "2026-10-13", True),
    ("2026-03-02", None, False),
]


@pytest.mark.parametrize(("received", "replied", "late"), QUESTION_CASES)
def test_simple_question_answered_late(cal, received, replied, late):
    assert (
        rules.question_answered_late(
            received_on=D(received), replied_on=D(replied) if replied else None, calendar=cal
        )
        is late
    )


def test_simple_question_in_a_year_without_schedule_is_not_judged(cal):
    assert (
        rules.question_answered_late(
            received_on=D("2026-12-28"), replied_on=D("2027-01-10"), calendar=cal
        )
        is None
    )
