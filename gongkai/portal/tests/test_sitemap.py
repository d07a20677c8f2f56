"""/sitemap.xml lists public item pages and each agency's catalogue and guide, nothing else."""

from datetime import date

from lxml import etree

from gongkai.catalogue import services as s

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
BASE = "http://testserver"


def test_sitemap_lists_public_items_and_agency_pages(client, published, admin, other_agency):
    published(published_on=date(2025, 10, 9))
    s.item_withdraw(item=published(), actor=admin, reason="发布有误，撤回更正")
    published(attribute="withheld", withheld_reason="internal")
    response = client.get("/sitemap.xml")
    root = etree.fromstring(response.content)
    urls = [
        (url.findtext("sm:loc", namespaces=NS), url.findtext("sm:lastmod", namespaces=NS))
        for url in root.findall("sm:url", NS)
    ]
    assert (response.status_code, urls) == (
        200,
        [
            (f"{BASE}/catalogue/item/114410025/2025-00001/", "2025-10-09"),
            (f"{BASE}/catalogue/agency/114410025/", None),
            (f"{BASE}/catalogue/agency/114410049/", None),
            (f"{BASE}/guide/114410025/", None),
            (f"{BASE}/guide/114410049/", None),
        ],
    )


def test_sitemap_gives_the_validity_change_as_last_modified(client, published, admin):
    old = published(published_on=date(2025, 10, 9))
    new = published(published_on=date(2025, 10, 10))
    s.item_change_validity(
        item=old, actor=admin, validity="repealed", on=date(2025, 10, 20), by=new
    )
    root = etree.fromstring(client.get("/sitemap.xml").content)
    items = [
        (url.findtext("sm:loc", namespaces=NS), url.findtext("sm:lastmod", namespaces=NS))
        for url in root.findall("sm:url", NS)
    ][:2]
    assert items == [
        (f"{BASE}/catalogue/item/114410025/2025-00002/", "2025-10-10"),
        (f"{BASE}/catalogue/item/114410025/2025-00001/", "2025-10-20"),
    ]
