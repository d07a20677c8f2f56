"""Importing and exporting the catalogue, so an agency moves in with what it has published.

The file is `catalogue_file`'s (its docstring lists the columns). An import is all or
nothing: every row is checked (by `read_catalogue`, then against the database) before anything
is written, the whole file goes in one transaction, and one audit record names the file.

Imported items are history: published, proactively disclosed, `source="import"`. An index
number given in the file is kept exactly as written (its year and serial are not parsed:
`index_year` / `index_serial` stay empty), so the agency's old numbers remain valid links. A
row without one is numbered now by the agency's pattern, for the year of its publication date,
with serials taken from the same gapless counter publication uses.

The write lock is held only for a short final step (`core.staging`): the items are built,
numbered with the serials the counter will give next, hashed and written to a staging table
first; the final transaction takes those serials (renumbering, in the rare case that a
publication took one meanwhile), checks the index numbers against the database again and moves
the items in with one `INSERT … SELECT`.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError
from django.utils import timezone

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.services import audit_record
from gongkai.catalogue import index_numbers
from gongkai.catalogue.catalogue_file import (
    MAX_PROBLEMS,
    CatalogueFileError,
    CatalogueRow,
    read_catalogue,
    write_catalogue_csv,
    write_catalogue_xlsx,
)
from gongkai.catalogue.models import Item, Subject
from gongkai.catalogue.services import PermissionDenied, item_content_hash
from gongkai.catalogue.taxonomy import DEFAULT_SUBJECTS
from gongkai.core.models import Counter
from gongkai.core.services import JobOutcome, JobRefused, import_job_run, reserve_serials
from gongkai.core.staging import StagedTable, Staging
from gongkai.search.services import index_items_after_commit

logger = logging.getLogger(__name__)

BATCH = 2000
_CHUNK = 5000  # values in one `IN (...)` query


# progress(phase, done, total): "checked" once the file is checked, "prepared" as rows are
# staged, "imported" once the final step has committed.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportResult:
    created: int
    numbered: int  # rows without an index number, numbered on import
    years: dict[int, int]  # items per year of publication
    lock_seconds: float = 0.0  # how long the final step held the write lock

    def summary(self, agency: Agency) -> str:
        """What the command line prints and the import page shows."""
        years = "，".join(f"{year}年 {count} 条" for year, count in self.years.items())
        numbered = f"，其中 {self.numbered} 条按本机关格式编制了索引号" if self.numbered else ""
        return f"已向{agency.name}导入 {self.created} 条公开条目（{years or '无'}）{numbered}"


def subjects_ensure() -> int:
    """Create the default subject categories (taxonomy.DEFAULT_SUBJECTS) that are missing.
    Idempotent; returns how many were created."""
    existing = set(Subject.objects.values_list("name", flat=True))
    missing = [
        Subject(name=name, sort_order=(i + 1) * 10)
        for i, name in enumerate(DEFAULT_SUBJECTS)
        if name not in existing
    ]
    Subject.objects.bulk_create(missing, ignore_conflicts=True)
    return len(missing)


def _known_subjects() -> list[str]:
    """The subject names an import may use: those that exist and the defaults it creates."""
    names = list(Subject.objects.values_list("name", flat=True))
    return names + [name for name in DEFAULT_SUBJECTS if name not in set(names)]


def _check_may_import(actor, agency: Agency) -> None:
    """An administrator, or the agency's disclosure office, manages its catalogue's history."""
    if actor is None:  # the command line runs as the system
        return
    scope = scope_for(actor)
    if scope.has_role(Role.ADMIN) or (
        agency.pk in scope.agency_ids and scope.has_role(Role.DISCLOSURE_OFFICE)
    ):
        return
    raise PermissionDenied(f"只有管理员或{agency.name}的政府信息公开工作机构可以导入公开目录")


class _Unsaved:
    """An item not yet saved, as `item_content_hash` reads it: its own fields, its subject
    by name (which may not be created yet), and no attachments (an imported item has none),
    without a query per item."""

    __slots__ = ("_item", "subject", "subject_id")

    class _NoAttachments:
        def order_by(self, *fields):
            return ()

    class _Subject:
        __slots__ = ("name",)

        def __init__(self, name: str) -> None:
            self.name = name

    attachments = _NoAttachments()

    def __init__(self, item: Item, subject: str | None) -> None:
        self._item = item
        self.subject = self._Subject(subject) if subject else None
        self.subject_id = bool(subject)

    def __getattr__(self, name: str):
        return getattr(self._item, name)


def unsaved_content_hash(item: Item, subject: str | None = None) -> str:
    """`services.item_content_hash` of an item before it is saved (bulk creation); `subject`
    is its subject's name, if any (default: the item's own subject)."""
    if subject is None and item.subject_id:
        subject = item.subject.name
    return item_content_hash(_Unsaved(item, subject))  # type: ignore[arg-type]


def catalogue_import(
    *,
    agency: Agency,
    data: bytes,
    filename: str,
    actor=None,
    progress: Progress | None = None,
) -> ImportResult:
    _check_may_import(actor, agency)
    report = progress or (lambda phase, done, total: None)
    today = timezone.localdate()
    rows = read_catalogue(data, filename, subjects=_known_subjects(), today=today)
    _check_taken(rows)
    blank = Tally(row.published_on.year for row in rows if not row.index_number)
    # The serials the counter will give next: taken for real in the final step.
    first = _next_serials(agency, blank)
    numbers = _number(agency, rows, first)
    report("checked", len(rows), len(rows))
    with Staging() as staging:
        items, ids = _stage(staging, agency, rows, numbers, report)
        staging.analyse()
        with staging.final_step():
            subjects_ensure()
            taken = {
                year: reserve_serials(agency, year, "index", count) - count + 1
                for year, count in sorted(blank.items())
            }
            if taken != first:  # a publication took a serial since: number again
                numbers = _number(agency, rows, taken)
                _restage_numbers(staging, items, agency, rows, numbers)
            _check_staged_taken(staging, items, rows, numbers)
            try:
                _move(staging, items)
            except IntegrityError:
                # Only a concurrent publication or import can get here: the checks ran already.
                raise CatalogueFileError(
                    [(0, "", "索引号与同时发布或导入的条目冲突，未导入任何条目，请重新导入")]
                ) from None
            # Imported items are published: searchable once the import has committed.
            index_items_after_commit(ids)
            audit_record(
                actor=actor,
                action="catalogue.import",
                target=agency,
                after={
                    "file": filename,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "rows": len(rows),
                    "numbered": sum(blank.values()),
                    "first": numbers[0][0] if rows else None,
                    "last": numbers[-1][0] if rows else None,
                },
            )
    report("imported", len(rows), len(rows))
    logger.info(
        "catalogue import: %s rows, final step held the write lock %.2f s",
        len(rows),
        staging.lock_seconds,
    )
    years = dict(sorted(Tally(row.published_on.year for row in rows).items()))
    return ImportResult(len(rows), sum(blank.values()), years, staging.lock_seconds)


def catalogue_import_job_run(job_id: int):
    """Run a queued web import of a catalogue file (`core.services.import_job_run`)."""
    return import_job_run(job_id=job_id, run=_run_job)


def _run_job(job, data: bytes, progress: Progress) -> JobOutcome:
    try:
        result = catalogue_import(
            agency=job.agency, data=data, filename=job.filename, actor=job.actor, progress=progress
        )
    except PermissionDenied as error:
        raise JobRefused(str(error)) from None
    return JobOutcome(
        summary=result.summary(job.agency),
        created=result.created,
        figures={"numbered": result.numbered, "years": result.years},
        lock_seconds=result.lock_seconds,
    )


def _next_serials(agency: Agency, blank: Tally) -> dict[int, int]:
    """The first serial the counter would give for each year, read without taking it."""
    values = dict(
        Counter.objects.filter(agency=agency, kind="index", year__in=list(blank)).values_list(
            "year", "value"
        )
    )
    return {year: values.get(year, 0) + 1 for year in sorted(blank)}


# --- staging ------------------------------------------------------------------------------

_ITEM_FIELDS = [
    f.attname for f in Item._meta.concrete_fields if f.name != "subject"
]  # the subject goes by name: the final step may create it
_ORDER = [("gk_subject", "text"), ("gk_ord", "integer")]


def _stage(
    staging: Staging,
    agency: Agency,
    rows: list[CatalogueRow],
    numbers: list[tuple[str, int | None]],
    report: Progress,
) -> tuple[StagedTable, list[int]]:
    """Build, hash and stage every item, BATCH rows at a time, with primary keys taken now
    (`Staging.reserve_ids`) so that the search index can be told which items are new."""
    items = staging.table(Item, _ITEM_FIELDS, _ORDER)
    ids = staging.reserve_ids(Item, len(rows))
    for start in range(0, len(rows), BATCH):
        values = []
        for position in range(start, min(start + BATCH, len(rows))):
            row = rows[position]
            number, serial = numbers[position]
            item = _item(agency, row, number, serial)
            item.pk = ids[position]
            values.append([*staging.values(items, item), row.subject or None, position])
        staging.write(items, values)
        report("prepared", start + len(values), len(rows))
    return items, ids


def _restage_numbers(
    staging: Staging,
    items: StagedTable,
    agency: Agency,
    rows: list[CatalogueRow],
    numbers: list[tuple[str, int | None]],
) -> None:
    """Inside the final step: the new numbers (and so content hashes) of the rows without
    an index number of their own."""
    changed = [
        (number, serial, _item(agency, rows[i], number, serial).content_hash, i)
        for i, (number, serial) in enumerate(numbers)
        if serial is not None
    ]
    with staging.connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {items.name} SET index_number = %s, index_serial = %s, "  # noqa: S608
            "content_hash = %s WHERE gk_ord = %s",
            changed,
        )


def _check_staged_taken(
    staging: Staging,
    items: StagedTable,
    rows: list[CatalogueRow],
    numbers: list[tuple[str, int | None]],
) -> None:
    """Inside the final step: an index number taken since the first checks (by a publication
    or another import) fails the import with the message those checks give."""
    table = staging.quote(Item._meta.db_table)
    with staging.connection.cursor() as cursor:
        # EXISTS: one look-up per row in the index of item numbers (a join scanned it whole).
        cursor.execute(
            f"SELECT s.index_number FROM {items.name} s WHERE EXISTS "  # noqa: S608
            f"(SELECT 1 FROM {table} i WHERE i.index_number = s.index_number "
            "AND i.index_number <> '') ORDER BY s.gk_ord LIMIT %s",
            [MAX_PROBLEMS],
        )
        found = [number for (number,) in cursor.fetchall()]
    if not found:
        return
    taken = _taken(found)
    problems = []
    for row, (number, serial) in zip(rows, numbers, strict=True):
        if number not in taken:
            continue
        owner = _owner(taken[number])
        problems.append(
            (row.row, "索引号", f"索引号 {number} 已被{owner}使用")
            if serial is None
            else (
                row.row,
                "索引号",
                f"索引号为空，按本机关格式编制的索引号 {number} 与{owner}相同，请填写索引号",
            )
        )
    raise CatalogueFileError(problems[:MAX_PROBLEMS])


def _move(staging: Staging, items: StagedTable) -> None:
    """Inside the final step: the staged items into the catalogue, subjects by name."""
    q = staging.quote
    columns = [f.column for f in items.fields]
    subjects = q(Subject._meta.db_table)
    inserted = staging.insert(
        items,
        columns=[*columns, "subject_id"],
        select=[
            *(f"s.{q(c)}" for c in columns),
            f"(SELECT sub.id FROM {subjects} sub WHERE sub.name = s.gk_subject)",  # noqa: S608
        ],
        order_by="s.gk_ord",
    )
    if inserted != items.rows:
        raise RuntimeError(f"catalogue import: {inserted} items inserted, {items.rows} staged")


def _taken(numbers: list[str]) -> dict[str, Item]:
    """Items already holding any of these index numbers (in any agency: they are unique)."""
    found: dict[str, Item] = {}
    for start in range(0, len(numbers), _CHUNK):
        for item in (
            Item.objects.filter(index_number__in=numbers[start : start + _CHUNK])
            .select_related("agency")
            .only("index_number", "title", "agency__name")
        ):
            found[item.index_number] = item
    return found


def _owner(item: Item) -> str:
    return f"{item.agency.name}的“{item.title}”"


def _check_taken(rows: list[CatalogueRow]) -> None:
    taken = _taken([row.index_number for row in rows if row.index_number])
    if taken:
        raise CatalogueFileError(
            [
                (
                    row.row,
                    "索引号",
                    f"索引号 {row.index_number} 已被{_owner(taken[row.index_number])}使用",
                )
                for row in rows
                if row.index_number in taken
            ][:MAX_PROBLEMS]
        )


def _number(
    agency: Agency, rows: list[CatalogueRow], first: dict[int, int]
) -> list[tuple[str, int | None]]:
    """(index number, serial) for each row: the file's own, or by the agency's pattern for
    the publication year, in order of publication, from serial `first[year]` on."""
    next_serial = dict(first)
    numbers: list[tuple[str, int | None]] = [(row.index_number, None) for row in rows]
    order = sorted(
        (i for i, row in enumerate(rows) if not row.index_number),
        key=lambda i: (rows[i].published_on, rows[i].row),
    )
    problems: list[tuple[int, str, str]] = []
    for i in order:
        row = rows[i]
        serial = next_serial[row.published_on.year]
        next_serial[row.published_on.year] += 1
        try:
            number = index_numbers.render(
                agency.index_pattern, code=agency.code, published_on=row.published_on, serial=serial
            )
        except index_numbers.InvalidPattern as error:
            problems.append((row.row, "索引号", f"无法按本机关的索引号格式编号：{error}"))
            continue
        numbers[i] = (number, serial)
    if problems:
        raise CatalogueFileError(problems[:MAX_PROBLEMS])
    _check_generated(rows, numbers)
    return numbers


def _check_generated(rows: list[CatalogueRow], numbers: list[tuple[str, int | None]]) -> None:
    """A number made by the pattern must not be one the file or the database already has."""
    given = {row.index_number: row.row for row in rows if row.index_number}
    made = [
        (row, number)
        for row, (number, serial) in zip(rows, numbers, strict=True)
        if serial is not None
    ]
    taken = _taken([number for _, number in made])
    problems = []
    for row, number in made:
        if number in given:
            where = f"第 {given[number]} 行填写的索引号"
        elif number in taken:
            where = _owner(taken[number])
        else:
            continue
        problems.append(
            (
                row.row,
                "索引号",
                f"索引号为空，按本机关格式编制的索引号 {number} 与{where}相同，请填写索引号",
            )
        )
    if problems:
        raise CatalogueFileError(problems[:MAX_PROBLEMS])


def _item(agency: Agency, row: CatalogueRow, number: str, serial: int | None) -> Item:
    """The unsaved item of a row; its subject is staged by name (`_stage`)."""
    item = Item(
        agency=agency,
        title=row.title,
        doc_number=row.doc_number,
        issuing_agency=row.issuing_agency or agency.name,
        written_on=row.written_on,
        published_on=row.published_on,
        statutory_category=row.statutory_category,
        genre=row.genre,
        keywords=row.keywords,
        summary=row.summary,
        body=row.body,
        validity=row.validity,
        attribute="proactive",
        status=Item.Status.PUBLISHED,
        index_number=number,
        index_year=row.published_on.year if serial is not None else None,
        index_serial=serial,
        source="import",
    )
    item.content_hash = unsaved_content_hash(item, row.subject or "")
    return item


# --- export -------------------------------------------------------------------------------

EXPORT_FORMATS = {".csv": write_catalogue_csv, ".xlsx": write_catalogue_xlsx}


def catalogue_rows(agency: Agency) -> list[CatalogueRow]:
    """The agency's published, proactively disclosed items as catalogue-file rows, in order
    of publication."""
    items = (
        Item.objects.filter(agency=agency, status=Item.Status.PUBLISHED, attribute="proactive")
        .select_related("subject")
        .order_by("published_on", "index_year", "index_serial", "index_number", "pk")
    )
    return [
        CatalogueRow(
            row=0,
            index_number=item.index_number,
            title=item.title,
            doc_number=item.doc_number,
            issuing_agency=item.issuing_agency,
            written_on=item.written_on,
            published_on=item.published_on,
            subject=item.subject.name if item.subject_id else "",
            statutory_category=item.statutory_category,
            genre=item.genre,
            keywords=item.keywords,
            validity=item.validity,
            summary=item.summary,
            body=item.body,
        )
        for item in items.iterator(chunk_size=BATCH)
    ]


def catalogue_export(*, agency: Agency, extension: str) -> bytes:
    """The catalogue file (".csv" or ".xlsx") that `catalogue_import` reads back."""
    return EXPORT_FORMATS[extension](catalogue_rows(agency))
