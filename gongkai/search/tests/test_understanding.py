"""Search that understands what citizens type (issue 13), on the database in use: runs typed
without spaces split into words, the vocabulary of government terms in both scripts, whole
words before pieces, the anonymous query log and the administrator's vocabulary."""

import pytest

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.models import AuditRecord
from gongkai.search.models import QueryDay, SearchTerm
from gongkai.search.selectors import FEW_PHRASE, NO_PHRASE, SOME_TERMS, search
from gongkai.search.services import reindex
from gongkai.search.tests.corpus_load import corpus_load
from gongkai.search.tests.test_search import item, keys_of
from gongkai.search.vocabulary import Vocabulary

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.search.tests.urls")]


@pytest.fixture
def citizens():
    keys = corpus_load(
        [
            item("enrol-phrase", "2025年义务教育招生工作方案", "教育局", 2025, "20-11"),
            item("enrol-a", "关于做好2025年义务教育阶段学校招生入学工作的通知", "教育局", 2025),
            item("enrol-b", "义务教育学校划片招生范围公示", "教育局", 2024),
            item("enrol-none", "义务教育质量监测结果", "教育局", 2024),
            item("dogs", "示范区养犬管理规定", "区府办", 2023, body="携犬出户应当束犬链。"),
            item("cg", "示范区城市管理综合执法局2024年工作总结", "城管局", 2024),
            item("house", "国有土地上房屋征收补偿方案", "住建局", 2023),
            item("heritage", "第五批区级非物质文化遗产代表性项目名录", "区府办", 2024),
            item("sangong", "2023年部门决算公务接待费情况说明", "财政局", 2024),
            item("dalian-pool", "五大连池", "区府办", 2024,
                 body="五大连池。五大连池。五大连池。五大连池。"),
            item("dalian-city", "关于与大连市开展对口合作的实施方案和年度工作安排的通知",
                 "区府办", 2022),
            item("dalian-trip", "赴大连学习考察报告", "区府办", 2021),
        ]
    )  # fmt: skip
    reindex()
    return keys


def test_a_run_that_finds_few_as_a_phrase_finds_its_words_phrase_first(citizens):
    page = search("义务教育招生")
    found = keys_of(page, citizens)
    assert found[0] == "enrol-phrase"
    assert sorted(found[1:]) == ["enrol-a", "enrol-b"]
    assert (page.total, page.notice, page.split) == (3, FEW_PHRASE, True)
    assert page.plan.split_words == ["义务教育", "招生"]


def test_a_run_not_found_as_a_phrase_says_so(citizens):
    page = search("招生义务教育")
    assert sorted(keys_of(page, citizens)) == ["enrol-a", "enrol-b", "enrol-phrase"]
    assert page.notice == NO_PHRASE


@pytest.mark.parametrize("typed", ['"义务教育招生"', "“义务教育招生”", "「义务教育招生」"])
def test_a_quoted_phrase_stays_exact(citizens, typed):
    page = search(typed)
    assert (keys_of(page, citizens), page.notice, page.split) == (["enrol-phrase"], "", False)


def test_the_search_page_says_what_was_searched(client, citizens):
    html = client.get("/search/", {"q": "招生义务教育"}).content.decode()
    assert NO_PHRASE in html
    assert "检索的词语：“招生”、“义务教育”" in html


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("养狗", ["dogs"]),
        ("養狗", ["dogs"]),  # Traditional: normalised first, then widened
        ("养狗规定", ["dogs"]),  # a known word inside a run
        ("城管", ["cg"]),
        ("城管局", ["cg"]),
        ("城管總結", ["cg"]),  # split, widened and Traditional at once
        ("拆迁", ["house"]),
        ("拆遷補償", ["house"]),
        ("非遗", ["heritage"]),
        ("非遺", ["heritage"]),
        ("三公经费", ["sangong"]),
    ],
)
def test_the_vocabulary_widens_queries_in_both_scripts(citizens, typed, expected):
    page = search(typed)
    assert (keys_of(page, citizens), page.notice) == (expected, page.notice.replace(SOME_TERMS, ""))
    # Without the vocabulary nothing has every word: at most some of the words, and it says so.
    bare = search(typed, vocabulary=Vocabulary())
    assert bare.total == 0 or bare.notice.endswith(SOME_TERMS)


def test_a_quoted_word_is_not_widened(citizens):
    assert keys_of(search('"养狗"'), citizens) == []


def test_whole_words_rank_before_the_same_characters_inside_another_word(citizens):
    # Without the word-boundary ranking the short title full of 五大连池 comes first ...
    assert keys_of(search("大连", boundaries=False), citizens)[0] == "dalian-pool"
    # ... with it, last: 大连市 and 大连 are words; 大连 in 五大连池 is inside one.
    found = keys_of(search("大连"), citizens)
    assert sorted(found[:2]) == ["dalian-city", "dalian-trip"]
    assert found[2:] == ["dalian-pool"]


def test_the_boundary_ranking_keeps_exact_matches_first(citizens):
    assert keys_of(search("五大连池"), citizens) == ["dalian-pool"]


