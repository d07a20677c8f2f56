"""RSS 2.0 and Atom feeds per agency and per Art. 20 category, read back with feedparser."""

from datetime import date

import feedparser
import pytest

from gongkai.catalogue import services as s
from gongkai.portal import selectors

BASE = "http://testserver"


@pytest.fixture
def feed_items(published, other_agency, admin):
    published(title="老旧小区改造计划", statutory_category="20-3", published_on=date(2025, 10, 8))
    published(
        title="建筑市场行政处罚裁量基准",
        statutory_category="20-6",
        summary="规范建筑市场行政处罚裁量权。",
        published_on=date(2025, 10, 9),
    )
    published(
        agency=other_agency,
        title="2025年部门预算",
        statutory_category="20-7",
        published_on=date(2025, 10, 10),
    )
    withdrawn = published(title="已撤回的通知", statutory_category="20-3")
    s.item_withdraw(item=withdrawn, actor=admin, reason="发布有误，撤回更正")


def parse(client, url):
    response = client.get(url)
    return response, feedparser.parse(response.content)


@pytest.mark.parametrize(
    ("kind", "content_type", "version"),
    [
        ("rss", "application/rss+xml; charset=utf-8", "rss20"),
        ("atom", "application/atom+xml; charset=utf-8", "atom10"),
    ],
)
def test_agency_feed_lists_its_public_items_newest_first(
    client, feed_items, kind, content_type, version
):
    response, feed = parse(client, f"/feeds/agency/114410025/{kind}/")
    assert (
        response["Content-Type"],
        feed.version,
        feed.feed.title,
        feed.feed.link,
        [(entry.title, entry.link) for entry in feed.entries],
    ) == (
        content_type,
        version,
        "示范区住房和城乡建设局政府信息公开",
        f"{BASE}/catalogue/agency/114410025/",
        [
            ("建筑市场行政处罚裁量基准", f"{BASE}/catalogue/item/114410025/2025-00002/"),
            ("老旧小区改造计划", f"{BASE}/catalogue/item/114410025/2025-00001/"),
        ],
    )


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_category_feed_lists_the_category_across_agencies(client, feed_items, kind):
    _, feed = parse(client, f"/feeds/category/20-3/{kind}/")
    assert (
        feed.feed.title,
        feed.feed.link,
        [(entry.title, entry.link) for entry in feed.entries],
    ) == (
        "政府信息公开·（三）国民经济和社会发展规划、专项规划、区域规划及相关政策",
        f"{BASE}/catalogue/?category=20-3",
        [("老旧小区改造计划", f"{BASE}/catalogue/item/114410025/2025-00001/")],
    )


def test_feed_entries_carry_summary_date_and_categories(client, feed_items):
    _, feed = parse(client, "/feeds/agency/114410025/rss/")
    entry = feed.entries[0]
    assert (
        entry.summary,
        entry.published,
        entry.author,
        [tag.term for tag in entry.tags],
        entry.id,
    ) == (
        "规范建筑市场行政处罚裁量权。",
        "Thu, 09 Oct 2025 00:00:00 +0800",
        "示范区住房和城乡建设局",
        [
            "（六）实施行政处罚、行政强制的依据、条件、程序以及有一定社会影响的行政处罚决定",
            "通知公告",
        ],
        f"{BASE}/catalogue/item/114410025/2025-00002/",
    )


def test_a_feed_holds_the_latest_items_only(client, published, monkeypatch):
    monkeypatch.setattr(selectors, "FEED_SIZE", 2)
    for day in (7, 8, 9):
        published(title=f"10月{day}日通知", published_on=date(2025, 10, day))
    _, feed = parse(client, "/feeds/agency/114410025/atom/")
    assert [entry.title for entry in feed.entries] == ["10月9日通知", "10月8日通知"]


def test_the_feed_size_is_fifty():
    assert selectors.FEED_SIZE == 50


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/agency/000000000/rss/",
        "/feeds/agency/000000000/atom/",
        "/feeds/category/20-99/rss/",
        "/feeds/category/20-99/atom/",
    ],
)
def test_feeds_of_unknown_agencies_or_categories_are_404(client, db, url):
    assert client.get(url).status_code == 404
