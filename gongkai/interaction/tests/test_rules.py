"""The pure rules of messages: the state table, the message clock (docs/law.md §8) and the
figures of a period. Dates counted by hand on the official schedules: 国庆中秋 2025 is
10-01..10-08 off with Sun 09-28 and Sat 10-11 worked; 春节 2026 is 02-15..02-23 off with
Sat 02-14 and Sat 02-28 worked."""

from datetime import date

import pytest
from chinese_calendar import constants

from gongkai.interaction import states
from gongkai.interaction.clock import (
    ClockFacts,
    compute_clock,
    months_before,
    on_time,
    unanswered_over_3_months,
)
from gongkai.interaction.figures import MessageFact, period_figures
from gongkai.interaction.publication import Withheld, mask_text, public_texts
from gongkai.workdays.calendar import Calendar

D = date.fromisoformat


@pytest.fixture(scope="module")
def cal():
    return Calendar(range(2004, 2027), constants.holidays, constants.workdays)


CLOCK_CASES = [
    ("10 working days across 国庆中秋 2025", ClockFacts(D("2025-09-26")), "2025-10-16"),
    (
        "10 working days across 春节 2026, both make-up Saturdays",
        ClockFacts(D("2026-02-10")),
        "2026-03-02",
    ),  # noqa: E501
    (
        "an agency's 5 days for a simple question, across 春节",
        ClockFacts(D("2026-02-13"), 5),
        "2026-02-27",
    ),  # noqa: E501
    (
        "a transfer restarts the limit from the day the receiver gets it",
        ClockFacts(D("2025-09-20"), restarts=(D("2025-09-26"),)),
        "2025-10-16",
    ),
    (
        "the latest of two transfers counts",
        ClockFacts(D("2026-01-05"), restarts=(D("2026-01-20"), D("2026-02-10"))),
        "2026-03-02",
    ),
    (
        "a message received on a holiday: the start day is not counted",
        ClockFacts(D("2025-10-03")),
        "2025-10-21",
    ),  # noqa: E501
]


@pytest.mark.parametrize(
    ("case", "facts", "expected"), CLOCK_CASES, ids=[c[0] for c in CLOCK_CASES]
)
def test_message_clock(cal, case, facts, expected):
    assert compute_clock(facts, cal).due_on == D(expected)


def test_clock_says_when_a_year_is_not_loaded():
    clock = compute_clock(ClockFacts(D("2026-12-28")), Calendar(range(2025, 2027), [], []))
    assert clock.due_on is None
    assert clock.error.startswith("2027 年的法定节假日安排尚未载入")


@pytest.mark.parametrize(
    ("replied", "due", "expected"),
    [
        ("2025-10-16", "2025-10-16", True),
        ("2025-10-17", "2025-10-16", False),
        ("2025-10-01", None, False),
    ],  # noqa: E501
)
def test_on_time_is_reply_on_or_before_due(replied, due, expected):
    assert on_time(D(replied), D(due) if due else None) is expected


MONTHS_BEFORE = [
    ("docs/law.md §8: the month's last day when it is shorter", "2026-05-31", "2026-02-28"),
    ("same calendar day", "2026-05-15", "2026-02-15"),
    ("across a year", "2026-01-31", "2025-10-31"),
    ("leap year", "2024-05-30", "2024-02-29"),
]


@pytest.mark.parametrize(
    ("case", "day", "expected"), MONTHS_BEFORE, ids=[c[0] for c in MONTHS_BEFORE]
)
def test_three_months_before(case, day, expected):
    assert months_before(D(day), 3) == D(expected)


UNANSWERED = [
    ("received before the cut-off, not replied", "2026-02-27", None, True, True),
    ("received on the cut-off day is not yet over", "2026-02-28", None, True, False),
    ("replied by D", "2026-01-05", "2026-05-31", True, False),
    ("replied after D still counts at D", "2026-01-05", "2026-06-01", True, True),
    ("an invalid message never counts", "2026-01-05", None, False, False),
]


