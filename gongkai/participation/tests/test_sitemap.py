"""The open and closed comment calls' portal pages are in /sitemap.xml; drafts and withdrawn
calls are not. The day is Monday 2026-03-02 (conftest)."""

from datetime import timedelta

import pytest
from lxml import etree

from gongkai.participation import services as s
from gongkai.participation.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_the_sitemap_lists_open_and_closed_calls(client, make_call, office):
    # Published 2026-02-25; closed (published 2026-01-21, closed today); summarised today.
    open_call = make_call(opens_on=TODAY - timedelta(days=5), closes_on=TODAY + timedelta(days=25))
    closed = make_call(status="closed")
    summarised = make_call(status="summarised")
    make_call(status="draft")
    withdrawn = make_call()
    s.call_withdraw(call=withdrawn, actor=office, reason="上位法修订，暂缓制定")
    response = client.get("/sitemap.xml")
    root = etree.fromstring(response.content)
    calls = [
        (url.findtext("sm:loc", namespaces=NS), url.findtext("sm:lastmod", namespaces=NS))
        for url in root.findall("sm:url", NS)
        if "/participation/" in url.findtext("sm:loc", namespaces=NS)
    ]
    assert (response.status_code, calls) == (
        200,
        [
            (f"http://testserver/participation/{open_call.pk}/", "2026-02-25"),
            (f"http://testserver/participation/{summarised.pk}/", "2026-03-02"),
            (f"http://testserver/participation/{closed.pk}/", "2026-03-02"),
        ],
    )
