"""Reads for the catalogue: what the public may see, what a person may see in the
workbench, and the Art. 26 timeliness figures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractYear

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.catalogue.models import Attachment, Item, PrivacyFinding, PublicTally
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


# -- for the site inspection (gongkai.inspection) ---------------------------------------------


def _in_agencies(items: QuerySet[Item], agency_ids) -> QuerySet[Item]:
    return items if agency_ids is None else items.filter(agency_id__in=agency_ids)


def last_published_by_genre(agency_ids=None) -> dict[tuple[int, str], date]:
    """The newest publication date of the public items per (agency, genre)."""
    rows = (
        _in_agencies(public_items().select_related(None), agency_ids)
        .order_by()
        .values_list("agency_id", "genre")
        .annotate(last=Max("published_on"))
    )
    return {(agency_id, genre): last for agency_id, genre, last in rows}


def public_policies_with_interpretation(agency_ids=None):
    """Public policy documents in force, each with its public interpretation or None:
    (policy id, agency id, policy index number, title, interpretation index number or "")."""
    policies = _in_agencies(public_items().select_related(None), agency_ids).filter(
        is_policy=True, validity="in_force"
    )
    interpretations = dict(
        public_items()
        .select_related(None)
        .filter(interprets__in=policies.values("pk"))
        .values_list("interprets_id", "index_number")
    )
    return [
        (pk, agency_id, index_number, title, interpretations.get(pk, ""))
        for pk, agency_id, index_number, title in policies.order_by("pk").values_list(
            "pk", "agency_id", "index_number", "title"
        )
    ]


@dataclass(frozen=True)
class ScanText:
    item_id: int
    agency_id: int
    index_number: str
    title: str
    texts: tuple[str, ...]  # title, summary, body and the attachments' extracted text
    justified: frozenset[str]  # what a reviewer kept on purpose (依法保留)


def public_texts(agency_ids=None, batch: int = 2000):
    """The public items' texts for re-scanning with today's privacy guard, in batches by
    primary key (a generator: the whole catalogue is never in memory)."""
    items = _in_agencies(public_items().select_related(None), agency_ids).order_by("pk")
    last = 0
    while True:
        rows = list(
            items.filter(pk__gt=last).values_list(
                "pk", "agency_id", "index_number", "title", "summary", "body"
            )[:batch]
        )
        if not rows:
            return
        keys = [row[0] for row in rows]
        attachment_texts: dict[int, list[str]] = {}
        for item_id, text in Attachment.objects.filter(item_id__in=keys).values_list(
            "item_id", "text"
        ):
            attachment_texts.setdefault(item_id, []).append(text)
        justified: dict[int, set[str]] = {}
        for item_id, text in PrivacyFinding.objects.filter(
            item_id__in=keys, resolution=PrivacyFinding.Resolution.JUSTIFIED
        ).values_list("item_id", "text"):
            justified.setdefault(item_id, set()).add(text)
        for pk, agency_id, index_number, title, summary, body in rows:
            yield ScanText(
                pk,
                agency_id,
                index_number,
                title,
                (title, summary, body, *attachment_texts.get(pk, [])),
                frozenset(justified.get(pk, ())),
            )
        last = keys[-1]


def public_attachment_files(agency_ids=None):
    """(attachment id, agency id, item index number, name, stored file name) of public items."""
    return Attachment.objects.filter(
        item__in=_in_agencies(public_items().select_related(None), agency_ids)
    ).values_list("pk", "item__agency_id", "item__index_number", "name", "file")


def public_item_dates(item_ids) -> dict[int, tuple[int, str, str, date]]:
    """{item id: (agency id, index number, title, published_on)} of these items, if public."""
    return {
        pk: (agency_id, index_number, title, published_on)
        for pk, agency_id, index_number, title, published_on in public_items()
        .select_related(None)
        .filter(pk__in=item_ids)
        .values_list("pk", "agency_id", "index_number", "title", "published_on")
    }


def public_item_owners(index_numbers) -> dict[str, int]:
    """{index number: agency id} of public items (to say whose page a crawled page is)."""
    return dict(
        public_items()
        .select_related(None)
        .filter(index_number__in=index_numbers)
        .values_list("index_number", "agency_id")
    )


def public_index_numbers(agency_ids=None):
    return (
        _in_agencies(public_items().select_related(None), agency_ids)
        .order_by("pk")
        .values_list("index_number", flat=True)
    )


def public_dates_by_matter(matter_ids) -> dict[int, list[tuple[date, date]]]:
    """{standard matter id: [(written_on, published_on) of its public items]}."""
    found: dict[int, list[tuple[date, date]]] = {}
    for matter_id, written_on, published_on in (
        public_items()
        .select_related(None)
        .filter(disclosure_matter_id__in=matter_ids)
        .values_list("disclosure_matter_id", "written_on", "published_on")
    ):
        found.setdefault(matter_id, []).append((written_on, published_on))
    return found


def withheld_items(agency_id: int) -> QuerySet[Item]:
    """The agency's items recorded as 不予公开, whatever their state."""
    return Item.objects.filter(agency_id=agency_id, attribute="withheld").order_by("pk")


def public_item_ids() -> set[int]:
    """The primary keys of every public item (a link check's look-up)."""
    return set(public_items().select_related(None).order_by().values_list("pk", flat=True))


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
