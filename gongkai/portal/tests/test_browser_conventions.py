"""The portal's conventions in a real browser: 关怀版 (large type that persists from page to
page and back), the header search box, Chinese error pages, and the new pages at phone width."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def font_size(page) -> float:
    return float(page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)"))


def test_care_mode_gives_large_type_on_every_page_until_switched_off(live_server, page, agency):
    page.goto(f"{live_server.url}/catalogue/")
    standard = font_size(page)

    page.get_by_role("link", name="关怀版").click()
    # The click starts a navigation; measure the page it lands on, not the one it leaves, once
    # its stylesheets have loaded (care.css is fetched for the first time here).
    expect(page.get_by_role("link", name="标准版")).to_be_visible()
    page.wait_for_load_state("load")
    on_catalogue = font_size(page)
    page.get_by_role("link", name="公开指南").click()
    on_guide = font_size(page)
    h1 = float(page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)"))
    page.get_by_role("link", name="标准版").click()
    expect(page.get_by_role("link", name="关怀版")).to_be_visible()

    # 《互联网网站适老化通用设计规范》: body text at least 18 px; headings larger still.
    assert (standard, on_catalogue, on_guide, h1, font_size(page)) == (16, 20, 20, 40, 16)
    expect(page).to_have_url(f"{live_server.url}/guide/")


def test_the_header_search_box_searches_the_catalogue(live_server, page, agency):
    page.goto(f"{live_server.url}/guide/")
    page.get_by_role("search", name="全站检索").get_by_role("searchbox").fill("加装电梯")
    page.get_by_role("search", name="全站检索").get_by_role("button", name="检索").click()

    expect(page).to_have_url(f"{live_server.url}/search/?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF")
    expect(page.get_by_role("heading", level=1)).to_have_text("全文检索")


def test_an_unknown_page_is_answered_in_chinese(live_server, page, agency):
    page.goto(f"{live_server.url}/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("页面不存在")
    expect(page.get_by_role("alert")).to_have_text("您访问的页面不存在，或该信息未主动公开。")
    expect(page).to_have_title("页面不存在 · 示范区人民政府政府信息公开")


@pytest.mark.parametrize("path", ["/", "/contact/", "/site-map/", "/no-such-page/", "/search/"])
def test_portal_pages_fit_a_phone(live_server, browser, agency, path):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    tab = context.new_page()
    tab.goto(f"{live_server.url}{path}")
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 390
