"""The comment call's and the comment's state tables (states.py)."""

import pytest

from gongkai.participation import states as st

CALL_MOVES = [
    ("draft", "edit", "draft"),
    ("draft", "open", "open"),
    ("open", "close", "closed"),
    ("closed", "summarise", "summarised"),
    ("draft", "withdraw", "withdrawn"),
    ("open", "withdraw", "withdrawn"),
    ("closed", "withdraw", "withdrawn"),
    ("closed", "edit_opinions", "closed"),
    ("closed", "link_final", "closed"),
    ("summarised", "link_final", "summarised"),
    ("open", "moderate", "open"),
    ("summarised", "moderate", "summarised"),
]


@pytest.mark.parametrize(("current", "action", "expected"), CALL_MOVES)
def test_call_moves(current, action, expected):
    assert st.next_status(current, action) == expected


CALL_REFUSED = [
    ("open", "edit", "征求意见当前状态为“已发布”，不能修改"),
    ("draft", "close", "征求意见当前状态为“草稿”，不能截止征求意见"),
    ("open", "summarise", "征求意见当前状态为“已发布”，不能发布采纳情况反馈"),
    ("summarised", "withdraw", "征求意见当前状态为“已反馈”，不能撤回"),
    ("withdrawn", "open", "征求意见当前状态为“已撤回”，不能发布征求意见"),
    ("summarised", "edit_opinions", "征求意见当前状态为“已反馈”，不能归类意见"),
    ("draft", "moderate", "征求意见当前状态为“草稿”，不能审核意见"),
    ("open", "link_final", "征求意见当前状态为“已发布”，不能关联正式文件"),
]


@pytest.mark.parametrize(("current", "action", "message"), CALL_REFUSED)
def test_call_refused(current, action, message):
    with pytest.raises(st.IllegalTransition) as error:
        st.next_status(current, action)
    assert str(error.value) == message


COMMENT_MOVES = [
    ("pending", "publish", "published"),
    ("pending", "hide", "hidden"),
    ("published", "hide", "hidden"),
    ("hidden", "publish", "published"),
    ("pending", "merge", "merged"),
    ("hidden", "merge", "merged"),
]


@pytest.mark.parametrize(("current", "action", "expected"), COMMENT_MOVES)
def test_comment_moves(current, action, expected):
    assert st.next_comment_status(current, action) == expected


@pytest.mark.parametrize(
    ("current", "action", "message"),
    [
        ("published", "publish", "该意见当前状态为“已公开”，不能公开"),
        ("merged", "publish", "该意见当前状态为“已合并”，不能公开"),
        ("merged", "hide", "该意见当前状态为“已合并”，不能不予公开"),
        ("merged", "merge", "该意见当前状态为“已合并”，不能合并为重复意见"),
    ],
)
def test_comment_refused(current, action, message):
    with pytest.raises(st.IllegalTransition) as error:
        st.next_comment_status(current, action)
    assert str(error.value) == message


def test_unknown_action():
    with pytest.raises(st.IllegalTransition) as error:
        st.next_status("draft", "publish")
    assert str(error.value) == "未知操作：publish"
