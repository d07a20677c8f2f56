"""The application's state machine (docs/style.md: explicit, in one place). Pure.

An illegal move raises IllegalTransition with a message for people. Extension, consultation
answers, appeals and letters are events that do not change the status by themselves.
"""

from __future__ import annotations

REGISTERED = "registered"
AWAITING_CORRECTION = "awaiting_correction"
IN_PROGRESS = "in_progress"
CONSULTING = "consulting"
FEE_PENDING = "fee_pending"
REPLIED = "replied"
ABANDONED = "abandoned"
WITHDRAWN = "withdrawn"

STATUS_LABELS = {
    REGISTERED: "已登记",
    AWAITING_CORRECTION: "待补正",
    IN_PROGRESS: "办理中",
    CONSULTING: "征求意见中",
    FEE_PENDING: "待缴费",
    REPLIED: "已答复",
    ABANDONED: "视为放弃",
    WITHDRAWN: "已撤回",
}
FINAL = frozenset({REPLIED, ABANDONED, WITHDRAWN})
OPEN = frozenset(STATUS_LABELS) - FINAL

# action -> (statuses it may start from, status it leads to; None = stays where it is)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "accept": (frozenset({REGISTERED}), IN_PROGRESS),
    "correction_notice": (frozenset({REGISTERED, IN_PROGRESS}), AWAITING_CORRECTION),
    "correction_received": (frozenset({AWAITING_CORRECTION}), IN_PROGRESS),
    "correction_lapse": (frozenset({AWAITING_CORRECTION}), ABANDONED),
    "consult": (frozenset({REGISTERED, IN_PROGRESS, CONSULTING}), CONSULTING),
    "consultation_answer": (frozenset({CONSULTING}), None),
    "extend": (frozenset({REGISTERED, IN_PROGRESS, CONSULTING}), None),
    "fee_notice": (frozenset({REGISTERED, IN_PROGRESS}), FEE_PENDING),
    "fee_paid": (frozenset({FEE_PENDING}), IN_PROGRESS),
    "fee_lapse": (frozenset({FEE_PENDING}), ABANDONED),
    "reply": (frozenset({REGISTERED, IN_PROGRESS, CONSULTING}), REPLIED),
    "withdraw": (OPEN, WITHDRAWN),
    "assign": (OPEN, None),
    "appeal": (FINAL, None),
}

ACTION_LABELS = {
    "accept": "受理",
    "correction_notice": "发出补正告知",
    "correction_received": "收到补正",
    "correction_lapse": "逾期未补正",
    "consult": "征求意见",
    "consultation_answer": "收到意见",
    "extend": "延期答复",
    "fee_notice": "发出收费通知",
    "fee_paid": "缴费",
    "fee_lapse": "逾期未缴费",
    "reply": "答复",
    "withdraw": "撤回申请",
    "assign": "转办科室",
    "appeal": "登记复议或诉讼",
}


class IllegalTransition(ValueError):
    pass


def next_status(current: str, action: str) -> str:
    try:
        allowed, target = TRANSITIONS[action]
    except KeyError:
        raise IllegalTransition(f"未知操作：{action}") from None
    if current not in allowed:
        raise IllegalTransition(
            f"申请当前状态为“{STATUS_LABELS.get(current, current)}”，不能{ACTION_LABELS[action]}"
        )
    return current if target is None else target


def allowed_actions(current: str) -> list[str]:
    return [action for action, (allowed, _) in TRANSITIONS.items() if current in allowed]
