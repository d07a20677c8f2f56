"""The portal's search page and the search API."""

import pytest

from gongkai.search.query import EMPTY, NOTHING, TOO_LONG
from gongkai.search.tests.test_search import catalogue  # noqa: F401

pytestmark = [pytest.mark.django_db, pytest.mark.urls("gongkai.search.tests.urls")]


def test_the_search_page_lists_matches_with_marks_and_facets(client, catalogue):  # noqa: F811
    response = client.get("/search/", {"q": "低保"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "找到 4 条" in html
    assert "<mark>低保</mark>" in html
    assert "示范区青山镇人民政府（2）" in html
    assert 'role="search"' in html and '<label for="q">检索词</label>' in html


def test_the_search_page_filters_by_a_facet(client, catalogue):  # noqa: F811
    response = client.get("/search/", {"q": "低保", "validity": "repealed"})
    assert "找到 1 条" in response.content.decode()


def test_the_search_page_without_a_query_shows_the_form(client, catalogue):  # noqa: F811
    response = client.get("/search/")
    assert response.status_code == 200
    assert "找到" not in response.content.decode()


@pytest.mark.parametrize(
    ("q", "notice"),
    [("", EMPTY), ('" AND OR NOT * ( ) : ^ -', NOTHING), ("低保" * 5000, TOO_LONG)],
)
def test_the_search_page_answers_bad_queries_with_a_message(client, catalogue, q, notice):  # noqa: F811
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    assert notice in response.content.decode()


def test_the_search_page_answers_a_bad_filter_with_400(client, catalogue):  # noqa: F811
    response = client.get("/search/", {"q": "低保", "year": "二〇二四"})
    assert response.status_code == 400
    assert "年份（year）应为四位数字" in response.content.decode()


def test_the_api_answers_json(client, catalogue):  # noqa: F811
    data = client.get("/api/search/", {"q": "庆政发〔2005〕32号", "page_size": "1"}).json()
    assert (data["count"], data["page_size"], len(data["results"])) == (2, 1, 1)
    first = data["results"][0]
    assert first["title"] == "关于转发重庆市政府《关于加强城市管理工作的意见》的通知"
    assert first["doc_number"] == "庆政发〔2005〕32号"
    assert first["url"].startswith("http://testserver/catalogue/item/")
    assert data["facets"]["year"] == [{"value": "2005", "label": "2005年", "count": 2}]


def test_the_api_answers_an_empty_query_with_a_notice(client, catalogue):  # noqa: F811
    data = client.get("/api/search/", {"q": ""}).json()
    assert (data["count"], data["results"], data["notice"]) == (0, [], EMPTY)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"agency": "nope!"}, "机关代码（agency）应为1至32位字母、数字或连字符"),
        ({"agency": "X123"}, "没有代码为 X123 的机关（agency）"),
        ({"category": "20-99"}, "没有这个第二十条类别（category）：可用 20-1 至 20-15 和 21"),
        ({"page": "0"}, "页码（page）应为1至500之间的整数（最多显示前10000条）"),
        ({"page_size": "1000"}, "每页条数（page_size）应为1至100之间的整数"),
        ({"sort": "random"}, "排序（sort）应为 relevance（相关度）或 date（发布日期）"),
    ],
)
def test_the_api_answers_bad_parameters_with_400(client, catalogue, params, message):  # noqa: F811
    response = client.get("/api/search/", {"q": "低保"} | params)
    assert (response.status_code, response.json()) == (400, {"error": message})
