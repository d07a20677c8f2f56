"""Searching: ranking, filters and facets with counts, pagination, sorting, and bad queries."""

from datetime import date

import pytest
from django.db import connection

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Item
from gongkai.search.query import EMPTY, NOTHING, TOO_LONG
from gongkai.search.selectors import SOME_TERMS, SearchFilters, search
from gongkai.search.services import reindex
from gongkai.search.tests.corpus import AGENCY_INDEX, CorpusItem
from gongkai.search.tests.corpus_load import corpus_load
from gongkai.search.vocabulary import Vocabulary

pytestmark = pytest.mark.django_db


def item(key, title, agency="住建局", year=2024, category="20-3", validity="in_force", **more):
    fields = {
        "doc_number": "",
        "keywords": "",
        "body": "",
        "genre": "notice",
        "subject": "城乡建设、环境保护",
        "topic": "",
        "place": "",
    } | more
    return CorpusItem(
        key=key,
        agency=AGENCY_INDEX[agency],
        title=title,
        written_on=date(year, 3, 1),
        published_on=date(year, 3, 9),
        statutory_category=category,
        validity=validity,
        **fields,
    )


@pytest.fixture
def catalogue():
    keys = corpus_load(
        [
            item("a", "城东街道2024年低保金发放情况", "城东街道", 2024, "20-11"),
            item("b", "青山镇2024年第三季度最低生活保障对象公示", "青山镇", 2024, "20-11",
                 body="新增低保对象23户41人"),
            item("c", "青山镇2023年低保对象公示", "青山镇", 2023, "20-11", validity="repealed"),
            item("d", "关于做好老旧小区改造工作的通知", "住建局", 2023, "20-3",
                 body="同时统筹做好低保等相关工作", doc_number="示住建〔2023〕7号"),
            item("e", "关于转发重庆市政府《关于加强城市管理工作的意见》的通知", "区府办", 2005,
                 "20-1", doc_number="庆政发〔2005〕32号",
                 body="现将《意见》转发给你们，请<script>alert(1)</script>执行。"),
            item("f", "关于转发《城市管理考核办法》的通知", "区府办", 2005, "20-1",
                 body="根据庆政发〔2005〕32号文件精神，制定本办法。"),
        ]
    )  # fmt: skip
    reindex()
    return keys


def keys_of(page, keys):
    by_pk = {pk: key for key, pk in keys.items()}
    return [by_pk[r.item.pk] for r in page.results]


def test_a_word_in_the_title_ranks_above_a_word_in_passing(catalogue):
    assert keys_of(search("低保"), catalogue)[-1] == "d"


def test_the_item_with_the_document_number_comes_before_items_citing_it(catalogue):
    assert keys_of(search("慶政發（2005）32號"), catalogue) == ["e", "f"]


def test_facets_count_every_match_by_agency_category_year_and_validity(catalogue):
    page = search("低保")
    facets = {f.name: [(v.label, v.count) for v in f.values] for f in page.facets}
    assert page.total == 4
    assert facets["agency"] == [
        ("示范区青山镇人民政府", 2),
        ("示范区住房和城乡建设局", 1),
        ("示范区城东街道办事处", 1),
    ]
    assert facets["category"] == [
        ("（三）国民经济和社会发展规划、专项规划、区域规划及相关政策", 1),
        ("（十一）扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况", 3),
    ]
    assert facets["year"] == [("2024年", 2), ("2023年", 2)]
    assert facets["validity"] == [("现行有效", 3), ("已废止", 1)]
    assert facets["subject"] == [("城乡建设、环境保护", 4)]


def test_filters_narrow_the_results_and_their_counts(catalogue):
    agency = Agency.objects.get(name="示范区青山镇人民政府")
    page = search("低保", SearchFilters(agency=agency, year=2024))
    assert (keys_of(page, catalogue), page.total) == (["b"], 1)
    assert [(v.value, v.count, v.selected) for v in page.facets[0].values] == [
        (agency.code, 1, True)
    ]


def test_a_validity_filter(catalogue):
    assert keys_of(search("低保", SearchFilters(validity="repealed")), catalogue) == ["c"]


def test_pages_and_sort_by_date(catalogue):
    first = search("低保", sort="date", page_size=3)
    second = search("低保", sort="date", page=2, page_size=3)
    # Same day: the later published first.
    assert keys_of(first, catalogue) == ["b", "a", "d"]
    assert (keys_of(second, catalogue), second.total, second.pages) == (["c"], 4, 2)


