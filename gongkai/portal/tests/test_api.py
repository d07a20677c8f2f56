"""The read-only JSON API: filters, pagination, details, 404 for what is not public, and a
400 with a Chinese message for every malformed parameter."""

from datetime import date

import pytest

from gongkai.catalogue import services as s
from gongkai.catalogue.models import Subject
from gongkai.portal.tests.conftest import png

BASE = "http://testserver"


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["results"]]


@pytest.fixture
def api_items(published, other_agency, admin):
    subject = Subject.objects.create(name="城乡建设、环境保护")
    plan = published(
        title="老旧小区改造三年行动计划",
        statutory_category="20-3",
        subject=subject,
        keywords="老旧小区 改造",
        summary="2024至2026年改造计划。",
        written_on=date(2024, 5, 6),
        published_on=date(2024, 5, 10),
    )
    old = published(title="建筑市场行政处罚裁量基准", statutory_category="20-6")
    new = published(
        title="建筑市场行政处罚裁量基准（2025年修订）",
        statutory_category="20-6",
        published_on=date(2025, 10, 10),
        attachments=[("裁量基准表.png", png((1, 2, 3)))],
    )
    s.item_change_validity(
        item=old, actor=admin, validity="repealed", on=date(2025, 10, 10), by=new
    )
    published(
        agency=other_agency,
        title="2025年部门预算",
        statutory_category="20-7",
        published_on=date(2025, 10, 11),
    )
    s.item_withdraw(item=published(title="已撤回"), actor=admin, reason="发布有误，撤回更正")
    return plan, old, new


def test_list_gives_every_field_of_an_item(client, api_items):
    plan, _, _ = api_items
    response = client.get("/api/items/?year=2024")
    plan.refresh_from_db()
    assert (response.status_code, response["Content-Type"], response.json()) == (
        200,
        "application/json; charset=utf-8",
        {
            "count": 1,
            "page": 1,
            "page_size": 20,
            "results": [
                {
                    "id": plan.pk,
                    "index_number": "114410025/2024-00001",
                    "title": "老旧小区改造三年行动计划",
                    "doc_number": "示住建〔2025〕12号",
                    "agency": {"code": "114410025", "name": "示范区住房和城乡建设局"},
                    "issuing_agency": "示范区住房和城乡建设局",
                    "written_on": "2024-05-06",
                    "published_on": "2024-05-10",
                    "statutory_category": "20-3",
                    "genre": "notice",
                    "subject": "城乡建设、环境保护",
                    "keywords": "老旧小区 改造",
                    "validity": "in_force",
                    "summary": "2024至2026年改造计划。",
                    "url": f"{BASE}/catalogue/item/114410025/2024-00001/",
                    "content_hash": plan.content_hash,
                }
            ],
        },
    )


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
        ),
        ("agency=114410049", ["2025年部门预算"]),
        ("category=20-6", ["建筑市场行政处罚裁量基准（2025年修订）", "建筑市场行政处罚裁量基准"]),
        ("year=2024", ["老旧小区改造三年行动计划"]),
        ("validity=repealed", ["建筑市场行政处罚裁量基准"]),
        (
            "agency=114410025&category=20-6&validity=in_force",
            ["建筑市场行政处罚裁量基准（2025年修订）"],
        ),
        ("year=2023", []),
    ],
)
def test_list_filters(client, api_items, query, expected):
    response = client.get(f"/api/items/?{query}")
    assert (response.status_code, response.json()["count"], titles(response)) == (
        200,
        len(expected),
        expected,
    )


def test_pages_of_the_list(client, api_items):
    pages = [client.get(f"/api/items/?page_size=3&page={n}").json() for n in (1, 2, 3)]
    assert [(p["count"], p["page"], p["page_size"], len(p["results"])) for p in pages] == [
        (4, 1, 3, 3),
        (4, 2, 3, 1),
        (4, 3, 3, 0),
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("page=abc", "页码（page）应为1至1000000之间的整数"),
        ("page=0", "页码（page）应为1至1000000之间的整数"),
        ("page=-1", "页码（page）应为1至1000000之间的整数"),
        ("page=1000001", "页码（page）应为1至1000000之间的整数"),
        ("page=99999999999999999999999", "页码（page）应为1至1000000之间的整数"),
        ("page_size=1000", "每页条数（page_size）应为1至100之间的整数"),
        ("page_size=0", "每页条数（page_size）应为1至100之间的整数"),
        ("page_size=", "每页条数（page_size）应为1至100之间的整数"),
        ("year=20x5", "年份（year）应为1900至2100之间的四位数字，例如 2025"),
        ("year=1899", "年份（year）应为1900至2100之间的四位数字，例如 2025"),
        ("year=２０２５", "年份（year）应为1900至2100之间的四位数字，例如 2025"),
        (
            "category=20-99",
            "没有这个第二十条类别（category）：可用的代码为 20-1 至 20-15 和 21，例如 20-3",
        ),
        (
            "category=",
            "没有这个第二十条类别（category）：可用的代码为 20-1 至 20-15 和 21，例如 20-3",
        ),
        (
            "validity=valid",
            "有效性（validity）应为 in_force（现行有效）、amended（已修改）或 repealed（已废止）",
        ),
        ("agency=住建局", "机关代码应为1至32位字母、数字或连字符（agency），例如 114410025"),
        ("agency=", "机关代码应为1至32位字母、数字或连字符（agency），例如 114410025"),
        ("agency=%00", "机关代码应为1至32位字母、数字或连字符（agency），例如 114410025"),
    ],
)
def test_a_bad_parameter_gets_400_with_a_chinese_message(client, api_items, query, message):
    response = client.get(f"/api/items/?{query}")
    assert (response.status_code, response.json()) == (400, {"error": message})


