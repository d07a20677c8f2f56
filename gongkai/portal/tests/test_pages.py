"""Portal pages: the home page, the catalogue with its filters, item pages, and a 404 for
everything that is not published for proactive disclosure, however its address is guessed."""

from datetime import date

import pytest

from gongkai.catalogue import services as s
from gongkai.catalogue.models import Subject
from gongkai.catalogue.services import item_content_hash
from gongkai.portal.tests.conftest import DEFAULTS, png
from gongkai.portal.tests.pages import (
    alert,
    definitions,
    entries,
    entry_lines,
    links,
    section,
    section_text,
    tree,
)

FIRST = "114410025/2025-00001"


def titles(response) -> list[str]:
    return [title for title, _ in entries(response)]


def test_home_lists_the_ten_latest_published_items_newest_first(client, published):
    for day in range(1, 12):
        published(title=f"第{day}号通知", published_on=date(2025, 10, day))
    assert titles(client.get("/")) == [f"第{day}号通知" for day in range(11, 1, -1)]


def test_catalogue_shows_twenty_items_a_page_newest_first(client, published):
    for n in range(21):
        published(title=f"通知{n:02d}", published_on=date(2025, 10, 1 + n))
    first, second = client.get("/catalogue/"), client.get("/catalogue/?page=2")
    assert (titles(first), titles(second)) == (
        [f"通知{n:02d}" for n in range(20, 0, -1)],
        ["通知00"],
    )


def test_pagination_links_keep_the_filters(client, published):
    for n in range(21):
        published(title=f"通知{n:02d}", published_on=date(2025, 10, 1 + n))
    response = client.get("/catalogue/?category=20-3&page=1")
    nav = tree(response).xpath('//nav[@aria-label="分页"]')[0]
    assert links(nav) == [("下一页", "?category=20-3&page=2")]


@pytest.fixture
def catalogue_items(published, reviewed, admin, other_agency):
    """Four public items of two agencies, and four that must never be listed."""
    planning = Subject.objects.create(name="城乡建设、环境保护")
    finance = Subject.objects.create(name="财政、金融、审计")
    a = published(
        title="老旧小区改造三年行动计划",
        statutory_category="20-3",
        subject=planning,
        written_on=date(2024, 5, 6),
        published_on=date(2024, 5, 10),
    )
    b = published(title="建筑市场行政处罚裁量基准", statutory_category="20-6")
    c = published(
        title="建筑市场行政处罚裁量基准（2025年修订）",
        statutory_category="20-6",
        published_on=date(2025, 10, 10),
    )
    s.item_change_validity(item=b, actor=admin, validity="repealed", on=date(2025, 10, 10), by=c)
    d = published(
        agency=other_agency,
        title="2025年部门预算",
        statutory_category="20-7",
        subject=finance,
        published_on=date(2025, 10, 11),
    )
    s.item_create(agency=a.agency, actor=admin, **(DEFAULTS | {"title": "草稿"}))
    reviewed(title="待审批")
    s.item_withdraw(item=published(title="已撤回"), actor=admin, reason="发布有误，撤回更正")
    published(title="不予公开", attribute="withheld", withheld_reason="internal")
    return a, b, c, d


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "",
            [
                "2025年部门预算",
                "建筑市场行政处罚裁量基准（2025年修订）",
                "建筑市场行政处罚裁量基准",
                "老旧小区改造三年行动计划",
            ],
        ),  # noqa: E501
        ("agency=114410049", ["2025年部门预算"]),
        ("category=20-6", ["建筑市场行政处罚裁量基准（2025年修订）", "建筑市场行政处罚裁量基准"]),
        ("subject=城乡建设、环境保护", ["老旧小区改造三年行动计划"]),
        ("year=2024", ["老旧小区改造三年行动计划"]),
        ("validity=repealed", ["建筑市场行政处罚裁量基准"]),
        ("category=20-6&validity=in_force", ["建筑市场行政处罚裁量基准（2025年修订）"]),
        (
            "agency=114410025&year=2025",
            ["建筑市场行政处罚裁量基准（2025年修订）", "建筑市场行政处罚裁量基准"],
        ),  # noqa: E501
    ],
)
def test_catalogue_filters(client, catalogue_items, query, expected):
    if query.startswith("subject="):
        query = f"subject={Subject.objects.get(name=query.removeprefix('subject=')).pk}"
    response = client.get(f"/catalogue/?{query}")
    assert (response.status_code, titles(response)) == (200, expected)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("category=20-99", "第二十条类别：没有这个类别，请从列表中选择。"),
        ("year=20x5", "发布年份：请从列表中选择发布年份。"),
        ("agency=nope", "发布机关：没有这个机关，请从列表中选择。"),
        ("subject=abc", "主题分类：没有这个主题分类，请从列表中选择。"),
        ("validity=valid", "有效性：有效性只能是现行有效、已修改或已废止。"),
    ],
)
def test_a_bad_filter_gets_a_message_and_lists_nothing(client, catalogue_items, query, message):
    response = client.get(f"/catalogue/?{query}")
    assert (response.status_code, alert(response), titles(response)) == (400, [message], [])