# -- the query log -----------------------------------------------------------------------------


def test_the_query_log_keeps_no_trace_of_who_searched(client, citizens):
    user = UserFactory(username="citizen-clerk")
    client.force_login(user)
    client.get("/search/", {"q": "養狗"}, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="Bot/1.0")
    client.get("/api/search/", {"q": "养狗"}, REMOTE_ADDR="198.51.100.9")
    client.get("/search/", {"q": "养狗", "page": "2"}, REMOTE_ADDR="203.0.113.77")  # paging
    client.get("/search/", {"q": "110101199003074518"})
    client.get("/search/", {"q": "电话13812345678"})
    rows = sorted(
        QueryDay.objects.values_list("query", "filters", "searches", "zero_results", "results")
    )
    assert rows == [
        ("养狗", "", 2, 0, 1),
        ("电话＊", "", 1, 1, 0),
        ("＊", "", 1, 1, 0),
    ]
    # Nothing else is stored: no column for an address, session, account or time of day.
    assert {f.name for f in QueryDay._meta.get_fields()} == {
        "id",
        "day",
        "query",
        "filters",
        "searches",
        "zero_results",
        "results",
    }
    stored = repr(list(QueryDay.objects.values()))
    for trace in ("203.0.113", "198.51.100", "Bot/1.0", "citizen-clerk"):
        assert trace not in stored


def test_the_query_log_records_filters(client, citizens):
    client.get("/search/", {"q": "义务教育", "year": "2025"})
    assert list(QueryDay.objects.values_list("query", "filters", "results")) == [
        ("义务教育", "年份：2025", 2)
    ]


@pytest.fixture
def supervisor(client, db):
    user = UserFactory(username="zhuguan")
    role_grant(user=user, role=Role.SUPERVISING_OFFICE)
    client.force_login(user)
    return client


def test_the_supervising_office_sees_top_and_zero_result_queries(supervisor, citizens):
    for q in ["养狗", "养狗", "养狗", "城管", "无此词语甲乙"]:
        supervisor.get("/search/", {"q": q})
    html = supervisor.get("/workbench/search/queries/").content.decode()
    assert "<dt>检索次数</dt><dd>5</dd>" in html
    assert "<dt>零结果率</dt><dd>20.0%</dd>" in html
    top = html.split('id="top-h"')[1].split('id="zero-h"')[0]
    assert top.index("养狗") < top.index("城管") < top.index("无此词语甲乙")
    zero = html.split('id="zero-h"')[1]
    assert "<td>无此词语甲乙</td><td>1</td><td>1</td>" in zero
    assert "养狗" not in zero


def test_a_bad_period_gets_a_message(supervisor, citizens):
    response = supervisor.get("/workbench/search/queries/", {"start": "2025-02-30"})
    assert response.status_code == 400


def test_staff_without_the_role_cannot_see_the_query_log(client, citizens):
    client.force_login(UserFactory(username="jingban"))
    assert client.get("/workbench/search/queries/").status_code == 403


# -- the administrator edits the vocabulary ----------------------------------------------------


def test_the_administrator_adds_an_entry_and_the_next_search_uses_it(admin_client, citizens):
    assert keys_of(search("搬迁安置"), citizens) == []
    response = admin_client.post(
        "/admin/search/searchterm/add/",
        {"word": "搬迁安置", "equivalents": "房屋征收、征收补偿", "two_way": "on", "active": "on"},
    )
    assert response.status_code == 302
    assert keys_of(search("搬迁安置"), citizens) == ["house"]
    record = AuditRecord.objects.get(action="search.term_create")
    assert record.after["equivalents"] == "房屋征收|征收补偿"


def test_the_administrator_switches_an_entry_off(admin_client, citizens):
    term = SearchTerm.objects.get(word="养狗")
    response = admin_client.post(
        f"/admin/search/searchterm/{term.pk}/change/",
        {"word": "养狗", "equivalents": term.equivalents, "two_way": "on", "note": ""},
    )
    assert response.status_code == 302
    assert keys_of(search("养狗"), citizens) == []
    assert AuditRecord.objects.get(action="search.term_update").before["active"] is True


@pytest.mark.parametrize(
    ("word", "equivalents", "message"),
    [
        ("垃圾桶", "垃圾桶", "对应词不能与词语本身相同"),
        ("垃圾桶", "——", "“——”中没有可检索的文字"),
    ],
)
def test_a_bad_entry_gets_a_message_and_changes_nothing(
    admin_client, citizens, word, equivalents, message
):
    before = SearchTerm.objects.count()
    response = admin_client.post(
        "/admin/search/searchterm/add/",
        {"word": word, "equivalents": equivalents, "two_way": "on", "active": "on"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SearchTerm.objects.count() == before


def test_the_admin_lists_the_vocabulary_in_chinese(admin_client, citizens):
    html = admin_client.get("/admin/search/searchterm/", {"q": "城管"}).content.decode()
    for label in ("检索词表", "词语", "对应词", "双向", "启用", "随系统提供", "城市管理综合执法"):
        assert label in html