def test_an_unknown_agency_gets_404(client, api_items):
    response = client.get("/api/items/?agency=000000000")
    assert (response.status_code, response.json()) == (
        404,
        {"error": "没有代码为 000000000 的机关"},
    )


def test_detail_adds_body_attachments_and_links(client, api_items):
    _, old, new = api_items
    attachment = new.attachments.get()
    old_detail = client.get(f"/api/items/{old.pk}/").json()
    new_detail = client.get(f"/api/items/{new.pk}/").json()
    extra = ("body", "validity_changed_on", "amended_by", "repealed_by", "attachments")
    assert (
        {key: old_detail[key] for key in extra},
        {key: new_detail[key] for key in (*extra, "interprets", "interpretation")},
    ) == (
        {
            "body": "各街道：现将2025年老旧小区改造计划印发给你们，请认真组织实施。",
            "validity_changed_on": "2025-10-10",
            "amended_by": None,
            "repealed_by": {
                "index_number": "114410025/2025-00002",
                "title": "建筑市场行政处罚裁量基准（2025年修订）",
                "url": f"{BASE}/catalogue/item/114410025/2025-00002/",
            },
            "attachments": [],
        },
        {
            "body": "各街道：现将2025年老旧小区改造计划印发给你们，请认真组织实施。",
            "validity_changed_on": None,
            "amended_by": None,
            "repealed_by": None,
            "attachments": [
                {
                    "name": "裁量基准表.png",
                    "mime": "image/png",
                    "size": attachment.size,
                    "sha256": attachment.sha256,
                    "url": f"{BASE}/catalogue/attachments/{attachment.pk}/",
                }
            ],
            "interprets": None,
            "interpretation": None,
        },
    )


def test_detail_links_policy_and_interpretation(client, reviewed, admin):
    policy = reviewed(title="加装电梯管理办法", genre="normative_document", is_policy=True)
    reading = reviewed(title="《加装电梯管理办法》解读", genre="interpretation", interprets=policy)
    s.item_approve(item=policy, actor=admin, published_on=date(2025, 10, 9))
    assert (
        client.get(f"/api/items/{policy.pk}/").json()["interpretation"],
        client.get(f"/api/items/{reading.pk}/").json()["interprets"],
    ) == (
        {
            "index_number": "114410025/2025-00002",
            "title": "《加装电梯管理办法》解读",
            "url": f"{BASE}/catalogue/item/114410025/2025-00002/",
        },
        {
            "index_number": "114410025/2025-00001",
            "title": "加装电梯管理办法",
            "url": f"{BASE}/catalogue/item/114410025/2025-00001/",
        },
    )


@pytest.mark.parametrize("pk", ["abc", "0", "-1", "99999999999999999999", "9223372036854775807"])
def test_junk_ids_get_a_json_404(client, db, pk):
    response = client.get(f"/api/items/{pk}/")
    assert (response.status_code, response.json()) == (404, {"error": "没有这个公开条目"})


def test_a_withdrawn_item_gets_a_json_404(client, published, admin):
    item = s.item_withdraw(item=published(), actor=admin, reason="发布有误，撤回更正")
    response = client.get(f"/api/items/{item.pk}/")
    assert (response.status_code, response.json()) == (404, {"error": "没有这个公开条目"})


@pytest.mark.parametrize("url", ["/api/items/", "/api/items/1/", "/api/openapi.json"])
def test_the_api_only_reads(client, db, url):
    responses = [client.post(url), client.put(url), client.delete(url), client.options(url)]
    assert [(r.status_code, r["Allow"]) for r in responses] == [(405, "GET, HEAD")] * 4


def test_the_api_may_be_read_from_any_web_page(client, db):
    assert client.get("/api/items/")["Access-Control-Allow-Origin"] == "*"
