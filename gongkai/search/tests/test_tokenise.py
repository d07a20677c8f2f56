"""Tokenisation and the query's clauses: every substring of two or more characters that is in
the text is a phrase of the text's tokens."""

import pytest

from gongkai.search.normalise import normalise
from gongkai.search.tokenise import Phrase, Substring, get_tokeniser

bigram = get_tokeniser("bigram")


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("张凤彪", "张凤 凤彪 彪"),
        ("低保", "低保 保"),
        ("县", "县"),
        ("老旧小区改造", "老旧 旧小 小区 区改 改造 造"),
        ("慶政發〔2005〕32號", "庆政 政发 发 2005 32 号"),
        ("庆政发（2005）32号", "庆政 政发 发 2005 32 号"),
        ("2025年度GDP增长", "2025 年度 度 gdp 增长 长"),
        ("“最美城管人”！", "最美 美城 城管 管人 人"),
        ("", ""),
    ],
)
def test_bigram_index_tokens(text, tokens):
    assert bigram.index_text(normalise(text)) == tokens


@pytest.mark.parametrize(
    ("term", "clause"),
    [
        ("张凤彪", Phrase(("张凤", "凤彪"))),
        ("低保", Phrase(("低保",))),
        # One character at the end: any token that starts with it.
        ("县", Phrase(("县",), prefix=True)),
        # A single character ending a longer term is left out (as a prefix it would be slow).
        ("2025年", Phrase(("2025",))),
        # A run followed by a number ends there in the text too, so its last character is a
        # token: 庆政发[2005] has 发 between 政发 and 2005.
        ("庆政发[2005]32号", Phrase(("庆政", "政发", "发", "2005", "32"))),
        ("庆政发2005", Phrase(("庆政", "政发", "发", "2005"))),
    ],
)
def test_bigram_query_clauses(term, clause):
    assert bigram.clauses(normalise(term)) == [clause]


def test_a_term_with_nothing_searchable_has_no_clause():
    assert bigram.clauses("[]()") == []


@pytest.mark.parametrize(
    ("text", "query"),
    [
        ("示范区住房和城乡建设局关于2025年老旧小区改造计划的通知", "老旧小区"),
        ("示范区住房和城乡建设局关于2025年老旧小区改造计划的通知", "2025年老旧"),
        ("现将《意见》（慶政發〔2005〕32號）转发给你们", "庆政发(2005)32号"),
        ("现将《意见》（慶政發〔2005〕32號）转发给你们", "32号"),
        ("决定对张凤彪等十名同志予以表彰", "张凤彪"),
        ("决定对张凤彪等十名同志予以表彰", "彪"),
    ],
)
def test_every_substring_of_the_text_is_a_phrase_of_its_tokens(text, query):
    tokens = bigram.tokens(normalise(text))
    (clause,) = bigram.clauses(normalise(query))
    n = len(clause.tokens)
    assert any(
        tokens[i : i + n - 1] == list(clause.tokens[:-1])
        and (
            tokens[i + n - 1].startswith(clause.tokens[-1])
            if clause.prefix
            else tokens[i + n - 1] == clause.tokens[-1]
        )
        for i in range(len(tokens) - n + 1)
    )


def test_trigram_searches_short_terms_as_substrings():
    trigram = get_tokeniser("trigram")
    assert trigram.clauses("低保") == [Substring("低保")]
    assert trigram.clauses("老旧小区") == [Phrase(("老旧小区",))]


def test_jieba_cuts_a_query_into_words_that_must_all_be_there():
    jieba = get_tokeniser("jieba")
    assert jieba.clauses("老旧小区改造") == [
        Phrase(("老旧",)),
        Phrase(("小区",)),
        Phrase(("改造",)),
    ]
