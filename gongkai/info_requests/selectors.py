"""Reads for applications: the work queue, a case as its applicant may see it, listings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import F, Prefetch, Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.info_requests import clock as rules
from gongkai.info_requests import states
from gongkai.info_requests.models import InfoRequest, RequestEvent
from gongkai.info_requests.services import clock_facts, query_code_matches
from gongkai.workdays.calendar import Calendar, ScheduleNotLoaded
from gongkai.workdays.selectors import estimate_for, get_calendar

AMBER_DAYS = 5
RED_DAYS = 2


def requests_visible_to(user) -> QuerySet[InfoRequest]:
    """A disclosure office sees its agency's cases, a department what is assigned to it, the
    supervising office and administrators every case; nobody else any."""
    scope = scope_for(user)
    cases = InfoRequest.objects.select_related("agency", "department")
    if scope.whole_government:
        return cases
    office_agencies = (
        scope.agency_ids if scope.has_role(Role.DISCLOSURE_OFFICE, Role.REVIEWER) else frozenset()
    )
    return cases.filter(Q(agency__in=office_agencies) | Q(department__in=scope.department_ids))


def queue(
    user,
    *,
    open_only=True,
    status="",
    channel="",
    applicant_type="",
    outcome="",
    agency_id=None,
    search="",
) -> QuerySet[InfoRequest]:
    # The queue shows the department, never the agency: joining it made SQLite read every
    # case of the agency to build one page (bench/work_queue.py).
    cases = requests_visible_to(user).select_related(None).select_related("department")
    if open_only and not outcome:
        cases = cases.filter(status__in=states.OPEN)
    for field, value in (
        ("status", status),
        ("channel", channel),
        ("applicant_type", applicant_type),
        ("outcome", outcome),
    ):
        if value:
            cases = cases.filter(**{field: value})
    if agency_id:
        cases = cases.filter(agency_id=agency_id)
    if search:
        cases = cases.filter(
            Q(number__icontains=search)
            | Q(applicant_name__icontains=search)
            | Q(description__icontains=search)
        )
    if status in states.FINAL or outcome:
        # Closed cases have no due date: order by the reply date, which an index serves.
        return cases.order_by("-closed_on", "received_on", "pk")
    # Overdue cases have the earliest due dates, so due-date order puts them first; stopped
    # clocks (no due date) last.
    # Estimated dates (暂估, a deadline in a year not loaded yet) all lie after every computed
    # one, so they come next.
    return cases.order_by(
        F("due_on").asc(nulls_last=True),
        F("due_on_estimate").asc(nulls_last=True),
        "-closed_on",
        "received_on",
        "pk",
    )


@dataclass(frozen=True)
class Urgency:
    level: str  # overdue | red | amber | normal | stopped | closed
    days_left: int | None
    label: str


def urgency(case: InfoRequest, today: date, calendar: Calendar) -> Urgency:
    if not case.is_open:
        return Urgency("closed", None, states.STATUS_LABELS[case.status])
    if case.due_on is None and case.due_on_estimate is not None:
        return _estimated_urgency(case.due_on_estimate, today, estimate_for(calendar))
    if case.due_on is None:
        reason = (
            "待补正，期限暂停"
            if case.status == states.AWAITING_CORRECTION
            else ("待缴费，期限暂停" if case.status == states.FEE_PENDING else "期限无法计算")
        )
        return Urgency("stopped", None, reason)
    try:
        left = calendar.between(today, case.due_on)
    except ScheduleNotLoaded:
        left = (case.due_on - today).days
    if case.due_on < today:
        return Urgency("overdue", left, f"已超期 {-left} 个工作日")
    if left <= RED_DAYS:
        return Urgency("red", left, f"剩余 {left} 个工作日")
    if left <= AMBER_DAYS:
        return Urgency("amber", left, f"剩余 {left} 个工作日")
    return Urgency("normal", left, f"剩余 {left} 个工作日")


def _estimated_urgency(due: date, today: date, estimate: Calendar) -> Urgency:
    """Urgency by the 暂估 date: coloured like a real one, and labelled as an estimate."""
    try:
        left = estimate.between(today, due)
    except ScheduleNotLoaded:
        left = (due - today).days
    if due < today:
        return Urgency("overdue", left, f"暂估已超期 {-left} 个工作日")
    level = "red" if left <= RED_DAYS else "amber" if left <= AMBER_DAYS else "normal"
    return Urgency(level, left, f"暂估剩余 {left} 个工作日")


def case_with_history(pk: int) -> InfoRequest:
    return (
        InfoRequest.objects.select_related("agency", "department")
        .prefetch_related(
            "corrections",
            "consultations",
            "fees",
            "appeals",
            "letters",
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
        )
        .get(pk=pk)
    )


def case_for_applicant(number: str, code: str) -> InfoRequest | None:
    """The case, only with its number and its query code; None otherwise (same answer for an
    unknown number and a wrong code, so numbers cannot be probed)."""
    case = (
        InfoRequest.objects.select_related("agency")
        .filter(number=number.strip())
        .exclude(query_code_hash="")
        .first()
    )
    if case is None or not query_code_matches(case, code.strip()):
        return None
    return case


def requests_as_json(agency) -> list[dict]:
    """`gongkai requests list --format json` (docs/interfaces.md): `due_on` recomputed."""
    calendar = get_calendar()
    cases = (
        InfoRequest.objects.filter(agency=agency)
        .prefetch_related("corrections", "consultations", "fees", "appeals")
        .order_by("received_on", "serial")
    )
    rows = []
    estimate = estimate_for(calendar)
    for case in cases:
        clock = rules.compute_clock(_facts_for_listing(case), calendar, estimate)
        rows.append(
            {
                "number": case.number,
                "received_on": case.received_on.isoformat(),
                "due_on": _due_for_listing(case, clock),
                "status": case.status,
                "outcome": case.outcome or None,
                "closed_on": case.closed_on.isoformat() if case.closed_on else None,
                "applicant_type": case.applicant_type,
                "channel": case.channel,
                "extended": case.extended,
                "regime": clock.regime,
                "clock_stopped": clock.stopped,
                "clock_note": clock.error,
                "due_on_estimate": clock.estimated_due_on.isoformat()
                if clock.estimated_due_on
                else None,
                "department": case.department.name if case.department_id else None,
            }
        )
    return rows


def _facts_for_listing(case: InfoRequest) -> rules.ClockFacts:
    facts = clock_facts(case)
    if case.status == states.ABANDONED and case.outcome == "other_1":
        # Closed while awaiting the correction: the clock was stopped when the case ended.
        return rules.ClockFacts(case.received_on, awaiting_correction=True)
    return facts


def _due_for_listing(case: InfoRequest, clock: rules.Clock) -> str | None:
    return clock.due_on.isoformat() if clock.due_on else None


def ledger_rows(cases: QuerySet[InfoRequest]) -> list:
    """Cases as ledger rows (docs/interfaces.md columns), for export: the shape import reads."""
    from gongkai.info_requests.ledger import LedgerRow

    rows = []
    cases = cases.prefetch_related("corrections", "consultations", "appeals", "fees").order_by(
        "received_on", "serial"
    )
    for index, case in enumerate(cases, start=2):
        corrections = list(case.corrections.all())
        consultations = [c for c in case.consultations.all() if c.kind == "third_party"]
        appeals = list(case.appeals.all())
        reconsideration = next((a for a in appeals if a.kind == "reconsideration"), None)
        litigation = next((a for a in appeals if a.kind == "litigation"), None)
        fees = [fee.amount for fee in case.fees.all() if fee.paid_on]
        fee = (
            case.ledger_fee_yuan
            if case.ledger_fee_yuan is not None
            else (sum(fees) if fees else None)
        )
        rows.append(
            LedgerRow(
                row=index,
                number=case.number,
                applicant_type=case.applicant_type,
                applicant=case.applicant_name,
                channel=case.channel,
                received_on=case.received_on,
                description=case.description,
                correction_notice_on=corrections[0].notice_on if corrections else None,
                correction_received_on=corrections[0].completed_on if corrections else None,
                consultation_sent_on=consultations[0].sent_on if consultations else None,
                consultation_answered_on=consultations[0].answered_on if consultations else None,
                extended=case.extended,
                replied_on=case.closed_on,
                outcome=case.outcome or None,
                reconsideration_on=reconsideration.filed_on if reconsideration else None,
                reconsideration_result=reconsideration.result if reconsideration else None,
                litigation_on=litigation.filed_on if litigation else None,
                litigation_kind=litigation.litigation_kind if litigation else None,
                litigation_result=litigation.result if litigation else None,
                fee_yuan=fee,
            )
        )
    return rows


def request_descriptions(*, agency_id: int, start: date, end: date) -> list[tuple]:
    """(id, number, applicant name, description, received_on) of an agency's applications
    received in [start, end] — for finding information often applied for (Art. 44)."""
    return list(
        InfoRequest.objects.filter(agency_id=agency_id, received_on__range=(start, end))
        .order_by("received_on", "pk")
        .values_list("pk", "number", "applicant_name", "description", "received_on")
    )


# -- for the supervision indicators (gongkai.supervision) ------------------------------------


@dataclass(frozen=True)
class IndicatorCase:
    pk: int
    agency_id: int
    department_id: int | None
    received_on: date
    replied_on: date | None  # closing date; None while open
    outcome: str
    due_on: date | None  # the clock's due date: at closing, or by `end` for a case open then


def _indicator_filter(start: date, end: date, prefix: str = "") -> Q:
    """Cases a period's figures read: received in it, closed in it, or open at its end."""
    p = prefix
    return (
        Q(**{f"{p}received_on__range": (start, end)})
        | Q(**{f"{p}closed_on__range": (start, end)})
        | Q(**{f"{p}received_on__lte": end, f"{p}closed_on__isnull": True})
        | Q(**{f"{p}received_on__lte": end, f"{p}closed_on__gt": end})
    )


