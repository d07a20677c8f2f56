"""The supervision indicators of a period (docs/law.md §7 and §8, "Reading — the indicators").
Pure: no Django; plain facts in, plain figures out.

A period is [start, end], both days included. The figures of a unit (a department, an agency,
the government) are sums of counters, so that the government's figure is the sum of its
agencies' and an average over the government is the average over all its cases, never an
average of averages: each average is carried as (working days summed, cases measured).

Catalogue (Art. 26): *published* = items whose publication date is in the period;
*timeliness* of an item = between(written_on, published_on) working days; *late* = more than
20; the average (one decimal, half up) and the longest over the period's items.

Applications (Art. 33): *received* by `received_on` in the period; *replied* = closed with any
outcome, reply date in the period; *on time* = replied, the clock had a due date when the
case closed, and the reply date is not after it; cases closed while the clock was stopped
(other_1: correction never made, other_2: fee never paid) are in neither numerator nor
denominator; *overdue open* = received by `end`, not replied by `end`, due before `end`;
*average* = between(received_on, reply date) over the replied cases, pauses not deducted.

Appeals: filed in the period; *corrected* = result 纠正; the correction rate (纠错率) =
corrected ÷ decided (upheld, corrected, other), pending appeals are not yet a result.

Messages (§8): *received* and *valid* by receipt date in the period; *replied*, *on time* and
the *average* over the valid messages replied in the period; *unanswered over 3 months* at
D = `end` (gongkai.interaction.clock).

Ranking (§7): a unit is ranked on a figure only when it has at least 5 cases in it; units
with equal values share a rank (1, 1, 3).

Readings beyond docs/law.md, decided here:
- an item, application or message whose working days cannot be counted (a year whose
  schedule is not loaded) is counted in its totals and left out of the average, the longest
  and *late*, and reported as `unmeasured`: a figure is never guessed;
- the catalogue is also split into government documents (规章, 行政规范性文件, 其他文件: what
  the seeds call 政府文件) and other information, since the seeds report their timeliness
  apart ("政府文件……平均需要6个工作日");
- the due date a replied case is measured against is the clock's due date with every fact
  recorded at closing (the clock of gongkai.info_requests.clock); an open case at `end` is
  measured against the due date the clock gives with the facts recorded by `end`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from gongkai.interaction.clock import months_before, on_time, unanswered_over_3_months
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded

LATE_AFTER_WORKDAYS = 20  # Art. 26
RANKING_THRESHOLD = 5  # docs/law.md §7: ranked only with at least 5 cases
UNANSWERED_MONTHS = 3
# Clock stopped at closing: the applicant never completed the correction (Art. 30) or never
# paid the fee (国办函〔2020〕109号): no due date to be on time against.
CLOCK_STOPPED_OUTCOMES = frozenset({"other_1", "other_2"})
GOVERNMENT_DOCUMENT_GENRES = frozenset({"rule", "normative_document", "other_document"})
ENQUIRY_CHANNELS = ("phone", "in_person", "online")


def half_up(value: Decimal) -> str:
    """One decimal, rounded half up (6.25 → 6.3, 6.35 → 6.4)."""
    return str(value.quantize(Decimal("0.1"), ROUND_HALF_UP))


def average(days: int, cases: int) -> str | None:
    if not cases:
        return None
    return half_up(Decimal(days) / Decimal(cases))


def rate(part: int, whole: int) -> str | None:
    """A percentage with one decimal, half up; None when there is nothing to divide by."""
    if not whole:
        return None
    return half_up(Decimal(part) * 100 / Decimal(whole))


class _Summable:
    """Figures whose fields are counters added field by field (`longest` takes the maximum)."""

    def __add__(self, other: Any) -> Any:
        values = {}
        for f in fields(self):  # type: ignore[arg-type]
            mine, theirs = getattr(self, f.name), getattr(other, f.name)
            if f.name == "longest":
                values[f.name] = max((v for v in (mine, theirs) if v is not None), default=None)
            else:
                values[f.name] = mine + theirs
        return type(self)(**values)


@dataclass(frozen=True)
class CatalogueFigures(_Summable):
    published: int = 0
    late: int = 0
    measured: int = 0  # items whose working days could be counted
    days: int = 0  # working days summed over the measured items
    longest: int | None = None
    policies: int = 0
    policies_with_interpretation: int = 0

    @property
    def average_workdays(self) -> str | None:
        return average(self.days, self.measured)

    @property
    def unmeasured(self) -> int:
        return self.published - self.measured

    def as_json(self) -> dict[str, Any]:
        return {
            "published": self.published,
            "late": self.late,
            "average_workdays": self.average_workdays,
            "longest_workdays": self.longest,
            "policies": self.policies,
            "policies_with_interpretation": self.policies_with_interpretation,
            "unmeasured": self.unmeasured,
        }


@dataclass(frozen=True)
class ApplicationFigures(_Summable):
    received: int = 0
    replied: int = 0
    on_time: int = 0
    on_time_denominator: int = 0
    overdue_open: int = 0
    measured: int = 0
    days: int = 0

    @property
    def average_workdays(self) -> str | None:
        return average(self.days, self.measured)

    @property
    def on_time_rate(self) -> str | None:
        return rate(self.on_time, self.on_time_denominator)

    def as_json(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "replied": self.replied,
            "on_time": self.on_time,
            "on_time_denominator": self.on_time_denominator,
            "overdue_open": self.overdue_open,
            "average_workdays": self.average_workdays,
        }


@dataclass(frozen=True)
class AppealFigures(_Summable):
    filed: int = 0
    decided: int = 0
    corrected: int = 0

    @property
    def correction_rate(self) -> str | None:
        return rate(self.corrected, self.decided)

    def as_json(self) -> dict[str, Any]:
        return {
            "filed": self.filed,
            "decided": self.decided,
            "corrected": self.corrected,
            "correction_rate": self.correction_rate,
        }


@dataclass(frozen=True)
class MessageFigures(_Summable):
    received: int = 0
    valid: int = 0
    replied: int = 0
    on_time: int = 0
    unanswered_over_3_months: int = 0
    measured: int = 0
    days: int = 0
    valid_replied: int = 0  # of the valid messages received in the period, replied by `end`

    @property
    def average_workdays(self) -> str | None:
        return average(self.days, self.measured)

    @property
    def reply_rate(self) -> str | None:
        """Of the valid messages received in the period, the share replied by its end. (The
        law's replied ÷ valid divides two cohorts — replies in the period include answers to
        older messages — and passes 100% in a month that clears a backlog, so the desk ranks
        by this cohort rate; see docs/law.md §7.)"""
        return rate(self.valid_replied, self.valid)

    @property
    def on_time_rate(self) -> str | None:
        return rate(self.on_time, self.replied)

    def as_json(self) -> dict[str, Any]:
        return {
            "received": self.received,
            "valid": self.valid,
            "replied": self.replied,
            "on_time": self.on_time,
            "unanswered_over_3_months": self.unanswered_over_3_months,
            "average_workdays": self.average_workdays,
            "valid_replied": self.valid_replied,
            "reply_rate": self.reply_rate,
        }


@dataclass(frozen=True)
class EnquiryFigures(_Summable):
    phone: int = 0
    in_person: int = 0
    online: int = 0

    @property
    def total(self) -> int:
        return self.phone + self.in_person + self.online

    def as_json(self) -> dict[str, Any]:
        return {
            "phone": self.phone,
            "in_person": self.in_person,
            "online": self.online,
            "total": self.total,
        }


@dataclass(frozen=True)
class Indicators:
    """Every figure of one unit for one period."""

    catalogue: CatalogueFigures = field(default_factory=CatalogueFigures)
    government_documents: CatalogueFigures = field(default_factory=CatalogueFigures)
    other_information: CatalogueFigures = field(default_factory=CatalogueFigures)
    applications: ApplicationFigures = field(default_factory=ApplicationFigures)
    appeals: AppealFigures = field(default_factory=AppealFigures)
    messages: MessageFigures = field(default_factory=MessageFigures)
    enquiries: EnquiryFigures = field(default_factory=EnquiryFigures)

    def __add__(self, other: Indicators) -> Indicators:
        return Indicators(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    def as_json(self) -> dict[str, Any]:
        """The keys of docs/interfaces.md §5, and the additions (split catalogue, appeals)."""
        return {
            "catalogue": self.catalogue.as_json(),
            "catalogue_by_kind": {
                "government_documents": self.government_documents.as_json(),
                "other_information": self.other_information.as_json(),
            },
            "applications": self.applications.as_json(),
            "appeals": self.appeals.as_json(),
            "messages": self.messages.as_json(),
            "enquiries": self.enquiries.as_json(),
        }


def total(units: Iterable[Indicators]) -> Indicators:
    result = Indicators()
    for unit in units:
        result = result + unit
    return result


# -- catalogue -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemTally:
    """A group of published items as the database aggregates them (one agency, department
    and kind): how many, how many measured, their working days summed, the longest, how many
    late, policies and policies with a published interpretation."""

    published: int
    measured: int
    days: int
    longest: int | None
    late: int
    policies: int = 0
    policies_with_interpretation: int = 0

    def figures(self) -> CatalogueFigures:
        return CatalogueFigures(
            published=self.published,
            late=self.late,
            measured=self.measured,
            days=self.days,
            longest=self.longest,
            policies=self.policies,
            policies_with_interpretation=self.policies_with_interpretation,
        )


def item_workdays(written_on: date, published_on: date, calendar: Calendar) -> int | None:
    """Art. 26 timeliness of one item; None when it cannot be counted."""
    try:
        return calendar.between(written_on, published_on)
    except ScheduleNotLoaded:
        return None


def is_late(workdays: int | None) -> bool:
    return workdays is not None and workdays > LATE_AFTER_WORKDAYS


# -- applications ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicationFact:
    received_on: date
    replied_on: date | None  # the closing date of a closed case
    outcome: str  # empty while open
    due_on: date | None  # at closing for a closed case; by `end` for a case open then


def application_figures(
    facts: Iterable[ApplicationFact], start: date, end: date, calendar: Calendar
) -> ApplicationFigures:
    received = replied = timely = denominator = overdue = measured = days = 0
    for fact in facts:
        if start <= fact.received_on <= end:
            received += 1
        if fact.replied_on is not None and start <= fact.replied_on <= end:
            replied += 1
            if fact.outcome not in CLOCK_STOPPED_OUTCOMES and fact.due_on is not None:
                denominator += 1
                timely += fact.replied_on <= fact.due_on
            try:
                days += calendar.between(fact.received_on, fact.replied_on)
                measured += 1
            except ScheduleNotLoaded:
                pass
        overdue += is_overdue_open(fact, end)
    return ApplicationFigures(received, replied, timely, denominator, overdue, measured, days)


def is_overdue_open(fact: ApplicationFact, end: date) -> bool:
    still_open = fact.replied_on is None or fact.replied_on > end
    return fact.received_on <= end and still_open and fact.due_on is not None and fact.due_on < end


def is_on_time(fact: ApplicationFact) -> bool:
    return (
        fact.replied_on is not None
        and fact.outcome not in CLOCK_STOPPED_OUTCOMES
        and fact.due_on is not None
        and fact.replied_on <= fact.due_on
    )


# -- appeals ---------------------------------------------------------------------------------


def appeal_figures(results: Iterable[str]) -> AppealFigures:
    """Appeals filed in the period, by their result (upheld, corrected, other, pending)."""
    filed = decided = corrected = 0
    for result in results:
        filed += 1
        decided += result != "pending"
        corrected += result == "corrected"
    return AppealFigures(filed, decided, corrected)


# -- messages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MessageFact:
    received_on: date
    valid: bool
    replied_on: date | None
    due_on: date | None


def unanswered_cutoff(at: date) -> date:
    """Received before this day and unanswered at `at` = over three months (§8)."""
    return months_before(at, UNANSWERED_MONTHS)


def message_figures(
    facts: Iterable[MessageFact], start: date, end: date, calendar: Calendar
) -> MessageFigures:
    received = valid = replied = timely = unanswered = measured = days = cohort = 0
    for fact in facts:
        if start <= fact.received_on <= end:
            received += 1
            valid += fact.valid
            cohort += fact.valid and fact.replied_on is not None and fact.replied_on <= end
        if not fact.valid:
            continue
        if fact.replied_on is not None and start <= fact.replied_on <= end:
            replied += 1
            timely += on_time(fact.replied_on, fact.due_on)
            try:
                days += calendar.between(fact.received_on, fact.replied_on)
                measured += 1
            except ScheduleNotLoaded:
                pass
        unanswered += unanswered_over_3_months(
            received_on=fact.received_on, replied_on=fact.replied_on, valid=True, at=end
        )
    return MessageFigures(received, valid, replied, timely, unanswered, measured, days, cohort)


def enquiry_figures(counts: Mapping[str, int]) -> EnquiryFigures:
    return EnquiryFigures(**{channel: counts.get(channel, 0) for channel in ENQUIRY_CHANNELS})


# -- ranking ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RankedFigure:
    """A figure the desk ranks: how to read it off a unit's indicators, how many cases it
    rests on, and whether more is better."""

    key: str
    label: str
    value: Callable[[Indicators], Decimal | None]
    cases: Callable[[Indicators], int]
    higher_is_better: bool


def _decimal(text: str | None) -> Decimal | None:
    return None if text is None else Decimal(text)


RANKED_FIGURES: tuple[RankedFigure, ...] = (
    RankedFigure(
        "catalogue_average",
        "主动公开平均用时（工作日）",
        lambda i: _decimal(i.catalogue.average_workdays),
        lambda i: i.catalogue.measured,
        False,
    ),
    RankedFigure(
        "applications_on_time",
        "申请按时答复率（%）",
        lambda i: _decimal(i.applications.on_time_rate),
        lambda i: i.applications.on_time_denominator,
        True,
    ),
    RankedFigure(
        "applications_average",
        "申请平均答复用时（工作日）",
        lambda i: _decimal(i.applications.average_workdays),
        lambda i: i.applications.measured,
        False,
    ),
    RankedFigure(
        "messages_reply_rate",
        "留言答复率（%）",
        lambda i: _decimal(i.messages.reply_rate),
        lambda i: i.messages.valid,
        True,
    ),
    RankedFigure(
        "messages_on_time",
        "留言按时答复率（%）",
        lambda i: _decimal(i.messages.on_time_rate),
        lambda i: i.messages.replied,
        True,
    ),
)
RANKED_BY_KEY = {figure.key: figure for figure in RANKED_FIGURES}


def rank(
    values: Mapping[str, tuple[Decimal | None, int]],
    *,
    higher_is_better: bool,
    threshold: int = RANKING_THRESHOLD,
) -> dict[str, int | None]:
    """Competition ranks (1, 1, 3) of the units with at least `threshold` cases and a value;
    the others get None (shown unranked)."""
    eligible = {
        unit: value
        for unit, (value, cases) in values.items()
        if value is not None and cases >= threshold
    }
    ordered = sorted(eligible.values(), reverse=higher_is_better)
    ranks: dict[str, int | None] = dict.fromkeys(values)
    for unit, value in eligible.items():
        ranks[unit] = ordered.index(value) + 1
    return ranks


def rankings(units: Mapping[str, Indicators]) -> dict[str, dict[str, int | None]]:
    """For each ranked figure, each unit's rank (None: fewer than 5 cases, or no value)."""
    return {
        figure.key: rank(
            {unit: (figure.value(i), figure.cases(i)) for unit, i in units.items()},
            higher_is_better=figure.higher_is_better,
        )
        for figure in RANKED_FIGURES
    }
