"""What a person types: any input gets an answer; matches are marked, and the rest escaped."""

import pytest

from gongkai.search.query import EMPTY, NOTHING, TOO_LONG, highlight, parse


@pytest.mark.parametrize(
    ("typed", "terms", "notice"),
    [
        ("", (), EMPTY),
        ("   ", (), EMPTY),
        (None, (), EMPTY),
        ('" AND OR NOT * ( ) : ^ -', (), NOTHING),
        ("“”‘’《》，。", (), NOTHING),
        ("低保 AND 青山镇", ("低保", "青山镇"), ""),
        ('"老旧小区" -改造', ("老旧小区", "-改造"), ""),
        ("title:低保*", ("title:低保*",), ""),
        ("慶政發〔2005〕32號", ("庆政发[2005]32号",), ""),
        ("低保\x00青山镇", ("低保", "青山镇"), ""),
        ("低保 低保", ("低保",), ""),
    ],
)
def test_parse(typed, terms, notice):
    parsed = parse(typed)
    assert (parsed.terms, parsed.notice) == (terms, notice)


@pytest.mark.parametrize(
    ("typed", "terms", "quoted"),
    [
        ('"义务教育招生"', ("义务教育招生",), {"义务教育招生"}),
        ("“防汛应急响应” 2024", ("防汛应急响应", "2024"), {"防汛应急响应"}),
        ("「養狗」", ("养狗",), {"养狗"}),
        ("『大连』 旅游", ("大连", "旅游"), {"大连"}),
        ('"义务教育 招生"', ("义务教育 招生",), {"义务教育 招生"}),
        ('义务教育"招生', ('义务教育"招生',), set()),  # unclosed: not a quote
        ('""', (), set()),
    ],
)
def test_quoted_phrases_are_kept_whole(typed, terms, quoted):
    parsed = parse(typed)
    assert (parsed.terms, set(parsed.quoted)) == (terms, quoted)


def test_a_huge_query_is_cut_with_a_notice():
    parsed = parse("低保" * 5000)
    assert parsed.notice == TOO_LONG
    assert len(parsed.terms[0]) == 100


def test_highlight_marks_matches_and_escapes_the_rest():
    assert (
        highlight("<b>关于低保</b>的通知 & 低保金", parse("低保").needles())
        == "&lt;b&gt;关于<mark>低保</mark>&lt;/b&gt;的通知 &amp; <mark>低保</mark>金"
    )


def test_highlight_marks_a_traditional_text_for_a_simplified_query():
    assert highlight("慶政發〔2005〕32號", parse("庆政发[2005]32号").needles()) == (
        "<mark>慶政發〔2005〕32號</mark>"
    )


def test_a_snippet_is_a_window_around_the_first_match():
    text = "一" * 200 + "老旧小区" + "二" * 200
    assert (
        highlight(text, ["老旧小区"], 30) == "…一一一一一一<mark>老旧小区</mark>" + "二" * 20 + "…"
    )
