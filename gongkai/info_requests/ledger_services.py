"""Importing an application ledger (登记台账) so an agency moves in with its history.

All or nothing: every row is checked (by `ledger.read_ledger`, then against the database)
before anything is written, and the whole file goes in in one transaction. The clock of every
imported case is computed by the same rules as for a registered one.

The write lock is held only for a short final step (`core.staging`): the cases and their
events, corrections, consultations and appeals are built and written to staging tables first;
the final transaction checks the numbers again (a concurrent import or registration may have
taken one since), reserves the serial numbers, moves the rows in with one `INSERT … SELECT` per
table and writes the audit record.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter as Tally
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from gongkai.accounts.models import Agency
from gongkai.audit.services import audit_record
from gongkai.core.services import JobOutcome, JobRefused, import_job_run, reserve_serials
from gongkai.core.staging import StagedTable, Staging
from gongkai.info_requests import clock as rules
from gongkai.info_requests import states
from gongkai.info_requests.ledger import MAX_PROBLEMS, LedgerError, LedgerRow, read_ledger
from gongkai.info_requests.models import (
    Appeal,
    Consultation,
    Correction,
    InfoRequest,
    RequestEvent,
)
from gongkai.info_requests.services import PermissionDenied, _check_office
from gongkai.workdays.selectors import estimate_for, get_calendar

logger = logging.getLogger(__name__)

BATCH = 2000
# progress(phase, done, total): "checked" once the file is checked, "prepared" as rows are
# staged, "imported" once the final step has committed.
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class ImportResult:
    created: int
    open_cases: int
    years: dict[int, int]
    lock_seconds: float = 0.0  # how long the final step held the write lock

    def summary(self) -> str:
        """What the command line prints and the import page shows."""
        years = "，".join(f"{year}年 {count} 件" for year, count in self.years.items())
        return f"已导入 {self.created} 件申请（{years}），其中 {self.open_cases} 件尚在办理"


def ledger_import(
    *,
    agency: Agency,
    data: bytes,
    filename: str,
    actor=None,
    progress: Progress | None = None,
) -> ImportResult:
    _check_office(actor, agency)
    report = progress or (lambda phase, done, total: None)
    rows = read_ledger(data, filename)
    _check_against_database(agency, rows)
    calendar = get_calendar()
    today = timezone.localdate()
    problems = [
        (row.row, column, f"日期 {day.isoformat()} 晚于今天")
        for row in rows
        for column, day in (("收到日期", row.received_on), ("答复日期", row.replied_on))
        if day is not None and day > today
    ]
    if problems:
        raise LedgerError(problems)
    report("checked", len(rows), len(rows))
    per_year = Tally(row.received_on.year for row in rows)
    with Staging() as staging:
        cases, children, open_cases = _stage(staging, agency, rows, calendar, report)
        staging.analyse()
        with staging.final_step():
            _check_staged_numbers(staging, cases, agency, rows)
            _move(staging, cases, children, _reserve_serials(agency, per_year))
            audit_record(
                actor=actor,
                action="info_requests.ledger_import",
                target=agency,
                after={
                    "file": filename,
                    "sha256": hashlib.sha256(data).hexdigest(),
                    "rows": len(rows),
                    "first": rows[0].number if rows else None,
                    "last": rows[-1].number if rows else None,
                },
            )
    report("imported", len(rows), len(rows))
    logger.info(
        "ledger import: %s rows, final step held the write lock %.2f s",
        len(rows),
        staging.lock_seconds,
    )
    return ImportResult(
        len(rows), open_cases, dict(sorted(per_year.items())), lock_seconds=staging.lock_seconds
    )


def ledger_import_job_run(job_id: int):
    """Run a queued web import of a ledger (`core.services.import_job_run`)."""
    return import_job_run(job_id=job_id, run=_run_job)


def _run_job(job, data: bytes, progress: Progress) -> JobOutcome:
    try:
        result = ledger_import(
            agency=job.agency, data=data, filename=job.filename, actor=job.actor, progress=progress
        )
    except PermissionDenied as error:
        raise JobRefused(str(error)) from None
    return JobOutcome(
        summary=result.summary(),
        created=result.created,
        figures={"open_cases": result.open_cases, "years": result.years},
        lock_seconds=result.lock_seconds,
    )


def _taken_problem(agency: Agency, row: int, number: str) -> tuple[int, str, str]:
    return (row, "编号", f"编号 {number} 已存在于{agency.name}的申请中")


def _check_against_database(agency: Agency, rows: list[LedgerRow]) -> None:
    numbers = [row.number for row in rows]
    taken: set[str] = set()
    for start in range(0, len(numbers), 5000):
        taken.update(
            InfoRequest.objects.filter(
                agency=agency, number__in=numbers[start : start + 5000]
            ).values_list("number", flat=True)
        )
    if taken:
        raise LedgerError(
            [_taken_problem(agency, row.row, row.number) for row in rows if row.number in taken][
                :MAX_PROBLEMS
            ]
        )


# --- staging ------------------------------------------------------------------------------

_CHILDREN = (RequestEvent, Correction, Consultation, Appeal)
_ORDER = [("gk_ord", "integer")]


def _fields(model, *, with_pk: bool) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if with_pk or not f.primary_key]


def _stage(
    staging: Staging, agency: Agency, rows: list[LedgerRow], calendar, report: Progress
) -> tuple[StagedTable, dict[type, StagedTable], int]:
    """Build every case and child row and write them to staging tables, BATCH rows at a time.
    Cases get their primary keys now (`Staging.reserve_ids`), so children name them; a case's
    serial is staged as its place among the file's cases of its year, and the final step adds
    the block reserved for that year."""
    cases = staging.table(InfoRequest, _fields(InfoRequest, with_pk=True), _ORDER)
    children = {
        model: staging.table(model, _fields(model, with_pk=False), _ORDER) for model in _CHILDREN
    }
    ids = staging.reserve_ids(InfoRequest, len(rows))
    ordinal: Tally = Tally()
    open_cases = 0
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        case_rows = []
        child_rows: dict[type, list[list]] = {model: [] for model in _CHILDREN}
        for position, row in enumerate(batch, start):
            year = row.received_on.year
            ordinal[year] += 1
            case = _case_from_row(agency, row, year, ordinal[year], calendar)
            case.pk = ids[position]
            open_cases += case.status in states.OPEN
            case_rows.append([*staging.values(cases, case), position])
            for child in _children_of(row, case):
                table = children[type(child)]
                child_rows[type(child)].append([*staging.values(table, child), position])
        staging.write(cases, case_rows)
        for model, values in child_rows.items():
            staging.write(children[model], values)
        report("prepared", start + len(batch), len(rows))
    return cases, children, open_cases


def _check_staged_numbers(
    staging: Staging, cases: StagedTable, agency: Agency, rows: list[LedgerRow]
) -> None:
    """Inside the final step: a number of the file taken since the first check (by another
    import of the same file, or a registration) fails the import with the same message."""
    table = staging.quote(InfoRequest._meta.db_table)
    with staging.connection.cursor() as cursor:
        # EXISTS: one index look-up per row (a join made SQLite scan the whole index first).
        cursor.execute(
            f"SELECT s.number FROM {cases.name} s WHERE EXISTS (SELECT 1 FROM {table} c "  # noqa: S608
            "WHERE c.number = s.number AND c.agency_id = %s) ORDER BY s.gk_ord LIMIT %s",
            [agency.pk, MAX_PROBLEMS],
        )
        taken = {number for (number,) in cursor.fetchall()}
    if taken:
        raise LedgerError(
            [_taken_problem(agency, row.row, row.number) for row in rows if row.number in taken]
        )


def _move(
    staging: Staging, cases: StagedTable, children: dict[type, StagedTable], bases: dict[int, int]
) -> None:
    """Inside the final step: the staged rows into the real tables, serials from `bases`."""
    q = staging.quote
    serial = "s.serial + CASE s.year " + " ".join("WHEN %s THEN %s" for _ in bases) + " END"
    for staged in (cases, *children.values()):
        columns = [f.column for f in staged.fields]
        inserted = staging.insert(
            staged,
            columns=columns,
            select=[serial if staged is cases and c == "serial" else f"s.{q(c)}" for c in columns],
            order_by="s.gk_ord",
            params=[v for year, base in sorted(bases.items()) for v in (year, base)]
            if staged is cases
            else (),
        )
        if inserted != staged.rows:
            raise RuntimeError(
                f"ledger import: {inserted} {staged.model.__name__} inserted, {staged.rows} staged"
            )


def _reserve_serials(agency: Agency, per_year: Tally) -> dict[int, int]:
    """Take a block of serial numbers per year at once, so imports stay gapless and fast."""
    return {
        year: reserve_serials(agency, year, "request", count) - count
        for year, count in per_year.items()
    }


def _status_for(row: LedgerRow) -> str:
    if row.replied_on is not None:
        return states.ABANDONED if row.outcome in ("other_1", "other_2") else states.REPLIED
    if row.correction_notice_on and not row.correction_received_on:
        return states.AWAITING_CORRECTION
    if row.consultation_sent_on and not row.consultation_answered_on:
        return states.CONSULTING
    return states.IN_PROGRESS


def _case_from_row(agency, row: LedgerRow, year: int, serial: int, calendar) -> InfoRequest:
    status = _status_for(row)
    case = InfoRequest(
        agency=agency,
        year=year,
        serial=serial,
        number=row.number,
        applicant_type=row.applicant_type,
        applicant_name=row.applicant,
        description=row.description,
        channel=row.channel,
        received_on=row.received_on,
        status=status,
        outcome=row.outcome or "",
        closed_on=row.replied_on,
        extended=row.extended,
        extension_approved_by="（台账导入）" if row.extended else "",
        ledger_fee_yuan=row.fee_yuan,
        source="ledger",
    )
    if status in states.OPEN:
        facts = rules.ClockFacts(
            received_on=row.received_on,
            awaiting_correction=status == states.AWAITING_CORRECTION,
            correction_completed_on=row.correction_received_on,
            consultations=(
                rules.ConsultationSpan(
                    "third_party", row.consultation_sent_on, row.consultation_answered_on
                ),
            )
            if row.consultation_sent_on
            else (),
            extended=row.extended,
        )
        clock = rules.compute_clock(facts, calendar, estimate_for(calendar))
        case.due_on, case.due_on_estimate = clock.due_on, clock.estimated_due_on
    return case


def _children_of(row: LedgerRow, case: InfoRequest) -> list:
    """The event, correction, consultation and appeals a ledger row records."""
    children: list = [
        RequestEvent(
            request=case,
            action="import",
            on=row.received_on,
            summary="自登记台账导入",
            public=False,
        )
    ]
    if row.correction_notice_on:
        children.append(
            Correction(
                request=case,
                notice_on=row.correction_notice_on,
                complete_by=row.correction_received_on or row.correction_notice_on,
                items="（台账导入）",
                completed_on=row.correction_received_on,
                lapsed_on=row.replied_on if row.outcome == "other_1" else None,
            )
        )
    if row.consultation_sent_on:
        children.append(
            Consultation(
                request=case,
                kind="third_party",
                party="（台账导入）",
                sent_on=row.consultation_sent_on,
                answered_on=row.consultation_answered_on,
                answer="consent" if row.consultation_answered_on else "",
            )
        )
    if row.reconsideration_on:
        children.append(
            Appeal(
                request=case,
                kind="reconsideration",
                filed_on=row.reconsideration_on,
                result=row.reconsideration_result or "pending",
            )
        )
    if row.litigation_on:
        children.append(
            Appeal(
                request=case,
                kind="litigation",
                litigation_kind=row.litigation_kind or "direct",
                filed_on=row.litigation_on,
                result=row.litigation_result or "pending",
            )
        )
    return children