def test_agency_catalogue_shows_index_number_title_summary_and_date(client, catalogue_items):
    response = client.get("/catalogue/agency/114410025/")
    assert entry_lines(response) == [
        [
            "建筑市场行政处罚裁量基准（2025年修订）",
            "索引号：114410025/2025-00002 发布日期：2025-10-10",
            "各街道：现将2025年老旧小区改造计划印发给你们，请认真组织实施。",
        ],
        [
            "建筑市场行政处罚裁量基准",
            "索引号：114410025/2025-00001 发布日期：2025-10-09 已废止",
            "各街道：现将2025年老旧小区改造计划印发给你们，请认真组织实施。",
        ],
        [
            "老旧小区改造三年行动计划",
            "索引号：114410025/2024-00001 发布日期：2024-05-10",
            "各街道：现将2025年老旧小区改造计划印发给你们，请认真组织实施。",
        ],
    ]


def test_agency_catalogue_filters_within_the_agency(client, catalogue_items):
    response = client.get("/catalogue/agency/114410025/?category=20-7")
    assert (response.status_code, titles(response)) == (200, [])


def test_agency_catalogue_of_an_unknown_agency_is_404(client, db):
    assert client.get("/catalogue/agency/000000000/").status_code == 404


def test_entry_summary_is_the_summary_when_there_is_one(client, published):
    published(summary="明确2025年改造的42个小区及资金安排。")
    assert entry_lines(client.get("/catalogue/"))[0][2] == "明确2025年改造的42个小区及资金安排。"


def test_item_page_shows_the_metadata_block(client, published):
    subject = Subject.objects.create(name="城乡建设、环境保护")
    published(subject=subject, keywords="老旧小区 改造")
    response = client.get(f"/catalogue/item/{FIRST}/")
    assert definitions(response, "meta-h") == {
        "索引号": FIRST,
        "发布机构": "示范区住房和城乡建设局",
        "文号": "示住建〔2025〕12号",
        "成文日期": "2025-09-26",
        "发布日期": "2025-10-09",
        "主题分类": "城乡建设、环境保护",
        "第二十条类别": "（三）国民经济和社会发展规划、专项规划、区域规划及相关政策",
        "体裁": "通知公告",
        "关键词": "老旧小区 改造",
        "有效性": "现行有效",
    }


def test_item_page_shows_the_body(client, published):
    published(body="各街道：\n\n现将计划印发给你们。")
    assert section_text(client.get(f"/catalogue/item/{FIRST}/"), "body-h") == (
        "正文 各街道： 现将计划印发给你们。"
    )


def test_validity_links_to_the_repealing_item_and_back(client, catalogue_items):
    _, repealed, repealing, _ = catalogue_items
    old = client.get(f"/catalogue/item/{repealed.index_number}/")
    new = client.get(f"/catalogue/item/{repealing.index_number}/")
    validity = '//dt[.="有效性"]/following-sibling::dd'
    assert (
        definitions(old, "meta-h")["有效性"],
        links(tree(old).xpath(validity)[0]),
        definitions(new, "meta-h")["有效性"],
        links(tree(new).xpath(validity)[0]),
    ) == (
        "已废止（2025-10-10） 废止文件：建筑市场行政处罚裁量基准（2025年修订）",
        [("建筑市场行政处罚裁量基准（2025年修订）", "/catalogue/item/114410025/2025-00002/")],
        "现行有效 本文件废止了：建筑市场行政处罚裁量基准",
        [("建筑市场行政处罚裁量基准", "/catalogue/item/114410025/2025-00001/")],
    )


def test_policy_and_interpretation_link_to_each_other(client, reviewed, admin):
    policy = reviewed(
        title="示范区既有住宅加装电梯管理办法", genre="normative_document", is_policy=True
    )
    reviewed(
        title="《示范区既有住宅加装电梯管理办法》政策解读",
        genre="interpretation",
        interprets=policy,
    )
    s.item_approve(item=policy, actor=admin, published_on=date(2025, 10, 9))
    policy_page = client.get(f"/catalogue/item/{FIRST}/")
    interpretation_page = client.get("/catalogue/item/114410025/2025-00002/")
    assert (
        links(section(policy_page, "interpretation-h")),
        links(section(interpretation_page, "interprets-h")),
    ) == (
        [("《示范区既有住宅加装电梯管理办法》政策解读", "/catalogue/item/114410025/2025-00002/")],
        [("示范区既有住宅加装电梯管理办法", "/catalogue/item/114410025/2025-00001/")],
    )