def indicator_cases(start: date, end: date) -> list[IndicatorCase]:
    """The cases of a period with the due date each is measured against (docs/law.md §7):
    a case closed by `end` with every fact recorded by its closing, a case still open at `end`
    with the facts recorded by `end`. One query for the cases and one per kind of event; the
    clock runs in Python only for the cases that have corrections, consultations or fees, the
    others' due date is `add(received_on, 20 [+ 20])` (15 [+ 15] under the 2007 regulation)."""
    from gongkai.info_requests.models import Consultation, Correction, FeeNotice

    calendar = get_calendar()
    where = _indicator_filter(start, end, "request__")
    corrections: dict[int, list] = {}
    for row in Correction.objects.filter(where).values_list(
        "request_id", "notice_on", "completed_on"
    ):
        corrections.setdefault(row[0], []).append(row[1:])
    consultations: dict[int, list] = {}
    for row in Consultation.objects.filter(where).values_list(
        "request_id", "kind", "sent_on", "answered_on"
    ):
        consultations.setdefault(row[0], []).append(row[1:])
    fees: dict[int, list] = {}
    for row in FeeNotice.objects.filter(where).values_list(
        "request_id", "notice_on", "paid_on", "lapsed_on"
    ):
        fees.setdefault(row[0], []).append(row[1:])
    result = []
    for pk, agency_id, department_id, received_on, closed_on, outcome, extended, ext_on in (
        InfoRequest.objects.filter(_indicator_filter(start, end))
        .values_list(
            "pk",
            "agency_id",
            "department_id",
            "received_on",
            "closed_on",
            "outcome",
            "extended",
            "extension_on",
        )
        .order_by()
    ):
        closed = closed_on is not None and closed_on <= end
        as_of = closed_on if closed else end
        extended_by = extended and (ext_on is None or ext_on <= as_of)
        if pk in corrections or pk in consultations or pk in fees:
            facts = _facts_as_of(
                received_on,
                extended_by,
                as_of,
                corrections.get(pk, ()),
                consultations.get(pk, ()),
                fees.get(pk, ()),
            )
            due = rules.compute_clock(facts, calendar).due_on
        else:
            regime = rules.regime_for(received_on)
            days = regime.reply_days + (regime.extension_days if extended_by else 0)
            try:
                due = calendar.add(received_on, days)
            except ScheduleNotLoaded:
                due = None
        result.append(
            IndicatorCase(
                pk,
                agency_id,
                department_id,
                received_on,
                closed_on,
                outcome if closed else "",
                due,
            )
        )
    return result


