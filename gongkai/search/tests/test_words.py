"""Words in what citizens type (splitting a run typed without spaces) and word boundaries
(大连 in 大连市 against 五大连池): jieba's dictionary with the vocabulary's words added."""

import pytest

from gongkai.search.vocabulary import Vocabulary, shipped
from gongkai.search.words import Words


@pytest.fixture(scope="module")
def words():
    w = Words()
    w.use(Vocabulary(shipped()).words())
    return w


@pytest.mark.parametrize(
    ("run", "expected"),
    [
        # The cases: a run typed without spaces.
        ("义务教育招生", ["义务教育", "招生"]),
        ("防汛应急响应", ["防汛", "应急", "响应"]),
        # The vocabulary's words stay whole (公租房, 养狗), single characters join a
        # neighbour (青|山镇 → 青山镇), particles are dropped (的).
        ("城管养狗规定", ["城管", "养狗", "规定"]),
        ("公租房申请条件", ["公租房", "申请", "条件"]),
        ("青山镇低保", ["青山镇", "低保"]),
        ("大连的天气", ["大连", "天气"]),
        ("老旧小区改造资金", ["老旧小区改造", "资金"]),  # a vocabulary word whole
        ("老旧楼房改造", ["老旧", "楼房", "改造"]),
        # What does not split stays whole: a name, a short run, one word.
        ("张凤彪", ["张凤彪"]),
        ("低保", ["低保"]),
        ("养狗证", ["养狗证"]),
        ("义务教育", ["义务教育"]),
    ],
)
def test_a_run_is_split_into_words_of_two_characters_or_more(words, run, expected):
    assert words.split(run) == expected


@pytest.mark.parametrize(
    ("text", "needle", "inside"),
    [
        ("五大连池风景区管理委员会", "大连", True),  # in the middle of one word
        ("江西安全生产工作要点", "西安", True),  # across two words
        ("大连市人民政府关于", "大连", False),  # the start of a longer word
        ("关于大连旅游的通知", "大连", False),  # a word of its own
        ("养老金调整通知", "养老", False),  # the start of 养老金
        ("五大连池与大连", "大连", False),  # one occurrence whole is enough
        ("没有这个词", "大连", False),  # not there at all
    ],
)
def test_a_match_inside_another_word(words, text, needle, inside):
    assert words.inside_word(text, needle) is inside


def test_words_added_and_removed_change_the_cut():
    w = Words()
    w.use({"示范区"})
    assert "示范区" in w.cut("示范区人民政府")
    w.use(set())
    assert w.added == set()
