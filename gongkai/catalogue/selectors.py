"""Reads for the catalogue: what the public may see, what a person may see in the
workbench, and the Art. 26 timeliness figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.catalogue.models import Item, PublicTally
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar

TIME_LIMIT = 20  # Art. 26: within 20 working days of being formed or changed
WARN_AT = 15


def public_items() -> QuerySet[Item]:
    """Only published, proactively disclosed items: never drafts, withdrawn or withheld."""
    return Item.objects.filter(status=Item.Status.PUBLISHED, attribute="proactive").select_related(
        "agency", "subject"
    )


def _tally(
    *,
    agency_id: int | None = None,
    statutory_category: str | None = None,
    subject_id: int | None = None,
    year: int | None = None,
    validity: str | None = None,
) -> QuerySet[PublicTally]:
    rows = PublicTally.objects.filter(items__gt=0)
    if agency_id is not None:
        rows = rows.filter(agency_id=agency_id)
    if statutory_category:
        rows = rows.filter(statutory_category=statutory_category)
    if subject_id is not None:
        rows = rows.filter(subject_key=subject_id)
    if year is not None:
        rows = rows.filter(year=year)
    if validity:
        rows = rows.filter(validity=validity)
    return rows


def public_count(**filters) -> int:
    """How many public items match the filters (agency_id, statutory_category, subject_id,
    year of publication, validity; None for any) — from the tally, not a COUNT of items."""
    return _tally(**filters).aggregate(n=Sum("items"))["n"] or 0


def public_counts_by(field: str, **filters) -> dict:
    """The public items matching the filters, counted per value of one tally field
    ("statutory_category", "subject_key", "year", "validity", "agency_id")."""
    rows = _tally(**filters).order_by().values_list(field).annotate(n=Sum("items"))
    return {value: n for value, n in rows if n}


def public_years() -> list[int]:
    """Every year from the first publication to the last, newest first: two ordered look-ups
    on the public-by-date index (SQLite cannot use an index for MIN and MAX in one aggregate).
    Grouping the tally by year read all its rows: 10 ms on PostgreSQL at a million items."""
    dates = Item.objects.filter(
        status=Item.Status.PUBLISHED, attribute="proactive", published_on__isnull=False
    ).values_list("published_on", flat=True)
    first = dates.order_by("published_on").first()
    if first is None:
        return []
    last = dates.order_by("-published_on").first()
    return list(range(last.year, first.year - 1, -1))


def tally_from_items() -> dict[tuple, int]:
    """The tally as the items say it should be (for `gongkai catalogue recount`): a GROUP BY
    over the whole catalogue, seconds at a million items."""
    rows = (
        public_items()
        .select_related(None)
        .order_by()
        .annotate(
            subject_key=Coalesce("subject_id", PublicTally.NO_SUBJECT),
            year=Coalesce(ExtractYear("published_on"), PublicTally.NO_YEAR),
        )
        .values_list("agency_id", "statutory_category", "subject_key", "year", "validity")
        .annotate(n=Count("pk"))
    )
    return {tuple(key): n for *key, n in rows}


def tally_as_kept() -> dict[tuple, int]:
    rows = PublicTally.objects.filter(items__gt=0).values_list(
        "agency_id", "statutory_category", "subject_key", "year", "validity", "items"
    )
    return {tuple(key): n for *key, n in rows}


def public_items_by_pk(keys: list[int]) -> dict[int, Item]:
    """The public ones of these items, by primary key (a page of search results or of the
    catalogue). Looked up by primary key alone and checked in Python: with the public
    condition in SQL, SQLite without statistics scans the million public rows of the
    (status, attribute, published_on) index instead (184 ms against 1 ms, docs/benchmarks.md)."""
    found = Item.objects.select_related("agency", "subject").in_bulk(keys)
    return {pk: item for pk, item in found.items() if item.is_public}


def public_item(pk: int) -> Item | None:
    return public_items().prefetch_related("attachments").filter(pk=pk).first()


def items_visible_to(user) -> QuerySet[Item]:
    """A clerk sees their department's items, a reviewer or disclosure office their agency's,
    the supervising office and administrators all."""
    scope = scope_for(user)
    items = Item.objects.select_related("agency", "department", "subject")
    if scope.whole_government:
        return items
    return items.filter(Q(agency__in=scope.agency_ids) | Q(department__in=scope.department_ids))


def review_queue(user) -> QuerySet[Item]:
    scope = scope_for(user)
    if not scope.has_role(Role.REVIEWER, Role.ADMIN):
        return Item.objects.none()
    return (
        items_visible_to(user)
        .filter(status__in=[Item.Status.SECRECY_REVIEW, Item.Status.APPROVAL])
        .order_by("written_on")
    )


@dataclass(frozen=True)
class Timeliness:
    items: int
    average: float | None
    longest: int | None
    late: int  # published after more than 20 working days


def working_days_to_publish(item: Item, calendar: Calendar) -> int | None:
    try:
        return calendar.between(item.written_on, item.published_on)
    except ScheduleNotLoaded:
        return None


def timeliness(items: QuerySet[Item]) -> Timeliness:
    """Average and longest working days from written to published (the seeds' figure:
    "政府文件从生成到上网公开平均需要6个工作日，最长需要15个工作日")."""
    calendar = get_calendar()
    days = [
        d
        for d in (
            working_days_to_publish(item, calendar)
            for item in items.filter(status=Item.Status.PUBLISHED)
            .select_related(None)
            .only("written_on", "published_on")
        )
        if d is not None
    ]
    if not days:
        return Timeliness(0, None, None, 0)
    return Timeliness(
        len(days), round(sum(days) / len(days), 1), max(days), sum(d > TIME_LIMIT for d in days)
    )


def unpublished_nearing_limit(user, today: date) -> list[tuple[Item, int]]:
    """Drafts and items in review that have been waiting 15 or more working days."""
    calendar = get_calendar()
    waiting = []
    for item in (
        items_visible_to(user)
        .exclude(status__in=[Item.Status.PUBLISHED, Item.Status.WITHDRAWN])
        .filter(attribute="proactive")
        .select_related(None)
        .only("title", "written_on", "status")
    ):
        try:
            days = calendar.between(item.written_on, today)
        except ScheduleNotLoaded:
            continue
        if days >= WARN_AT:
            waiting.append((item, days))
    return sorted(waiting, key=lambda pair: -pair[1])


CANDIDATES_LIMIT = 10


def amending_candidates(*, item: Item, query: str, limit: int = CANDIDATES_LIMIT) -> list[Item]:
    """The agency's published items that could amend or repeal `item`, found by title,
    document number or index number (the picker's short list; newest first)."""
    query = query.strip()[:100]
    if not query:
        return []
    return list(
        Item.objects.filter(agency_id=item.agency_id, status=Item.Status.PUBLISHED)
        .exclude(pk=item.pk)
        .filter(
            Q(title__icontains=query)
            | Q(doc_number__icontains=query)
            | Q(index_number__icontains=query)
        )
        .only("pk", "title", "doc_number", "index_number", "published_on")
        .order_by("-published_on", "-pk")[:limit]
    )


# -- for the supervision indicators (gongkai.supervision) ------------------------------------


def published_between(start: date, end: date) -> QuerySet[Item]:
    """Public items (published, disclosed proactively) whose publication date is in [start,
    end]: what the supervision indicators count as *published* (docs/law.md §7)."""
    return Item.objects.filter(
        status=Item.Status.PUBLISHED, attribute="proactive", published_on__range=(start, end)
    )


def policies_between(start: date, end: date) -> QuerySet[Item]:
    """The policy documents among them, each annotated `interpreted`: whether an
    interpretation of it is published."""
    from django.db.models import Exists, OuterRef

    interpretations = Item.objects.filter(
        interprets=OuterRef("pk"), status=Item.Status.PUBLISHED, attribute="proactive"
    )
    return (
        published_between(start, end)
        .filter(is_policy=True)
        .annotate(interpreted=Exists(interpretations))
    )


def items_by_pk(keys) -> QuerySet[Item]:
    return Item.objects.filter(pk__in=list(keys)).select_related("agency", "department")
