"""Put generated corpus items (gongkai.search.tests.corpus) in the database as published items, for
the relevance set and the benchmarks. Not used by the application itself."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from gongkai.accounts.models import Agency, Government
from gongkai.accounts.orgcode import gb11714_check_char
from gongkai.catalogue.models import Item, Subject
from gongkai.catalogue.taxonomy import DEFAULT_SUBJECTS
from gongkai.search.tests.corpus import AGENCIES, CorpusItem


def corpus_agencies() -> list[Agency]:
    government = Government.objects.first() or Government.objects.create(name="示范区人民政府")
    agencies = []
    for first8, name, short, _ in AGENCIES:
        code = first8 + gb11714_check_char(first8)
        agency = Agency.objects.filter(code=code).first() or Agency.objects.create(
            government=government, code=code, name=name, short_name=short
        )
        agencies.append(agency)
    return agencies


def corpus_subjects() -> dict[str, Subject]:
    for order, name in enumerate(DEFAULT_SUBJECTS):
        Subject.objects.get_or_create(name=name, defaults={"sort_order": order})
    return {s.name: s for s in Subject.objects.all()}


def corpus_load(items: Iterable[CorpusItem], *, batch_size: int = 2000) -> dict[str, int]:
    """Create the items, published, and return their ids by corpus key. The search index is
    not touched: call `reindex` (or a backend's `index`) afterwards."""
    agencies = corpus_agencies()
    subjects = corpus_subjects()
    serials: dict[tuple[int, int], int] = {}
    keys: dict[str, int] = {}
    batch: list[tuple[str, Item]] = []

    def flush() -> None:
        with transaction.atomic():
            created = Item.objects.bulk_create([item for _, item in batch])
        keys.update((key, item.pk) for (key, _), item in zip(batch, created, strict=True))
        batch.clear()

    for c in items:
        agency = agencies[c.agency]
        year = c.published_on.year
        serial = serials[(c.agency, year)] = serials.get((c.agency, year), 0) + 1
        batch.append(
            (
                c.key,
                Item(
                    agency=agency,
                    title=c.title,
                    doc_number=c.doc_number,
                    issuing_agency=agency.name,
                    written_on=c.written_on,
                    published_on=c.published_on,
                    subject=subjects.get(c.subject),
                    statutory_category=c.statutory_category,
                    genre=c.genre,
                    keywords=c.keywords,
                    body=c.body,
                    validity=c.validity,
                    attribute="proactive",
                    status=Item.Status.PUBLISHED,
                    index_number=f"{agency.code}/{year}-{serial:06d}",
                    index_year=year,
                    index_serial=serial,
                    source="corpus",
                ),
            )
        )
        if len(batch) >= batch_size:
            flush()
    if batch:
        flush()
    return keys