def test_attachments_are_listed_and_downloadable(client, published):
    data = png((10, 20, 30))
    item = published(attachments=[("改造小区名单.png", data)])
    attachment = item.attachments.get()
    page = client.get(f"/catalogue/item/{FIRST}/")
    download = client.get(f"/catalogue/attachments/{attachment.pk}/")
    assert (
        links(section(page, "attachments-h")),
        download["Content-Type"],
        download["Content-Disposition"],
        b"".join(download.streaming_content),
    ) == (
        [("改造小区名单.png", f"/catalogue/attachments/{attachment.pk}/")],
        "image/png",
        "attachment; filename*=utf-8''%E6%94%B9%E9%80%A0%E5%B0%8F%E5%8C%BA%E5%90%8D%E5%8D%95.png",
        data,
    )


def test_item_page_shows_the_content_hash_that_was_approved(client, published):
    item = published()
    code = tree(client.get(f"/catalogue/item/{FIRST}/")).xpath('//code[@class="hash"]')[0]
    assert (code.text, len(code.text)) == (item_content_hash(item), 64)


def test_an_item_is_found_by_pk_and_redirected_to_its_index_number(client, published):
    item = published()
    response = client.get(f"/catalogue/{item.pk}/")
    assert (response.status_code, response["Location"]) == (301, f"/catalogue/item/{FIRST}/")


def test_an_unknown_index_number_gets_the_chinese_404_page(client, db):
    response = client.get(f"/catalogue/item/{FIRST}/")
    assert (response.status_code, tree(response).xpath("//h1")[0].text) == (404, "页面不存在")


@pytest.fixture
def hidden(reviewed, published, admin, agency):
    """One item in each state the public must never see, each with an attachment."""

    def make(kind: str):
        attachments = [("附件.png", png())]
        if kind in ("draft", "secrecy_review"):
            item = s.item_create(agency=agency, actor=admin, **DEFAULTS)
            s.attachment_add(item=item, actor=admin, data=png(), name="附件.png")
            if kind == "secrecy_review":
                s.item_submit(item=item, actor=admin)
            return item
        if kind == "approval":
            return reviewed(attachments=attachments)
        if kind == "withdrawn":
            item = published(attachments=attachments)
            return s.item_withdraw(item=item, actor=admin, reason="发布有误，撤回更正")
        if kind == "on_request":
            return published(attachments=attachments, attribute="on_request")
        return published(attachments=attachments, attribute="withheld", withheld_reason="internal")

    return make


@pytest.mark.parametrize(
    "kind", ["draft", "secrecy_review", "approval", "withdrawn", "on_request", "withheld"]
)
def test_guessing_the_address_of_an_item_that_is_not_public_gets_404(client, hidden, kind):
    item = hidden(kind)
    attachment = item.attachments.get()
    guesses = [
        f"/catalogue/{item.pk}/",
        f"/catalogue/item/{item.index_number or FIRST}/",
        f"/catalogue/attachments/{attachment.pk}/",
        f"/api/items/{item.pk}/",
    ]
    assert [client.get(url).status_code for url in guesses] == [404, 404, 404, 404]


def test_items_that_are_not_public_are_listed_nowhere(client, catalogue_items):
    pages = ["/", "/catalogue/", "/catalogue/agency/114410025/"]
    listed = {title for url in pages for title in titles(client.get(url))}
    assert listed == {
        "2025年部门预算",
        "建筑市场行政处罚裁量基准（2025年修订）",
        "建筑市场行政处罚裁量基准",
        "老旧小区改造三年行动计划",
    }


def test_portal_pages_refuse_to_be_posted_to(client, db):
    assert client.post("/catalogue/").status_code == 405


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/catalogue/agency/%00/", 404),
        ("/catalogue/agency/住建局/", 404),
        ("/guide/%00/", 404),
        ("/feeds/agency/%00/rss/", 404),
        ("/feeds/category/%00/atom/", 404),
        ("/catalogue/item/%00/", 404),
        (f"/catalogue/item/{'9' * 200}/", 404),
        ("/catalogue/?agency=%00", 400),
        ("/catalogue/?subject=%00", 400),
        ("/catalogue/?year=%00", 400),
        ("/api/items/%00/", 404),
        ("/catalogue/attachments/99999999999999999999/", 404),
    ],
)
def test_strange_addresses_get_a_plain_answer_never_a_server_error(client, db, url, status):
    assert client.get(url).status_code == status


def test_items_published_the_same_day_are_paged_newest_entered_first(client, published):
    for n in range(21):
        published(title=f"公告{n:02d}", published_on=date(2025, 10, 9))
    first, second = client.get("/catalogue/"), client.get("/catalogue/?page=2")
    assert (titles(first), titles(second)) == (
        [f"公告{n:02d}" for n in range(20, 0, -1)],
        ["公告00"],
    )
