"""The vocabulary of government terms: the shipped file, two-way and one-way entries, and
the spellings of a query term it adds, in Simplified and Traditional."""

import pytest

from gongkai.search.vocabulary import Vocabulary as V
from gongkai.search.vocabulary import (
    VocabularyEntry,
    VocabularyError,
    check,
    parse_file,
    shipped,
    split_equivalents,
)


def test_the_shipped_file_has_at_least_150_entries_and_the_issues_words():
    entries = {e.word: e for e in shipped()}
    assert len(entries) >= 150
    for word, equivalent in [
        ("城管", "城市管理"),
        ("非遗", "非物质文化遗产"),
        ("医保", "医疗保障"),
        ("社保", "社会保险"),
        ("公租房", "公共租赁住房"),
        ("拆迁", "房屋征收"),
        ("养狗", "养犬"),
        ("低保", "最低生活保障"),
        ("两违", "违法建设"),
        ("三公经费", "公务接待费"),
    ]:
        assert equivalent in entries[word].equivalents, word


@pytest.fixture(scope="module")
def vocabulary():
    return V(shipped())


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("城管", ("城市管理", "城市管理综合执法")),
        ("城市管理", ("城管", "城市管理综合执法")),  # two-way: the full form finds 城管
        ("养犬", ("养狗",)),
        ("两违", ("违法用地", "违法建设")),
        ("违法用地", ()),  # one-way: 违法用地 does not bring every 两违
        ("三公经费", ("因公出国(境)费", "公务用车购置及运行费", "公务接待费")),  # normalised
        ("公务接待费", ()),
    ],
)
def test_equivalents(vocabulary, word, expected):
    assert vocabulary.equivalents(word) == expected


@pytest.mark.parametrize(
    ("term", "variants"),
    [
        ("养狗", ["养犬"]),
        ("城管养狗", ["城市管理养狗", "城市管理综合执法养狗", "城管养犬"]),
        ("城管局", ["城市管理局", "城市管理综合执法局"]),  # the longest known word first
        ("示范区", []),
    ],
)
def test_variants_replace_one_known_word_at_a_time(vocabulary, term, variants):
    assert vocabulary.variants(term) == variants


def test_a_traditional_entry_and_query_meet_in_simplified():
    vocabulary = V([VocabularyEntry("養狗", ("養犬",))])
    assert vocabulary.equivalents("养狗") == ("养犬",)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("城管\t城市管理\t双向", None),
        ("城管\t城市管理\t两向", "第 1 行：应为“词语<TAB>对应词<TAB>双向或单向”"),
        ("城管\t\t双向", "第 1 行：请至少填写一个对应词"),
        ("城管\t城管\t双向", "第 1 行：对应词不能与词语本身相同"),
        ("城管\t——\t双向", "第 1 行：“——”中没有可检索的文字"),
    ],
)
def test_the_file_is_checked_line_by_line(text, problem):
    if problem is None:
        assert parse_file(text) == [VocabularyEntry("城管", ("城市管理",), True)]
    else:
        with pytest.raises(VocabularyError) as error:
            parse_file(text)
        assert str(error.value) == problem


@pytest.mark.parametrize(
    ("typed", "parts"),
    [
        ("城市管理|城市管理综合执法", ("城市管理", "城市管理综合执法")),
        ("城市管理、城市管理综合执法", ("城市管理", "城市管理综合执法")),
        ("城市管理\n城市管理综合执法\n", ("城市管理", "城市管理综合执法")),
        ("城市管理｜城市管理", ("城市管理",)),
    ],
)
def test_equivalents_as_people_write_them(typed, parts):
    assert split_equivalents(typed) == parts


def test_check_limits_the_length():
    assert check("城" * 41, ["城市"]) == "每个词不超过 40 个字：城城城城城城城城城城…"