def _facts_as_of(received_on, extended, as_of, corrections, consultations, fees):
    """The clock's facts as recorded by `as_of` (a correction completed later is awaited)."""
    noticed = [c for c in corrections if c[0] <= as_of]
    completed = [done for _notice, done in noticed if done is not None and done <= as_of]
    awaiting = any(done is None or done > as_of for _notice, done in noticed)
    return rules.ClockFacts(
        received_on=received_on,
        awaiting_correction=awaiting,
        correction_completed_on=max(completed) if completed else None,
        consultations=tuple(
            rules.ConsultationSpan(kind, sent, answered if answered and answered <= as_of else None)
            for kind, sent, answered in consultations
            if sent <= as_of
        ),
        fees=tuple(
            rules.FeeSpan(
                notice,
                paid if paid and paid <= as_of else None,
                lapsed=lapsed is not None and lapsed <= as_of,
            )
            for notice, paid, lapsed in fees
            if notice <= as_of
        ),
        extended=extended,
    )


def appeals_filed_between(start: date, end: date) -> list[tuple[int, int | None, str]]:
    """(agency id, department id, result) of the appeals filed in a period."""
    from gongkai.info_requests.models import Appeal

    return list(
        Appeal.objects.filter(filed_on__range=(start, end))
        .values_list("request__agency_id", "request__department_id", "result")
        .order_by()
    )


def appeals_by_filter(start: date, end: date) -> QuerySet:
    from gongkai.info_requests.models import Appeal

    return Appeal.objects.filter(filed_on__range=(start, end)).select_related(
        "request", "request__agency"
    )


def cases_by_pk(keys) -> QuerySet[InfoRequest]:
    return InfoRequest.objects.filter(pk__in=list(keys)).select_related("agency", "department")
