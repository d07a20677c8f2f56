"""The message clock (docs/law.md §8, "Reading — the message clock"). Pure: no Django.

    start   = the receipt date, or the day the agency now holding the message got it (a
              transfer to the right agency, or an application turned into a message under
              Art. 39, restarts the limit from that day);
    due_on  = add(start, reply_days) working days; reply_days is an agency setting (10, or 5
              for a simple question if the agency so sets);
    on time = replied on or before due_on;
    unanswered over 3 months at D = valid, not replied by D, and received before the same
              calendar day three months before D (the month's last day when it is shorter:
              D = 2026-05-31 → before 2026-02-28).

Readings beyond docs/law.md, decided here:
- the three months run from the writer's original receipt date, not from a transfer: the
  veto is about how long a citizen waited, and a transfer does not reset that wait;
- "received before" the cut-off day is strict: a message received on the cut-off day itself
  is not yet over three months.
"""

from __future__ import annotations

import calendar as _months
from dataclasses import dataclass
from datetime import date

from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded

DEFAULT_REPLY_DAYS = 10
UNANSWERED_MONTHS = 3


@dataclass(frozen=True)
class ClockFacts:
    received_on: date
    reply_days: int = DEFAULT_REPLY_DAYS
    restarts: tuple[date, ...] = ()  # transfers received, Art. 39 conversion


@dataclass(frozen=True)
class Clock:
    start: date
    reply_days: int
    due_on: date | None
    error: str | None = None  # a year whose schedule is not loaded


def compute_clock(facts: ClockFacts, calendar: Calendar) -> Clock:
    start = max((facts.received_on, *facts.restarts))
    try:
        due = calendar.add(start, facts.reply_days)
    except ScheduleNotLoaded as error:
        return Clock(start, facts.reply_days, None, error=str(error))
    return Clock(start, facts.reply_days, due)


def on_time(replied_on: date, due_on: date | None) -> bool:
    return due_on is not None and replied_on <= due_on


def months_before(day: date, months: int) -> date:
    """The same calendar day `months` months earlier; the month's last day when it is
    shorter (2026-05-31 → 2026-02-28)."""
    index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(index, 12)
    month += 1
    last = _months.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def unanswered_over_3_months(
    *, received_on: date, replied_on: date | None, valid: bool, at: date
) -> bool:
    if not valid:
        return False
    if replied_on is not None and replied_on <= at:
        return False
    return received_on < months_before(at, UNANSWERED_MONTHS)
