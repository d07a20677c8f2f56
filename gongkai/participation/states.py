"""The comment call's and the comment's state machines (docs/style.md: explicit, in one
place). Pure.

Call:
    draft ──open──▶ open ──close──▶ closed ──summarise──▶ summarised
      │               │               │
      └───────────────┴──withdraw─────┴──▶ withdrawn (with a reason, shown publicly)

`edit` keeps a draft a draft; the final document may be linked (`link_final`) once closed.

Comment (moderation, docs/law.md §9):
    pending ──publish──▶ published ──hide──▶ hidden
       ├──hide──▶ hidden ──publish──▶ published (a decision can be revised, with who and why)
       └──merge──▶ merged (a duplicate of another comment; counted once)
"""

from __future__ import annotations

DRAFT = "draft"
OPEN = "open"
CLOSED = "closed"
SUMMARISED = "summarised"
WITHDRAWN = "withdrawn"

STATUS_LABELS = {
    DRAFT: "草稿",
    OPEN: "已发布",
    CLOSED: "已截止",
    SUMMARISED: "已反馈",
    WITHDRAWN: "已撤回",
}
PUBLIC = frozenset({OPEN, CLOSED, SUMMARISED, WITHDRAWN})

TRANSITIONS: dict[str, tuple[frozenset[str], str | None]] = {
    "edit": (frozenset({DRAFT}), None),
    "open": (frozenset({DRAFT}), OPEN),
    "close": (frozenset({OPEN}), CLOSED),
    "summarise": (frozenset({CLOSED}), SUMMARISED),
    "withdraw": (frozenset({DRAFT, OPEN, CLOSED}), WITHDRAWN),
    "edit_opinions": (frozenset({CLOSED}), None),
    "link_final": (frozenset({CLOSED, SUMMARISED}), None),
    "moderate": (frozenset({OPEN, CLOSED, SUMMARISED}), None),
}

ACTION_LABELS = {
    "edit": "修改",
    "open": "发布征求意见",
    "close": "截止征求意见",
    "summarise": "发布采纳情况反馈",
    "withdraw": "撤回",
    "edit_opinions": "归类意见",
    "link_final": "关联正式文件",
    "moderate": "审核意见",
}

PENDING = "pending"
PUBLISHED = "published"
HIDDEN = "hidden"
MERGED = "merged"

COMMENT_LABELS = {
    PENDING: "待审核",
    PUBLISHED: "已公开",
    HIDDEN: "不予公开",
    MERGED: "已合并",
}

COMMENT_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "publish": (frozenset({PENDING, HIDDEN}), PUBLISHED),
    "hide": (frozenset({PENDING, PUBLISHED}), HIDDEN),
    "merge": (frozenset({PENDING, PUBLISHED, HIDDEN}), MERGED),
}

COMMENT_ACTION_LABELS = {"publish": "公开", "hide": "不予公开", "merge": "合并为重复意见"}


class IllegalTransition(ValueError):
    pass


def next_status(current: str, action: str) -> str:
    try:
        allowed, target = TRANSITIONS[action]
    except KeyError:
        raise IllegalTransition(f"未知操作：{action}") from None
    if current not in allowed:
        raise IllegalTransition(
            f"征求意见当前状态为“{STATUS_LABELS.get(current, current)}”，"
            f"不能{ACTION_LABELS[action]}"
        )
    return current if target is None else target


def next_comment_status(current: str, action: str) -> str:
    try:
        allowed, target = COMMENT_TRANSITIONS[action]
    except KeyError:
        raise IllegalTransition(f"未知操作：{action}") from None
    if current not in allowed:
        raise IllegalTransition(
            f"该意见当前状态为“{COMMENT_LABELS.get(current, current)}”，"
            f"不能{COMMENT_ACTION_LABELS[action]}"
        )
    return target


def allowed_actions(current: str) -> list[str]:
    return [action for action, (allowed, _) in TRANSITIONS.items() if current in allowed]
