"""The portal leads the public to the published circulars and assessment results
(Art. 51–53: the results are published)."""

from datetime import date

import pytest

from gongkai.portal.tests.pages import squash, tree
from gongkai.supervision.models import AssessmentResult

pytestmark = pytest.mark.django_db

LINKS = {
    "/supervision/circulars/": ("工作通报", "政务公开工作通报"),
    "/supervision/assessment/": ("考核结果", "政务公开工作考核结果"),
}


def _links(response, xpath):
    return {a.get("href"): squash(a.text_content()) for a in tree(response).xpath(xpath)}


def test_main_navigation_links_the_circulars_and_the_results(client):
    nav = _links(client.get("/"), "//nav[@aria-label='主导航']//a")
    assert {href: nav.get(href) for href in LINKS} == {
        href: labels[0] for href, labels in LINKS.items()
    }


def test_site_map_lists_them_under_supervision(client):
    section = _links(client.get("/site-map/"), "//section[@aria-labelledby='sm-supervision']//a")
    assert section == {href: labels[1] for href, labels in LINKS.items()}


@pytest.mark.parametrize("href", list(LINKS))
def test_the_linked_pages_answer(client, href):
    assert client.get(href).status_code == 200


def test_the_results_list_links_each_published_year(client, supervisor):
    AssessmentResult.objects.create(
        year=2025,
        scheme=[],
        results=[],
        published_on=date(2026, 1, 15),
        published_by=supervisor,
    )
    page = client.get("/supervision/assessment/")
    listed = _links(page, "//ul[@class='list']//a")
    assert listed == {"/supervision/assessment/2025/": "2025 年度政务公开工作考核结果"}
    assert client.get("/supervision/assessment/2025/").status_code == 200


def test_no_results_yet_says_so(client):
    assert "暂无公布的考核结果。" in client.get("/supervision/assessment/").content.decode()
