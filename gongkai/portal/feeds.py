"""RSS 2.0 and Atom feeds of the public catalogue, per agency and per Art. 20 category: the
latest published items, newest first."""

from __future__ import annotations

from datetime import datetime, time

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Item
from gongkai.catalogue.taxonomy import GENRES, STATUTORY_CATEGORIES
from gongkai.portal import selectors as q


class _ItemFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "zh-CN"

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        return item.summary or Truncator(item.body).chars(200)

    def item_link(self, item: Item) -> str:
        return q.item_url(item)

    # The guid is the absolute link, which is built from the index number: it never changes.
    item_guid_is_permalink = True

    def item_pubdate(self, item: Item) -> datetime:
        return datetime.combine(item.published_on, time.min, tzinfo=timezone.get_default_timezone())

    def item_author_name(self, item: Item) -> str:
        return item.issuing_agency

    def item_categories(self, item: Item) -> list[str]:
        return [STATUTORY_CATEGORIES[item.statutory_category], GENRES[item.genre]]


class AgencyRss(_ItemFeed):
    def get_object(self, request, code: str) -> Agency:
        agency = q.agency_by_code(code)
        if agency is None:
            raise Http404("没有这个机关")
        return agency

    def title(self, agency: Agency) -> str:
        return f"{agency.name}政府信息公开"

    def link(self, agency: Agency) -> str:
        return reverse("portal:agency_catalogue", kwargs={"code": agency.code})

    def description(self, agency: Agency) -> str:
        return f"{agency.name}最新主动公开的政府信息"

    def items(self, agency: Agency):
        return q.catalogue(q.CatalogueFilter(agency=agency))[: q.FEED_SIZE]


class AgencyAtom(AgencyRss):
    feed_type = Atom1Feed
    subtitle = AgencyRss.description


class CategoryRss(_ItemFeed):
    def get_object(self, request, category: str) -> str:
        if category not in STATUTORY_CATEGORIES:
            raise Http404("没有这个类别")
        return category

    def title(self, category: str) -> str:
        return f"政府信息公开·{STATUTORY_CATEGORIES[category]}"

    def link(self, category: str) -> str:
        return f"{reverse('portal:catalogue')}?category={category}"

    def description(self, category: str) -> str:
        return f"最新主动公开的政府信息：{STATUTORY_CATEGORIES[category]}"

    def items(self, category: str):
        return q.catalogue(q.CatalogueFilter(statutory_category=category))[: q.FEED_SIZE]


class CategoryAtom(CategoryRss):
    feed_type = Atom1Feed
    subtitle = CategoryRss.description


class LatestRss(_ItemFeed):
    """Everything the portal publishes, newest first."""

    title = "政府信息公开·最新公开信息"
    description = "各机关最新主动公开的政府信息"

    def link(self) -> str:
        return reverse("portal:catalogue")

    def items(self):
        return q.catalogue(q.CatalogueFilter())[: q.FEED_SIZE]


class LatestAtom(LatestRss):
    feed_type = Atom1Feed
    subtitle = LatestRss.description
