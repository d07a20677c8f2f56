"""Importing an application ledger (登记台账) so an agency moves in with its history.

All or nothing: every row is checked (by `ledger.read_ledger`, then against the database)
before anything is written, and the whole file goes in one transaction. The clock of every
imported case is computed by the same rules as for a registered one.
"""

from __future__ import annotations

import hashlib
from collections import Counter as Tally
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency
from gongkai.audit.services import audit_record
from gongkai.core.services import reserve_serials
from gongkai.info_requests import clock as rules
from gongkai.info_requests import states
from gongkai.info_requests.ledger import LedgerError, LedgerRow, read_ledger
from gongkai.info_requests.models import (
    Appeal,
    Consultation,
    Correction,
    InfoRequest,
    RequestEvent,
)
from gongkai.info_requests.services import _check_office
from gongkai.workdays.selectors import get_calendar

BATCH = 2000


@dataclass(frozen=True)
class ImportResult:
    created: int
    open_cases: int
    years: dict[int, int]


def ledger_import(*, agency: Agency, data: bytes, filename: str, actor=None) -> ImportResult:
    _check_office(actor, agency)
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
    with transaction.atomic():
        serials = _reserve_serials(agency, Tally(row.received_on.year for row in rows))
        cases = []
        for row in rows:
            year = row.received_on.year
            serials[year] += 1
            cases.append(_case_from_row(agency, row, year, serials[year], calendar))
        InfoRequest.objects.bulk_create(cases, batch_size=BATCH)
        # bulk_create sets primary keys on PostgreSQL and SQLite 3.35+ (RETURNING).
        _children(rows, cases)
        digest = hashlib.sha256(data).hexdigest()
        audit_record(
            actor=actor,
            action="info_requests.ledger_import",
            target=agency,
            after={
                "file": filename,
                "sha256": digest,
                "rows": len(rows),
                "first": rows[0].number if rows else None,
                "last": rows[-1].number if rows else None,
            },
        )
    years = dict(sorted(Tally(row.received_on.year for row in rows).items()))
    return ImportResult(len(cases), sum(c.status in states.OPEN for c in cases), years)


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
            [
                (row.row, "编号", f"编号 {row.number} 已存在于{agency.name}的申请中")
                for row in rows
                if row.number in taken
            ][:200]
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
        case.due_on = rules.compute_clock(facts, calendar).due_on
    return case


def _children(rows: list[LedgerRow], cases: list[InfoRequest]) -> None:
    corrections, consultations, appeals, events = [], [], [], []
    for row, case in zip(rows, cases, strict=True):
        events.append(
            RequestEvent(
                request=case,
                action="import",
                on=row.received_on,
                summary="自登记台账导入",
                public=False,
            )
        )
        if row.correction_notice_on:
            corrections.append(
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
            consultations.append(
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
            appeals.append(
                Appeal(
                    request=case,
                    kind="reconsideration",
                    filed_on=row.reconsideration_on,
                    result=row.reconsideration_result or "pending",
                )
            )
        if row.litigation_on:
            appeals.append(
                Appeal(
                    request=case,
                    kind="litigation",
                    litigation_kind=row.litigation_kind or "direct",
                    filed_on=row.litigation_on,
                    result=row.litigation_result or "pending",
                )
            )
    for model, objects in (
        (RequestEvent, events),
        (Correction, corrections),
        (Consultation, consultations),
        (Appeal, appeals),
    ):
        model.objects.bulk_create(objects, batch_size=BATCH)
