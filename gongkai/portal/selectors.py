"""Reads for the public portal. Everything starts from `catalogue.selectors.public_items`, so
no page, feed, sitemap or API answer can reach a draft, an item in review, a withdrawn item or
one that is not disclosed proactively."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.urls import reverse

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Attachment, Item
from gongkai.catalogue.selectors import public_items
from gongkai.catalogue.taxonomy import STATUTORY_CATEGORIES

PAGE_SIZE = 20  # catalogue pages
FEED_SIZE = 50  # items in a feed
HOME_SIZE = 10  # latest items on the home page
NEWEST_FIRST = ("-published_on", "-pk")

# What an agency code or an index number can look like (accounts.orgcode, Item.index_number).
# Anything else is answered without a query: PostgreSQL refuses text with NUL characters.
AGENCY_CODE = re.compile(r"[0-9A-Za-z][0-9A-Za-z-]{0,31}")
INDEX_NUMBER_MAX = 80


def looks_like_agency_code(value: str) -> bool:
    return bool(AGENCY_CODE.fullmatch(value))


def agency_by_code(code: str) -> Agency | None:
    if not looks_like_agency_code(code):
        return None
    return Agency.objects.filter(code=code, is_active=True).first()


@dataclass(frozen=True)
class CatalogueFilter:
    """Filters of the public catalogue; None means "any"."""

    agency: Agency | None = None
    statutory_category: str | None = None
    subject_id: int | None = None
    year: int | None = None
    validity: str | None = None


def catalogue(filters: CatalogueFilter | None = None) -> QuerySet[Item]:
    """The public catalogue, newest first, narrowed by the filters."""
    filters = filters or CatalogueFilter()
    items = public_items()
    if filters.agency is not None:
        items = items.filter(agency=filters.agency)
    if filters.statutory_category:
        items = items.filter(statutory_category=filters.statutory_category)
    if filters.subject_id is not None:
        items = items.filter(subject_id=filters.subject_id)
    if filters.year is not None:
        items = items.filter(published_on__year=filters.year)
    if filters.validity:
        items = items.filter(validity=filters.validity)
    return items.order_by(*NEWEST_FIRST)


def latest(limit: int = HOME_SIZE) -> list[Item]:
    return list(catalogue()[:limit])


def public_item_by_index(index_number: str) -> Item | None:
    if "\x00" in index_number or len(index_number) > INDEX_NUMBER_MAX:
        return None
    return (
        public_items()
        .select_related("amended_by", "repealed_by", "interprets")
        .prefetch_related("attachments")
        # The unique index on index_number is partial (numbered items only): repeating its
        # condition lets the database use it instead of scanning (bench/catalogue_pages.py).
        .filter(index_number=index_number)
        .exclude(index_number="")
        .order_by()
        .first()
    )


def public_attachment(pk: int) -> Attachment | None:
    """An attachment, only while the item it belongs to is public."""
    return Attachment.objects.filter(pk=pk, item__in=public_items()).first()


def public_or_none(item: Item | None) -> Item | None:
    """A linked item (amending, repealing, interpretation) only if the public may see it."""
    return item if item is not None and item.is_public else None


def interpretation_of(item: Item) -> Item | None:
    return public_items().filter(interprets=item).first()


def publication_years() -> list[int]:
    """The years for the filter: every year from the first to the last publication. Two index
    look-ups instead of a DISTINCT over the whole catalogue (seconds at a million items)."""
    # Two ordered look-ups on the (status, attribute, published_on) index: SQLite cannot use
    # an index for MIN and MAX in one aggregate.
    dates = public_items().select_related(None).values_list("published_on", flat=True)
    first = dates.order_by("published_on").first()
    if first is None:
        return []
    last = dates.order_by("-published_on").first()
    return list(range(last.year, first.year - 1, -1))


def active_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("sort_order", "code")


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    count: int


def category_counts(agency: Agency) -> list[Facet]:
    """The Art. 20 categories the agency's catalogue actually uses, in the Article's order."""
    counts = dict(
        public_items()
        .filter(agency=agency)
        .order_by()
        .values_list("statutory_category")
        .annotate(n=Count("pk"))
    )
    return [
        Facet(code, label, counts[code])
        for code, label in STATUTORY_CATEGORIES.items()
        if code in counts
    ]


def subject_counts(agency: Agency) -> list[Facet]:
    rows = (
        public_items()
        .filter(agency=agency, subject__isnull=False)
        .order_by()
        .values("subject_id", "subject__name", "subject__sort_order")
        .annotate(n=Count("pk"))
        .order_by("subject__sort_order", "subject__name")
    )
    return [Facet(str(row["subject_id"]), row["subject__name"], row["n"]) for row in rows]


def item_url(item: Item) -> str:
    """The canonical public address of an item: by its index number."""
    return reverse("portal:item", kwargs={"index_number": item.index_number})


def attachment_url(attachment: Attachment) -> str:
    return reverse("portal:attachment", kwargs={"pk": attachment.pk})
