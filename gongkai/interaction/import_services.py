"""Importing a message ledger and an enquiry register, so an agency moves in with its
history (hot-line work orders, 12345转办, included).

All or nothing: every row is checked (by `message_file`, then against the database) before
anything is written, and the whole file goes in one transaction with one audit record.
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
from gongkai.interaction import clock as rules
from gongkai.interaction import states
from gongkai.interaction.message_file import (
    EnquiryFileError,
    MessageFileError,
    MessageRow,
    read_enquiries,
    read_messages,
)
from gongkai.interaction.models import Enquiry, Message, MessageEvent, MessageSettings
from gongkai.interaction.publication import Withheld, public_texts
from gongkai.interaction.services import _check_office
from gongkai.workdays.selectors import get_calendar

BATCH = 2000


@dataclass(frozen=True)
class ImportResult:
    created: int
    open_messages: int
    invalid: int


def messages_import(*, agency: Agency, data: bytes, filename: str, actor=None) -> ImportResult:
    _check_office(actor, agency)
    rows = read_messages(data, filename)
    today = timezone.localdate()
    problems = [
        (row.row, column, f"日期 {day.isoformat()} 晚于今天")
        for row in rows
        for column, day in (("收到日期", row.received_on), ("答复日期", row.replied_on))
        if day is not None and day > today
    ]
    taken = set(
        Message.objects.filter(
            home_agency=agency, number__in=[row.number for row in rows]
        ).values_list("number", flat=True)
    )
    problems += [
        (row.row, "编号", f"编号 {row.number} 已存在于{agency.name}的留言中")
        for row in rows
        if row.number in taken
    ]
    if problems:
        raise MessageFileError(sorted(problems)[:200])
    settings = MessageSettings.objects.filter(agency=agency).first()
    calendar = get_calendar()
    with transaction.atomic():
        per_year = Tally(row.received_on.year for row in rows)
        serials = {
            year: reserve_serials(agency, year, "message", count) - count
            for year, count in per_year.items()
        }
        messages = []
        for row in rows:
            serials[row.received_on.year] += 1
            messages.append(
                _message_from_row(agency, row, serials[row.received_on.year], settings, calendar)
            )
        Message.objects.bulk_create(messages, batch_size=BATCH)
        MessageEvent.objects.bulk_create(
            [
                MessageEvent(message=m, action="import", on=m.received_on, summary="自留言台账导入")
                for m in messages
            ],
            batch_size=BATCH,
        )
        audit_record(
            actor=actor,
            action="interaction.messages_import",
            target=agency,
            after={
                "file": filename,
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": len(rows),
                "first": rows[0].number if rows else None,
                "last": rows[-1].number if rows else None,
            },
        )
    return ImportResult(
        len(messages),
        sum(m.status in states.OPEN for m in messages),
        sum(not m.valid for m in messages),
    )


def _message_from_row(agency, row: MessageRow, serial: int, settings, calendar) -> Message:
    if not row.valid:
        status = states.INVALID
    elif row.replied_on is not None:
        status = states.CLOSED
    else:
        status = states.RECEIVED
    message = Message(
        home_agency=agency,
        agency=agency,
        year=row.received_on.year,
        serial=serial,
        number=row.number,
        channel=row.channel,
        type=row.type,
        title=row.title,
        body=row.body,
        writer_name=row.writer_name,
        contact=row.contact,
        consent=row.consent,
        valid=row.valid,
        invalid_reason=row.invalid_reason,
        received_on=row.received_on,
        status=status,
        reply=row.reply,
        replied_on=row.replied_on,
        closed_on=row.replied_on if status == states.CLOSED else None,
        source="import",
    )
    if row.valid:
        days = rules.DEFAULT_REPLY_DAYS
        if settings is not None:
            days = settings.question_reply_days if row.type == "question" else settings.reply_days
        message.due_on = rules.compute_clock(
            rules.ClockFacts(row.received_on, days), calendar
        ).due_on
    if row.valid and row.consent and row.replied_on is not None:
        try:
            texts = public_texts(
                title=row.title,
                body=row.body,
                reply=row.reply,
                writer_name=row.writer_name,
                contact=row.contact,
            )
        except Withheld as error:
            message.hidden_reason = str(error)
            message.hidden_on = row.replied_on
        else:
            message.public = True
            message.public_title, message.public_body, message.public_reply = texts
            message.published_on = row.replied_on
    return message


def enquiries_import(*, agency: Agency, data: bytes, filename: str, actor=None) -> int:
    if actor is not None:
        _check_office(actor, agency)
    rows = read_enquiries(data, filename)
    today = timezone.localdate()
    problems = [(r.row, "日期", f"日期 {r.on.isoformat()} 晚于今天") for r in rows if r.on > today]
    if problems:
        raise EnquiryFileError(problems[:200])
    with transaction.atomic():
        Enquiry.objects.bulk_create(
            [
                Enquiry(
                    agency=agency,
                    on=r.on,
                    channel=r.channel,
                    topic=r.topic,
                    answer=r.answer,
                    source="import",
                )
                for r in rows
            ],
            batch_size=BATCH,
        )
        audit_record(
            actor=actor,
            action="interaction.enquiries_import",
            target=agency,
            after={
                "file": filename,
                "sha256": hashlib.sha256(data).hexdigest(),
                "rows": len(rows),
            },
        )
    return len(rows)
