"""The conventions of a Chinese government site (《政府网站发展指引》): the search box and
feeds on every page, the footer's identity, 联系我们, 网站地图, favicon, robots.txt and the
elderly-friendly mode (关怀版)."""

import pytest

from gongkai.portal.tests.pages import links, squash, tree

pytestmark = pytest.mark.django_db


def footer_lines(response) -> list[str]:
    return [squash(p.text_content()) for p in tree(response).xpath("//footer//p")]


def test_footer_names_the_government_as_sponsor_and_the_demo_identifiers(client, agency):
    assert footer_lines(client.get("/")) == [
        "主办单位：示范区人民政府",
        "网站标识码：0000000000（演示） 示ICP备00000000号（演示） "
        "示公网安备00000000000000号（演示）",
        "本网站依据《中华人民共和国政府信息公开条例》公开政府信息。",
    ]


def test_footer_takes_the_identity_from_settings(client, agency, settings):
    settings.GONGKAI_SITE_SPONSOR = "示范市人民政府办公室"
    settings.GONGKAI_SITE_ORGANISER = "示范市政务服务数据管理局"
    settings.GONGKAI_SITE_ID = "4413000001"
    settings.GONGKAI_SITE_ICP = "粤ICP备12345678号"
    settings.GONGKAI_SITE_PSB = "粤公网安备44130202000001号"
    assert footer_lines(client.get("/catalogue/"))[:2] == [
        "主办单位：示范市人民政府办公室 承办单位：示范市政务服务数据管理局",
        "网站标识码：4413000001 粤ICP备12345678号 粤公网安备44130202000001号",
    ]


def test_the_icp_number_links_to_the_ministry_filing_site(client, agency):
    footer = tree(client.get("/")).xpath("//footer")[0]
    assert ("示ICP备00000000号（演示）", "https://beian.miit.gov.cn/") in links(footer)


def test_identifiers_left_empty_are_not_shown(client, agency, settings):
    settings.GONGKAI_SITE_ID = settings.GONGKAI_SITE_ICP = settings.GONGKAI_SITE_PSB = ""
    assert footer_lines(client.get("/"))[1] == ""


@pytest.mark.parametrize("path", ["/", "/catalogue/", "/guide/", "/apply/", "/annual-reports/"])
def test_every_portal_page_has_the_search_box_and_the_feeds(client, agency, path):
    page = tree(client.get(path))
    search = page.xpath('//header//form[@role="search"]')[0]
    feeds = page.xpath('//head/link[@rel="alternate"]/@href')
    assert (search.get("action"), search.xpath(".//input/@name"), feeds[:2]) == (
        "/search/",
        ["q"],
        ["/feeds/latest/rss/", "/feeds/latest/atom/"],
    )


def test_the_catalogue_has_its_own_search_box_limited_to_the_agency(client, agency):
    page = tree(client.get(f"/catalogue/agency/{agency.code}/"))
    form = page.xpath('//main//form[@action="/search/"]')[0]
    assert [(i.get("name"), i.get("value")) for i in form.xpath(".//input")] == [
        ("q", None),
        ("agency", agency.code),
    ]


def test_the_latest_feed_lists_published_items(client, published):
    published(title="示范区关于做好2025年汛期安全工作的通知")
    response = client.get("/feeds/latest/rss/")
    assert (response.status_code, "示范区关于做好2025年汛期安全工作的通知" in response.text) == (
        200,
        True,
    )


def test_contact_page_lists_each_disclosure_office(client, agency):
    agency.office_phone = "0752-2100001"
    agency.office_address = "示范区人民路88号"
    agency.office_postcode = "516001"
    agency.save()
    block = tree(client.get("/contact/")).xpath("//main//li[h2]")[0]
    details = {
        squash(div.xpath("./dt")[0].text_content()): squash(div.xpath("./dd")[0].text_content())
        for div in block.xpath(".//dl/div")
    }
    assert (squash(block.xpath("./h2")[0].text_content()), details) == (
        "示范区住房和城乡建设局",
        {
            "工作机构": "示范区住房和城乡建设局办公室",
            "办公地址": "示范区人民路88号（邮编 516001）",
            "办公时间": "—",
            "联系电话": "0752-2100001",
            "传真": "—",
            "电子邮箱": "—",
        },
    )


def test_site_map_page_lists_the_sections(client, agency):
    headings = [
        squash(h.text_content()) for h in tree(client.get("/site-map/")).xpath("//main//h2")
    ]
    assert headings == [
        "首页",
        "政府信息公开目录",
        "政府信息公开指南",
        "依申请公开",
        "政府信息公开工作年度报告",
        "监督考核",
        "订阅",
    ]


def test_robots_txt_keeps_staff_pages_out_and_names_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /workbench/",
        "Disallow: /admin/",
        "Disallow: /accounts/",
        "Disallow: /apply/status/",
        "Disallow: /audit/",
        "Disallow: /workdays/",
        "Sitemap: http://testserver/sitemap.xml",
    ]


def test_favicon_is_linked_and_served(client, agency):
    icons = tree(client.get("/")).xpath('//head/link[@rel="icon"]/@href')
    response = client.get("/favicon.ico")
    assert (icons, response.status_code, response["Location"]) == (
        ["/static/portal/favicon.svg", "/static/portal/favicon.ico"],
        302,
        "/static/portal/favicon.ico",
    )


def test_care_mode_link_sets_the_cookie_and_returns_to_the_page(client, db):
    response = client.get("/care/", {"mode": "care", "next": "/catalogue/?page=2"})
    assert (response.status_code, response["Location"], response.cookies["gongkai_care"].value) == (
        302,
        "/catalogue/?page=2",
        "1",
    )


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "javascript:x"]
)
def test_care_mode_never_redirects_off_site(client, db, target):
    response = client.get("/care/", {"mode": "care", "next": target})
    assert response["Location"] == "/"


def test_care_mode_page_loads_the_large_type_style_and_offers_the_standard_one(client, agency):
    client.cookies["gongkai_care"] = "1"
    page = tree(client.get("/guide/"))
    toggle = page.xpath('//a[contains(@class, "care-toggle")]')[0]
    assert (
        page.xpath("/html/@class"),
        page.xpath('//head/link[@rel="stylesheet"]/@href'),
        toggle.text,
        toggle.get("href"),
    ) == (
        ["care"],
        ["/static/portal/portal.css", "/static/portal/care.css"],
        "标准版",
        "/care/?mode=standard&next=/guide/",
    )


def test_standard_mode_removes_the_cookie(client, db):
    client.cookies["gongkai_care"] = "1"
    response = client.get("/care/", {"mode": "standard", "next": "/"})
    assert (response["Location"], response.cookies["gongkai_care"].value) == ("/", "")
