"""The statutory reply clock of an application (docs/law.md §2, "Reading — the clock"). Pure.

    start    = the receipt date, or the day the completed application was received after a
               correction notice (Art. 30: the clock restarts);
    excluded = working days spent consulting: for each consultation, the working days after
               the day it was sent up to and including the day the answer arrived, or the day
               its 15 working days ran out if earlier (Art. 32, 34; Art. 33 para. 3); and the
               working days from a fee notice to its payment (国办函〔2020〕109号, Reading);
    due_on   = start + 20 (+ 20 if extended) + excluded working days (Art. 33).

While a correction is awaited or a fee is unpaid the clock is stopped and `due_on` is None.
Applications received before 2019-05-15 follow the 2007 regulation (Art. 24): 15 (+ 15), and
only third-party consultation time is excluded.

Readings beyond docs/law.md, decided here and reported in the issue notes:
- overlapping consultations exclude each working day once (the union), not once per
  consultation: a day that is not counted cannot be not-counted twice;
- a consultation still open is counted to its 15-day limit, and the due date is marked
  provisional: it can only move earlier when the answer comes;
- consultation or fee time before the clock's start (before a correction restart) is ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded

REGULATION_2019_IN_FORCE = date(2019, 5, 15)
CORRECTION_NOTICE_DAYS = 7  # Art. 30
CONSULTATION_DAYS = 15  # Art. 32, 34
FEE_PAYMENT_DAYS = 20  # 国办函〔2020〕109号


@dataclass(frozen=True)
class Regime:
    name: str
    reply_days: int
    extension_days: int
    excluded_kinds: frozenset[str]
    fee_time_excluded: bool


REGIME_2019 = Regime("2019", 20, 20, frozenset({"third_party", "other_agency"}), True)
REGIME_2007 = Regime("2007", 15, 15, frozenset({"third_party"}), False)


def regime_for(received_on: date) -> Regime:
    return REGIME_2019 if received_on >= REGULATION_2019_IN_FORCE else REGIME_2007


@dataclass(frozen=True)
class ConsultationSpan:
    kind: str  # third_party | other_agency
    sent_on: date
    answered_on: date | None = None


@dataclass(frozen=True)
class FeeSpan:
    notice_on: date
    paid_on: date | None = None
    lapsed: bool = False


@dataclass(frozen=True)
class ClockFacts:
    """What the clock needs, as recorded on the case."""

    received_on: date
    awaiting_correction: bool = False
    correction_completed_on: date | None = None
    consultations: tuple[ConsultationSpan, ...] = ()
    fees: tuple[FeeSpan, ...] = ()
    extended: bool = False


@dataclass(frozen=True)
class Clock:
    regime: str
    start: date | None
    reply_days: int
    extension_days: int
    excluded_days: int
    due_on: date | None
    stopped: str | None = None  # awaiting_correction | fee_pending
    provisional: bool = False
    error: str | None = None  # a year whose schedule is not loaded
    # With `error`: the due date counted with the statutory holidays only (暂估, see
    # workdays/statutory.py), shown beside the refusal; never the legal date.
    estimated_due_on: date | None = None
    windows: tuple[tuple[date, date], ...] = field(default=())

    @property
    def total_days(self) -> int:
        return self.reply_days + self.extension_days + self.excluded_days


def compute_clock(facts: ClockFacts, calendar: Calendar, estimate: Calendar | None = None) -> Clock:
    """The clock by `calendar`; when that needs a year whose schedule is not loaded, the
    refusal (`error`) and, given an `estimate` calendar, the estimated due date beside it."""
    clock = _compute(facts, calendar)
    if clock.error is None or estimate is None:
        return clock
    guess = _compute(facts, estimate)
    return replace(
        clock,
        estimated_due_on=guess.due_on,
        provisional=guess.provisional,
        excluded_days=guess.excluded_days,
        windows=guess.windows,
        stopped=guess.stopped,
    )


def _compute(facts: ClockFacts, calendar: Calendar) -> Clock:
    regime = regime_for(facts.received_on)
    extension = regime.extension_days if facts.extended else 0
    if facts.awaiting_correction:
        return Clock(
            regime.name, None, regime.reply_days, extension, 0, None, stopped="awaiting_correction"
        )
    start = facts.correction_completed_on or facts.received_on
    try:
        windows, provisional = _excluded_windows(facts, regime, start, calendar)
        excluded = sum(calendar.between(low, high) for low, high in windows)
        if regime.fee_time_excluded and any(f.paid_on is None and not f.lapsed for f in facts.fees):
            return Clock(
                regime.name,
                start,
                regime.reply_days,
                extension,
                excluded,
                None,
                stopped="fee_pending",
                windows=tuple(windows),
            )
        due = calendar.add(start, regime.reply_days + extension + excluded)
    except ScheduleNotLoaded as error:
        return Clock(regime.name, start, regime.reply_days, extension, 0, None, error=str(error))
    return Clock(
        regime.name,
        start,
        regime.reply_days,
        extension,
        excluded,
        due,
        provisional=provisional,
        windows=tuple(windows),
    )


def _excluded_windows(
    facts: ClockFacts, regime: Regime, start: date, calendar: Calendar
) -> tuple[list[tuple[date, date]], bool]:
    """Half-open date windows (low, high] not counted, merged so no day counts twice."""
    raw: list[tuple[date, date]] = []
    provisional = False
    for consultation in facts.consultations:
        if consultation.kind not in regime.excluded_kinds:
            continue
        limit = calendar.add(consultation.sent_on, CONSULTATION_DAYS)
        if consultation.answered_on is None:
            provisional = True
            high = limit
        else:
            high = min(consultation.answered_on, limit)
        raw.append((max(consultation.sent_on, start), high))
    if regime.fee_time_excluded:
        for fee in facts.fees:
            if fee.paid_on is not None:
                raw.append((max(fee.notice_on, start), fee.paid_on))
    merged: list[tuple[date, date]] = []
    for low, high in sorted(w for w in raw if w[1] > w[0]):
        if merged and low < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged, provisional


def correction_notice_due(received_on: date, calendar: Calendar) -> date:
    """Art. 30: the correction notice goes out within 7 working days of receipt."""
    return calendar.add(received_on, CORRECTION_NOTICE_DAYS)


def consultation_due(sent_on: date, calendar: Calendar) -> date:
    """Art. 32/34: the third party or other agency has 15 working days to answer."""
    return calendar.add(sent_on, CONSULTATION_DAYS)


def fee_payment_due(delivered_on: date, calendar: Calendar) -> date:
    """国办函〔2020〕109号: pay within 20 working days from the day after receiving the notice."""
    return calendar.add(delivered_on, FEE_PAYMENT_DAYS)