@pytest.mark.parametrize(
    ("case", "received", "replied", "valid", "expected"), UNANSWERED, ids=[c[0] for c in UNANSWERED]
)
def test_unanswered_over_3_months_at_2026_05_31(case, received, replied, valid, expected):
    result = unanswered_over_3_months(
        received_on=D(received),
        replied_on=D(replied) if replied else None,
        valid=valid,
        at=D("2026-05-31"),
    )
    assert result is expected


STATE_CASES = [
    (states.RECEIVED, "assign", states.ASSIGNED),
    (states.RECEIVED, "transfer", states.TRANSFERRED),
    (states.TRANSFERRED, "assign", states.ASSIGNED),
    (states.ASSIGNED, "transfer", states.TRANSFERRED),
    (states.ASSIGNED, "reply", states.REPLIED),
    (states.TRANSFERRED, "reply", states.REPLIED),
    (states.RECEIVED, "mark_invalid", states.INVALID),
    (states.REPLIED, "rate", states.RATED),
    (states.REPLIED, "close", states.CLOSED),
    (states.REPLIED, "publish", states.REPLIED),
    (states.RATED, "hide", states.RATED),
]


@pytest.mark.parametrize(("current", "action", "expected"), STATE_CASES)
def test_allowed_moves(current, action, expected):
    assert states.next_status(current, action) == expected


ILLEGAL = [
    (states.RATED, "rate", "留言当前状态为“已评价”，不能评价"),
    (states.RECEIVED, "rate", "留言当前状态为“已收到”，不能评价"),
    (states.REPLIED, "reply", "留言当前状态为“已答复”，不能答复"),
    (states.INVALID, "transfer", "留言当前状态为“无效留言”，不能转办其他机关"),
    (states.CLOSED, "mark_invalid", "留言当前状态为“已办结”，不能标记为无效留言"),
    (states.RECEIVED, "publish", "留言当前状态为“已收到”，不能公开"),
]


@pytest.mark.parametrize(("current", "action", "message"), ILLEGAL)
def test_illegal_moves_are_refused_with_a_message(current, action, message):
    with pytest.raises(states.IllegalTransition, match=f"^{message}$"):
        states.next_status(current, action)


def test_every_status_has_a_label_and_open_and_final_split_them():
    assert states.OPEN | states.FINAL == set(states.STATUS_LABELS)
    assert not states.OPEN & states.FINAL


def test_period_figures(cal):
    facts = [
        # received in May, replied on time
        MessageFact(D("2026-05-06"), True, D("2026-05-12"), D("2026-05-20")),
        # received in May, replied late
        MessageFact(D("2026-05-06"), True, D("2026-05-25"), D("2026-05-20")),
        # received in May, open
        MessageFact(D("2026-05-20"), True, None, D("2026-06-03")),
        # received in May, invalid
        MessageFact(D("2026-05-21"), False, None, None),
        # received in January, never answered: over 3 months at 05-31
        MessageFact(D("2026-01-10"), True, None, D("2026-01-23")),
    ]
    figures = period_figures(facts, D("2026-05-01"), D("2026-05-31"), cal)
    assert (figures.received, figures.valid, figures.replied, figures.on_time) == (4, 3, 2, 1)
    assert figures.unanswered_over_3_months == 1
    assert figures.reply_rate == "66.7%"
    assert figures.on_time_rate == "50.0%"
    # 05-06→05-12: 5 working days and 05-06→05-25: 14 (Sat 05-09 is a make-up working day)
    assert figures.average_workdays == "9.5"


def test_public_texts_mask_personal_data_and_the_writer():
    texts = public_texts(
        title="关于南湖小区噪音的投诉",
        body="我是张三，电话13800138000，邮箱 zs@example.cn，身份证110101199003071234。",
        reply="张三同志：您好！已责成城管局处理。",
        writer_name="张三",
        contact="13800138000",
    )
    assert (
        texts.body == "我是张*，电话138****8000，邮箱 z***@example.cn，身份证******************。"
    )
    assert texts.reply == "张*同志：您好！已责成城管局处理。"
    assert texts.title == "关于南湖小区噪音的投诉"


def test_mask_text_leaves_ordinary_text_alone():
    assert mask_text("2026年5月青山路施工噪音扰民") == "2026年5月青山路施工噪音扰民"


def test_withheld_is_a_value_error():
    assert issubclass(Withheld, ValueError)
