"""The search page in a real browser: a visitor searches, filters by a facet and opens an item;
axe-core finds no serious or critical accessibility violation, on a desktop and a phone."""

import pytest
from playwright.sync_api import expect

from gongkai.portal.tests.test_browser import DESKTOP, PHONE, blocking_violations, open_page
from gongkai.search.backends import get_backend
from gongkai.search.tests.test_search import catalogue  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.urls("gongkai.search.tests.urls"),
]


@pytest.fixture
def indexed(catalogue):  # noqa: F811
    yield catalogue
    # The full-text table is not a model's: a transactional test's flush leaves it alone.
    get_backend().clear()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_search_page_has_no_serious_accessibility_violation(
    browser, live_server, indexed, viewport
):
    context, tab = open_page(browser, live_server, "/search/?q=低保", viewport)
    try:
        expect(tab.get_by_role("heading", level=1)).to_have_text("全文检索")
        assert blocking_violations(tab) == []
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()


def test_a_visitor_searches_in_traditional_characters_filters_and_opens_an_item(
    page, live_server, indexed
):
    page.goto(f"{live_server.url}/search/")
    page.get_by_label("检索词").fill("青山鎮 低保")
    page.get_by_role("button", name="检索").click()
    expect(page.get_by_role("heading", name="找到 2 条")).to_be_visible()
    validity = page.get_by_role("navigation", name="按有效性筛选")
    validity.get_by_role("link", name="已废止（1）").click()
    expect(page.get_by_role("heading", name="找到 1 条")).to_be_visible()
    page.get_by_role("link", name="青山镇2023年低保对象公示").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("青山镇2023年低保对象公示")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_query_typed_without_spaces_says_what_was_searched(
    browser, live_server, indexed, viewport
):
    context, tab = open_page(browser, live_server, "/search/?q=青山镇低保对象", viewport)
    try:
        expect(tab.get_by_role("status")).to_have_text("未找到完整短语，以下为包含全部词语的结果")
        expect(tab.get_by_role("note")).to_contain_text("检索的词语：“青山镇”、“低保”、“对象”")
        expect(tab.get_by_role("heading", name="找到 2 条")).to_be_visible()
        assert blocking_violations(tab) == []
        assert tab.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    finally:
        context.close()