def test_every_term_must_match_and_failing_that_any(catalogue):
    assert keys_of(search("青山镇 低保 2023"), catalogue) == ["c"]
    page = search("青山镇 公租房")
    assert page.notice == SOME_TERMS
    assert set(keys_of(page, catalogue)) == {"b", "c"}


def test_snippets_mark_the_match_and_escape_the_text(catalogue):
    (result,) = search("转发给你们").results
    assert "<mark>转发给你们</mark>" in result.snippet_html
    assert "&lt;script&gt;" in result.snippet_html
    assert "<script>" not in result.snippet_html


@pytest.mark.parametrize(
    ("typed", "notice"),
    [
        ("", EMPTY),
        ('" AND OR NOT * ( ) : ^ -', NOTHING),
        ("x" * 10_000, TOO_LONG),
        ('低保" OR "1"="1', ""),
        ("低保 NEAR/3 青山*", ""),
        ("{title}: 低保", ""),
        ("低保^2 -青山", ""),
        ("'; DROP TABLE search_fts; --", ""),
    ],
)
def test_bad_queries_get_an_answer_never_an_error(catalogue, typed, notice):
    page = search(typed)
    assert page.notice.startswith(notice)
    assert Item.objects.count() == 6


def test_a_query_with_operators_searches_their_words(catalogue):
    assert keys_of(search('"低保" AND (青山镇) NOT'), catalogue)[0] in {"b", "c"}


def test_counting_stops_at_the_limit_and_facets_count_the_newest(catalogue, monkeypatch):
    from gongkai.search.backends import postgres, sqlite

    for module in (sqlite, postgres):
        monkeypatch.setattr(module, "COUNT_LIMIT", 3)
    page = search("低保")
    assert (page.total, page.more, page.facets_window) == (3, True, 3)
    assert sum(v.count for v in page.facets[0].values) == 3


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's ranking of common terms")
def test_a_term_too_common_for_bm25_ranks_title_matches_first_newest_first(catalogue, monkeypatch):
    from gongkai.search.backends import sqlite

    monkeypatch.setattr(sqlite, "RANK_ALL", 1)
    # In the title: c, a (newest first); elsewhere only: d, b. (Without the vocabulary, which
    # would find b's title by 最低生活保障.)
    assert keys_of(search("低保", vocabulary=Vocabulary()), catalogue) == ["c", "a", "d", "b"]


def test_every_match_is_listed_past_the_ranked_window(catalogue, monkeypatch):
    from gongkai.search.backends import postgres, sqlite

    monkeypatch.setattr(sqlite, "RANK_ALL", 1)
    monkeypatch.setattr(postgres, "PG_RANK_ALL", 1)
    monkeypatch.setattr(postgres, "PG_RANK_HEAD", 1)
    assert sorted(keys_of(search("低保"), catalogue)) == ["a", "b", "c", "d"]


def test_an_exact_document_number_comes_first_even_outside_the_window(catalogue, monkeypatch):
    from gongkai.search.backends import postgres, sqlite

    monkeypatch.setattr(sqlite, "RANK_ALL", 1)
    monkeypatch.setattr(postgres, "PG_RANK_ALL", 1)
    monkeypatch.setattr(postgres, "PG_RANK_HEAD", 1)
    # Only the newest match, f, which cites the number, is ranked; e bears it.
    assert keys_of(search("庆政发〔2005〕32号"), catalogue) == ["e", "f"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's filter tokens")
def test_the_migration_writes_the_filter_tokens_the_backend_writes(catalogue):
    """search/0004 gave entries indexed before it their filter tokens in SQL; they must be
    the tokens the backend writes itself (base.facet_tokens)."""
    from importlib import import_module

    from gongkai.search.backends.base import Filters

    tokens_sql = import_module("gongkai.search.migrations.0004_filter_tokens").TOKENS
    with connection.cursor() as cursor:
        # One entry without a subject (the fixture's all have one).
        cursor.execute(
            "UPDATE search_entry SET subject_id = NULL "
            "WHERE item_id = (SELECT min(item_id) FROM search_entry)"
        )
        cursor.execute(
            f"SELECT {tokens_sql}, agency_id, statutory_category, subject_id, year, validity "  # noqa: S608
            "FROM search_entry ORDER BY item_id"
        )
        rows = cursor.fetchall()
    expected = [
        " ".join(
            Filters(agency_id=a, statutory_category=c, subject_id=s, year=y, validity=v).tokens()
        )
        for _, a, c, s, y, v in rows
    ]
    subjects = {s is None for *_, s, _, _ in rows}
    assert ([written for written, *_ in rows], subjects) == (expected, {True, False})
