"""/sitemap.xml: every public item page, each agency's catalogue and guide, and the open and
closed comment calls' pages."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Item
from gongkai.participation.sitemaps import CallSitemap
from gongkai.portal import selectors as q


class ItemSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return (
            q.catalogue()
            .select_related(None)
            .only("index_number", "published_on", "validity_changed_on")
        )

    def location(self, item: Item) -> str:
        return q.item_url(item)

    def lastmod(self, item: Item):
        return item.validity_changed_on or item.published_on


class AgencyCatalogueSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return q.active_agencies()

    def location(self, agency: Agency) -> str:
        return reverse("portal:agency_catalogue", kwargs={"code": agency.code})


class GuideSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return q.active_agencies()

    def location(self, agency: Agency) -> str:
        return reverse("portal:guide", kwargs={"code": agency.code})


SITEMAPS = {
    "items": ItemSitemap,
    "catalogues": AgencyCatalogueSitemap,
    "guides": GuideSitemap,
    "participation": CallSitemap,
}
