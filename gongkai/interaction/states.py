"""The message's state machine (docs/style.md: explicit, in one place). Pure.

    received ──assign──▶ assigned ──reply──▶ replied ──rate──▶ rated
        │                   │                   └──close──▶ closed
        ├──transfer──▶ transferred (open at the receiving agency; its clock restarts)
        └──mark_invalid──▶ invalid (counted as received, not as valid: docs/law.md §8)

Publication (public display after the privacy guard) and hiding are events on a replied
message that do not change its status.
"""

from __future__ import annotations

RECEIVED = "received"
TRANSFERRED = "transferred"
ASSIGNED = "assigned"
REPLIED = "replied"
RATED = "rated"
CLOSED = "closed"
INVALID = "invalid"

STATUS_LABELS = {
    RECEIVED: "已收到",
    TRANSFERRED: "已转办",
    ASSIGNED: "办理中",
    REPLIED: "已答复",
    RATED: "已评价",
    CLOSED: "已办结",
    INVALID: "无效留言",
}
OPEN = frozenset({RECEIVED, TRANSFERRED, ASSIGNED})
ANSWERED = frozenset({REPLIED, RATED, CLOSED})
FINAL = frozenset(STATUS_LABELS) - OPEN

# action -> (statuses it may start from, status it leads to; None = stays where it is)
TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "assign": (OPEN, ASSIGNED),
    "transfer": (OPEN, TRANSFERRED),
    "reply": (OPEN, REPLIED),
    "mark_invalid": (OPEN, INVALID),
    "rate": (frozenset({REPLIED}), RATED),
    "close": (frozenset({REPLIED}), CLOSED),
    "publish": (ANSWERED, None),
    "hide": (ANSWERED, None),
}

ACTION_LABELS = {
    "assign": "交办科室",
    "transfer": "转办其他机关",
    "reply": "答复",
    "mark_invalid": "标记为无效留言",
    "rate": "评价",
    "close": "办结",
    "publish": "公开",
    "hide": "不予公开",
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
            f"留言当前状态为“{STATUS_LABELS.get(current, current)}”，不能{ACTION_LABELS[action]}"
        )
    return current if target is None else target


def allowed_actions(current: str) -> list[str]:
    return [action for action, (allowed, _) in TRANSITIONS.items() if current in allowed]
