"""Writes to the search index. The index follows the catalogue after commit: a transaction that
publishes, changes the validity of or withdraws an item calls `index_item_after_commit` or
`index_remove_after_commit`, and the index changes only once that transaction has committed,
so a rolled-back publication is never found. `reindex` rebuilds everything (safe to re-run).

Only what `public_items()` returns is ever indexed: `item_index` removes an item that is not
(or no longer) public, whichever hook called it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import partial

from django.db import transaction

from gongkai.catalogue.models import Attachment
from gongkai.catalogue.selectors import public_items
from gongkai.search.backends import Backend, get_backend
from gongkai.search.documents import FIELDS, document_from

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
