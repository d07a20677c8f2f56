"""Message figures for a period (docs/law.md §8, indicators). Pure: no Django.

received, valid      by receipt date in the period (invalid messages count as received,
                     not as valid);
replied, on_time,
average_workdays     over the valid messages whose reply date is in the period; the
                     average is between(received_on, reply date), one decimal, half up;
reply_rate           replied ÷ valid, as a percentage with one decimal (None when there is
                     no valid message);
unanswered_over_3_months  at D = the period's last day.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from gongkai.interaction.clock import on_time, unanswered_over_3_months
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded


@dataclass(frozen=True)
class MessageFact:
    received_on: date
    valid: bool
    replied_on: date | None
    due_on: date | None  # the due date the reply was measured against


@dataclass(frozen=True)
class PeriodFigures:
    received: int
    valid: int
    replied: int
    on_time: int
    unanswered_over_3_months: int
    average_workdays: str | None

    @property
    def reply_rate(self) -> str | None:
        return percent(self.replied, self.valid)

    @property
    def on_time_rate(self) -> str | None:
        return percent(self.on_time, self.replied)


def percent(part: int, whole: int) -> str | None:
    if not whole:
        return None
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}%"


def period_figures(
    facts: Iterable[MessageFact], start: date, end: date, calendar: Calendar
) -> PeriodFigures:
    received = valid = replied = timely = unanswered = 0
    total_days = 0
    counted_days = 0
    for fact in facts:
        if start <= fact.received_on <= end:
            received += 1
            valid += fact.valid
        if not fact.valid:
            continue
        if fact.replied_on is not None and start <= fact.replied_on <= end:
            replied += 1
            timely += on_time(fact.replied_on, fact.due_on)
            try:
                total_days += calendar.between(fact.received_on, fact.replied_on)
                counted_days += 1
            except ScheduleNotLoaded:
                pass
        unanswered += unanswered_over_3_months(
            received_on=fact.received_on, replied_on=fact.replied_on, valid=True, at=end
        )
    average = None
    if counted_days:
        average = str(
            (Decimal(total_days) / Decimal(counted_days)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        )
    return PeriodFigures(received, valid, replied, timely, unanswered, average)
