"""Art. 31 receipt dates and the state machine."""

from datetime import date

import pytest

from gongkai.info_requests.receipt import ReceiptError, receipt_date
from gongkai.info_requests.states import IllegalTransition, allowed_actions, next_status

D = date.fromisoformat


@pytest.mark.parametrize(
    ("channel", "kwargs", "expected"),
    [
        ("in_person", {"submitted_on": D("2025-09-26")}, "2025-09-26"),
        ("letter", {"submitted_on": D("2025-09-20"), "signed_on": D("2025-09-26")}, "2025-09-26"),
        ("letter", {"confirmed_on": D("2025-09-29")}, "2025-09-29"),  # ordinary letter
        (
            "online",
            {"submitted_on": D("2025-09-26"), "confirmed_on": D("2025-09-28")},
            "2025-09-28",
        ),
        ("email", {"confirmed_on": D("2025-09-29")}, "2025-09-29"),
        ("fax", {"confirmed_on": D("2025-09-30")}, "2025-09-30"),
    ],
)
def test_receipt_date_follows_the_channel(channel, kwargs, expected):
    assert receipt_date(channel, **kwargs) == D(expected)


@pytest.mark.parametrize(
    ("channel", "kwargs", "message"),
    [
        ("in_person", {}, "当面提交的申请须填写提交日期（第三十一条第一项）"),
        ("letter", {"submitted_on": D("2025-09-20")}, "信函申请须填写签收日期"),
        ("online", {"submitted_on": D("2025-09-26")}, "须填写双方确认日期（第三十一条第三项）"),
        ("pigeon", {"submitted_on": D("2025-09-26")}, "申请方式无效：pigeon"),
    ],
)
def test_receipt_date_refuses_missing_facts(channel, kwargs, message):
    with pytest.raises(ReceiptError, match=message):
        receipt_date(channel, **kwargs)


@pytest.mark.parametrize(
    ("current", "action", "expected"),
    [
        ("registered", "accept", "in_progress"),
        ("registered", "correction_notice", "awaiting_correction"),
        ("in_progress", "correction_notice", "awaiting_correction"),
        ("awaiting_correction", "correction_received", "in_progress"),
        ("awaiting_correction", "correction_lapse", "abandoned"),
        ("in_progress", "consult", "consulting"),
        ("consulting", "consult", "consulting"),
        ("consulting", "consultation_answer", "consulting"),
        ("in_progress", "extend", "in_progress"),
        ("consulting", "extend", "consulting"),
        ("in_progress", "fee_notice", "fee_pending"),
        ("fee_pending", "fee_paid", "in_progress"),
        ("fee_pending", "fee_lapse", "abandoned"),
        ("registered", "reply", "replied"),
        ("in_progress", "reply", "replied"),
        ("consulting", "reply", "replied"),
        ("awaiting_correction", "withdraw", "withdrawn"),
        ("fee_pending", "withdraw", "withdrawn"),
        ("replied", "appeal", "replied"),
        ("abandoned", "appeal", "abandoned"),
    ],
)
def test_legal_moves(current, action, expected):
    assert next_status(current, action) == expected


@pytest.mark.parametrize(
    ("current", "action", "message"),
    [
        ("replied", "reply", "申请当前状态为“已答复”，不能答复"),
        ("awaiting_correction", "reply", "申请当前状态为“待补正”，不能答复"),
        ("fee_pending", "extend", "申请当前状态为“待缴费”，不能延期答复"),
        ("in_progress", "correction_received", "申请当前状态为“办理中”，不能收到补正"),
        ("withdrawn", "withdraw", "申请当前状态为“已撤回”，不能撤回申请"),
        ("in_progress", "appeal", "申请当前状态为“办理中”，不能登记复议或诉讼"),
        ("in_progress", "fly", "未知操作：fly"),
    ],
)
def test_illegal_moves_are_refused_with_a_message(current, action, message):
    with pytest.raises(IllegalTransition) as raised:
        next_status(current, action)
    assert str(raised.value) == message


def test_a_replied_case_only_takes_appeals():
    assert allowed_actions("replied") == ["appeal"]
