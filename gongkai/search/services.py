"""Writes to the search index. The index follows the catalogue after commit: a transaction that
publishes, changes the validity of or withdraws an item calls `index_item_after_commit` or
`index_remove_after_commit`, and the index changes only once that transaction has committed,
so a rolled-back publication is never found. `reindex` rebuilds everything (safe to re-run).

Only what `public_items()` returns is ever indexed: `item_index` removes an item that is not
(or no longer) public, whichever hook called it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from gongkai.audit.services import Target, audit_record
from gongkai.catalogue.models import Attachment
from gongkai.catalogue.selectors import public_items
from gongkai.search.backends import Backend, get_backend
from gongkai.search.documents import FIELDS, document_from
from gongkai.search.models import QueryDay, SearchTerm
from gongkai.search.normalise import normalise
from gongkai.search.vocabulary import shipped, split_equivalents

logger = logging.getLogger(__name__)
BATCH = 500


def item_index(item_id: int, *, backend: Backend | None = None) -> bool:
    """Bring one item's index entry up to date: indexed if public, removed otherwise.
    Returns whether it is now indexed."""
    return bool(items_index([item_id], backend=backend))


def items_index(
    item_ids: list[int], *, backend: Backend | None = None, replace: bool = True
) -> list[int]:
    """Index the public ones of `item_ids` and remove the others; returns the public ones.
    `replace=False`: none of them is in the index yet (a rebuild), nothing to remove."""
    backend = backend or get_backend()
    items = list(public_items().filter(pk__in=item_ids).values(*FIELDS))
    public = {item["pk"] for item in items}
    texts: dict[int, list[str]] = {}
    for item_id, text in (
        Attachment.objects.filter(item__in=public).order_by("pk").values_list("item_id", "text")
    ):
        texts.setdefault(item_id, []).append(text)
    documents = [document_from(item, texts.get(item["pk"], [])) for item in items]
    with transaction.atomic():
        if replace:
            backend.remove([pk for pk in item_ids if pk not in public])
        backend.index(documents, replace=replace)
    return sorted(public)


def item_unindex(item_id: int, *, backend: Backend | None = None) -> None:
    (backend or get_backend()).remove([item_id])


def index_item_after_commit(item_id: int) -> None:
    """Call inside the transaction that publishes an item or changes it after publication."""
    transaction.on_commit(partial(item_index, item_id), robust=True)


def index_items_after_commit(item_ids: list[int]) -> None:
    """The same for many items at once (a catalogue import), in batches of BATCH."""
    transaction.on_commit(partial(_index_in_batches, list(item_ids)), robust=True)


def _index_in_batches(item_ids: list[int]) -> None:
    for start in range(0, len(item_ids), BATCH):
        items_index(item_ids[start : start + BATCH])


def index_remove_after_commit(item_id: int) -> None:
    """Call inside the transaction that withdraws an item."""
    transaction.on_commit(partial(item_unindex, item_id), robust=True)


def reindex(*, batch_size: int = BATCH, progress: Callable[[int, int], None] | None = None) -> int:
    """Rebuild the whole index from the public catalogue; returns the number of items."""
    backend = get_backend()
    ids = list(public_items().order_by("pk").values_list("pk", flat=True))
    backend.clear()
    done = 0
    if progress:
        progress(0, len(ids))
    for start in range(0, len(ids), batch_size):
        done += len(items_index(ids[start : start + batch_size], backend=backend, replace=False))
        if progress:
            progress(min(start + batch_size, len(ids)), len(ids))
    optimise = getattr(backend, "optimise", None)
    if optimise:
        optimise()
    logger.info("search index rebuilt: %s items", done)
    return done


# -- the vocabulary --------------------------------------------------------------------------


def vocabulary_load(*, actor=None) -> int:
    """Add the shipped entries (data/vocabulary.tsv) the table lacks; an entry the
    administrator changed or switched off is left as it is. Returns how many were added."""
    added = 0
    with transaction.atomic():
        for entry in shipped():
            _, created = SearchTerm.objects.get_or_create(
                word=entry.word,
                defaults={
                    "equivalents": "|".join(entry.equivalents),
                    "two_way": entry.two_way,
                    "note": entry.note,
                    "shipped": True,
                },
            )
            added += created
        if added:
            audit_record(
                actor=actor,
                action="search.vocabulary_load",
                target=Target("search.searchterm", "", "检索词表"),
                after={"added": added},
            )
    return added


def _term_state(term: SearchTerm) -> dict:
    return {
        "word": term.word,
        "equivalents": term.equivalents,
        "two_way": term.two_way,
        "active": term.active,
        "note": term.note,
    }


def search_term_save(*, term: SearchTerm, actor, before: dict | None = None) -> SearchTerm:
    """Save an entry (new or edited, e.g. from the admin) and audit it. The equivalents are
    stored one form: separated by |."""
    term.word = term.word.strip()
    term.equivalents = "|".join(split_equivalents(term.equivalents))
    with transaction.atomic():
        created = term.pk is None
        term.save()
        audit_record(
            actor=actor,
            action="search.term_create" if created else "search.term_update",
            target=term,
            before=before,
            after=_term_state(term),
        )
    return term


def search_term_delete(*, term: SearchTerm, actor) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor, action="search.term_delete", target=term, before=_term_state(term)
        )
        term.delete()


# -- what people searched --------------------------------------------------------------------

# Daily rows are kept this long: a year and a month, enough to compare a month with the same
# month a year before (docs/search.md).
QUERY_LOG_DAYS = 400
# Digits that could be an identity card, a telephone or a case number are never stored: a
# citizen may type their own to look themselves up.
_LONG_NUMBER = re.compile(r"\d{7,}[\dxX]*")
MASK = "＊"


def query_log_text(text: str) -> str:
    """What is stored of a query: normalised, spaces collapsed, long numbers masked."""
    return _LONG_NUMBER.sub(MASK, " ".join(normalise(text).split()))[:100]


def query_log_record(text: str, filters: str, total: int, *, day: date | None = None) -> None:
    """Count one search (a first page) in its day's row. Who searched is not known here and
    never stored: the caller passes only the query, the filters and the number found."""
    query = query_log_text(text)
    if not query:
        return
    day = day or timezone.localdate()
    zero = int(total == 0)
    with transaction.atomic():
        updated = QueryDay.objects.filter(day=day, query=query, filters=filters[:120]).update(
            searches=F("searches") + 1, zero_results=F("zero_results") + zero, results=total
        )
        if updated:
            return
        try:
            with transaction.atomic():
                QueryDay.objects.create(
                    day=day,
                    query=query,
                    filters=filters[:120],
                    searches=1,
                    zero_results=zero,
                    results=total,
                )
        except IntegrityError:  # the same query the same day, just created by another search
            QueryDay.objects.filter(day=day, query=query, filters=filters[:120]).update(
                searches=F("searches") + 1, zero_results=F("zero_results") + zero, results=total
            )


def query_log_sweep(*, today: date | None = None) -> int:
    """Delete daily rows older than QUERY_LOG_DAYS; returns how many."""
    today = today or timezone.localdate()
    deleted, _ = QueryDay.objects.filter(day__lt=today - timedelta(days=QUERY_LOG_DAYS)).delete()
    return deleted
