"""Reads for the public portal. Everything starts from `catalogue.selectors.public_items`, so
no page, feed, sitemap or API answer can reach a draft, an item in review, a withdrawn item or
one that is not disclosed proactively."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.urls import reverse

from gongkai.accounts.models import Agency
from gongkai.catalogue.models import Attachment, Item, Subject
from gongkai.catalogue.selectors import (
    public_count,
    public_counts_by,
    public_items,
    public_items_by_pk,
    public_years,
)
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


def catalogue_count(filters: CatalogueFilter | None = None) -> int:
    """How many items `catalogue(filters)` lists, from the public tally: a look-up, where a
    COUNT took 40–90 ms at a million items (docs/benchmarks.md)."""
    filters = filters or CatalogueFilter()
    return public_count(
        agency_id=filters.agency.pk if filters.agency is not None else None,
        statutory_category=filters.statutory_category,
        subject_id=filters.subject_id,
        year=filters.year,
        validity=filters.validity,
    )


def rows(items: QuerySet[Item], start: int, stop: int) -> list[Item]:
    """items[start:stop] in two steps: the primary keys alone, skipping the rows before
    `start` on the ordering index without reading them, then those rows with their joins. A
    plain slice reads and joins every skipped row: 33 ms for page 2,000 of a million items on
    SQLite (docs/benchmarks.md)."""
    keys = list(items.values_list("pk", flat=True)[start:stop])
    found = public_items_by_pk(keys)
    return [found[key] for key in keys if key in found]


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
    """The years for the filter: those with public items, newest first (from the tally)."""
    return public_years()


def active_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).order_by("sort_order", "code")


@dataclass(frozen=True)
class Facet:
    key: str
    label: str
    count: int


def category_counts(agency: Agency) -> list[Facet]:
    """The Art. 20 categories the agency's catalogue actually uses, in the Article's order."""
    counts = public_counts_by("statutory_category", agency_id=agency.pk)
    return [
        Facet(code, label, counts[code])
        for code, label in STATUTORY_CATEGORIES.items()
        if code in counts
    ]


def subject_counts(agency: Agency) -> list[Facet]:
    counts = public_counts_by("subject_key", agency_id=agency.pk)
    subjects = Subject.objects.filter(pk__in=counts.keys()).order_by("sort_order", "name")
    return [Facet(str(subject.pk), subject.name, counts[subject.pk]) for subject in subjects]


def agency_total(agency: Agency) -> int:
    return public_count(agency_id=agency.pk)


def item_url(item: Item) -> str:
    """The canonical public address of an item: by its index number."""
    return reverse("portal:item", kwargs={"index_number": item.index_number})


def attachment_url(attachment: Attachment) -> str:
    return reverse("portal:attachment", kwargs={"pk": attachment.pk})
