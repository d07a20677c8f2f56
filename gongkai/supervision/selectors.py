"""Reads for supervision: the indicators of a period per department, agency and government
(docs/law.md §7, §8), the records behind each figure, the monthly trend, nudges, circulars.

Every figure is computed by aggregate queries: the catalogue's working days are counted by
the database, joining each item's two dates to the day index (`WorkdayDay`) — one query over
the period's items whatever their number; applications and messages are read once (only the
cases the period touches) and counted by the pure rules in `indicators.py`.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import QuerySet

from gongkai.accounts.models import Agency, Department
from gongkai.catalogue import selectors as catalogue
from gongkai.info_requests import selectors as info_requests
from gongkai.interaction import selectors as interaction
from gongkai.supervision import indicators as ind
from gongkai.supervision.models import Circular, DayIndexVersion, Nudge, WorkdayDay
from gongkai.workdays.selectors import calendar_version, get_calendar

Unit = tuple[int, int | None]  # (agency id, department id or None)


def ensure_day_index() -> None:
    """Rebuild the day index when the loaded schedules changed since it was built."""
    current = DayIndexVersion.objects.values_list("version", flat=True).first()
    if current != calendar_version():
        from gongkai.supervision.services import day_index_refresh

        day_index_refresh()


# -- the catalogue ---------------------------------------------------------------------------


def _lag_sql(start: date, end: date, *, where: str = "") -> tuple[str, list]:
    inner, params = (
        catalogue.published_between(start, end)
        .values("pk", "agency_id", "department_id", "genre", "written_on", "published_on")
        .order_by()
        .query.sql_with_params()
    )
    day = WorkdayDay._meta.db_table
    sql = (
        f"FROM ({inner}) i LEFT JOIN {day} p ON p.day = i.published_on "
        f"LEFT JOIN {day} w ON w.day = i.written_on {where}"
    )
    return sql, list(params)


def _catalogue_tallies(start: date, end: date) -> dict[tuple[int, int | None, bool], ind.ItemTally]:
    ensure_day_index()
    body, params = _lag_sql(start, end)
    documents = sorted(ind.GOVERNMENT_DOCUMENT_GENRES)
    marks = ", ".join(["%s"] * len(documents))
    ok = "(p.loaded = %s AND w.segment = p.segment)"
    lag = "(p.rank - w.rank)"
    sql = (
        f"SELECT i.agency_id, i.department_id, "
        f"CASE WHEN i.genre IN ({marks}) THEN 1 ELSE 0 END AS doc, COUNT(*), "
        f"SUM(CASE WHEN {ok} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {ok} THEN {lag} ELSE 0 END), "
        f"MAX(CASE WHEN {ok} THEN {lag} END), "
        f"SUM(CASE WHEN {ok} AND {lag} > %s THEN 1 ELSE 0 END) "
        f"{body} GROUP BY i.agency_id, i.department_id, doc"
    )
    args = [*documents, True, True, True, True, ind.LATE_AFTER_WORKDAYS, *params]
    tallies: dict[tuple[int, int | None, bool], ind.ItemTally] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        for agency_id, department_id, doc, n, measured, days, longest, late in cursor.fetchall():
            tallies[(agency_id, department_id, bool(doc))] = ind.ItemTally(
                n, measured or 0, days or 0, longest, late or 0
            )
    for agency_id, department_id, genre, interpreted in catalogue.policies_between(
        start, end
    ).values_list("agency_id", "department_id", "genre", "interpreted"):
        key = (agency_id, department_id, genre in ind.GOVERNMENT_DOCUMENT_GENRES)
        old = tallies[key]
        tallies[key] = ind.ItemTally(
            old.published,
            old.measured,
            old.days,
            old.longest,
            old.late,
            old.policies + 1,
            old.policies_with_interpretation + bool(interpreted),
        )
    return tallies


def item_lags(
    start: date, end: date, *, agency_id: int | None = None, late_only: bool = False
) -> list[tuple[int, int | None]]:
    """(item pk, working days from written to published) of the period's published items,
    optionally one agency's and only the late ones: the records behind the figures."""
    ensure_day_index()
    ok = "(p.loaded = %s AND w.segment = p.segment)"
    lag = "(p.rank - w.rank)"
    conditions, extra = [], []
    if agency_id is not None:
        conditions.append("i.agency_id = %s")
        extra.append(agency_id)
    if late_only:
        conditions.append(f"{ok} AND {lag} > %s")
        extra += [True, ind.LATE_AFTER_WORKDAYS]
    where = ("WHERE " + " AND ".join(conditions)) if conditions else ""
    body, params = _lag_sql(start, end, where=where)
    sql = f"SELECT i.pk, CASE WHEN {ok} THEN {lag} END {body} ORDER BY i.published_on, i.pk"
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, *params, *extra])
        return list(cursor.fetchall())


# -- the whole period ------------------------------------------------------------------------


@dataclass
class UnitRow:
    label: str
    indicators: ind.Indicators
    department: Department | None = None


@dataclass
class AgencyRow:
    agency: Agency
    indicators: ind.Indicators
    departments: list[UnitRow] = field(default_factory=list)


@dataclass
class Period:
    start: date
    end: date
    agencies: list[AgencyRow]
    total: ind.Indicators

    def as_json(self) -> dict:
        """docs/interfaces.md §5."""
        return {
            "period": {"from": self.start.isoformat(), "to": self.end.isoformat()},
            "agencies": [
                {
                    "code": row.agency.code,
                    "name": row.agency.name,
                    **row.indicators.as_json(),
                    "departments": [
                        {
                            "name": unit.label,
                            **unit.indicators.as_json(),
                        }
                        for unit in row.departments
                    ],
                }
                for row in self.agencies
            ],
            "total": self.total.as_json(),
        }

    def rankings(self) -> dict[str, dict[str, int | None]]:
        return ind.rankings({row.agency.code: row.indicators for row in self.agencies})


NO_DEPARTMENT = "机关本级（未指定科室）"


def period_indicators(start: date, end: date, *, agency: Agency | None = None) -> Period:
    """The indicators of [start, end] for every active agency (or one), with their
    departments, and the total."""
    calendar = get_calendar()
    units: dict[Unit, dict[str, object]] = defaultdict(dict)

    for (agency_id, department_id, doc), tally in _catalogue_tallies(start, end).items():
        key = "government_documents" if doc else "other_information"
        units[(agency_id, department_id)][key] = tally.figures()

    cases: dict[Unit, list[ind.ApplicationFact]] = defaultdict(list)
    for case in info_requests.indicator_cases(start, end):
        cases[(case.agency_id, case.department_id)].append(
            ind.ApplicationFact(case.received_on, case.replied_on, case.outcome, case.due_on)
        )
    for unit, facts in cases.items():
        units[unit]["applications"] = ind.application_figures(facts, start, end, calendar)

    appeals: dict[Unit, list[str]] = defaultdict(list)
    for agency_id, department_id, result in info_requests.appeals_filed_between(start, end):
        appeals[(agency_id, department_id)].append(result)
    for unit, results in appeals.items():
        units[unit]["appeals"] = ind.appeal_figures(results)

    messages: dict[Unit, list[ind.MessageFact]] = defaultdict(list)
    for agency_id, department_id, *fact in (
        interaction.indicator_messages(start, end, ind.unanswered_cutoff(end))
        .values_list("agency_id", "department_id", "received_on", "valid", "replied_on", "due_on")
        .order_by()
    ):
        messages[(agency_id, department_id)].append(ind.MessageFact(*fact))
    for unit, mfacts in messages.items():
        units[unit]["messages"] = ind.message_figures(mfacts, start, end, calendar)

    enquiries: dict[int, dict[str, int]] = defaultdict(dict)
    for agency_id, channel, n in interaction.enquiry_counts_by_unit(start, end):
        enquiries[agency_id][channel] = n
    for agency_id, counts in enquiries.items():
        units[(agency_id, None)]["enquiries"] = ind.enquiry_figures(counts)

    agencies = Agency.objects.filter(is_active=True).order_by("sort_order", "code")
    if agency is not None:
        agencies = agencies.filter(pk=agency.pk)
    departments = {
        d.pk: d for d in Department.objects.filter(agency__in=agencies).order_by("sort_order")
    }
    rows = []
    for each in agencies:
        keyed = {unit: _indicators(values) for unit, values in units.items() if unit[0] == each.pk}
        department_rows = [
            UnitRow(
                departments[d].name if d in departments else NO_DEPARTMENT,
                figures,
                departments.get(d) if d is not None else None,
            )
            for (_a, d), figures in sorted(
                keyed.items(),
                key=lambda kv: (
                    kv[0][1] is None,
                    departments[kv[0][1]].sort_order if kv[0][1] in departments else 0,
                    kv[0][1] or 0,
                ),
            )
        ]
        rows.append(AgencyRow(each, ind.total(keyed.values()), department_rows))
    return Period(start, end, rows, ind.total(row.indicators for row in rows))


def _indicators(values: dict[str, object]) -> ind.Indicators:
    documents = values.get("government_documents", ind.CatalogueFigures())
    other = values.get("other_information", ind.CatalogueFigures())
    return ind.Indicators(
        catalogue=documents + other,  # type: ignore[operator]
        **values,  # type: ignore[arg-type]
    )


# -- the records behind a figure -------------------------------------------------------------

TRACEABLE = {
    "catalogue.published": "公开信息",
    "catalogue.late": "超期发布的信息（超过20个工作日）",
    "catalogue.policies": "政策文件",
    "catalogue.policies_without_interpretation": "未同步解读的政策文件",
    "applications.received": "收到的申请",
    "applications.replied": "答复的申请",
    "applications.on_time": "按时答复的申请",
    "applications.late": "超期答复的申请",
    "applications.overdue_open": "逾期未答复的申请",
    "appeals.corrected": "被纠错的复议诉讼",
    "messages.received": "收到的留言",
    "messages.replied": "答复的留言",
    "messages.unanswered_over_3_months": "超三个月未答复的留言",
}


@dataclass(frozen=True)
class TraceRow:
    kind: str  # item | request | message | appeal
    pk: int
    agency_id: int
    agency: str
    number: str
    title: str
    dates: tuple[tuple[str, str], ...]
    workdays: int | None = None

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "id": self.pk,
            "agency": self.agency,
            "number": self.number,
            "title": self.title,
            **dict(self.dates),
            "workdays": self.workdays,
        }


def trace(figure: str, start: date, end: date, *, agency: Agency | None = None) -> list[TraceRow]:
    """The records behind a figure (one of TRACEABLE) for a period, for one agency or all."""
    if figure not in TRACEABLE:
        raise KeyError(figure)
    area = figure.split(".")[0]
    if area == "catalogue":
        return _trace_items(figure, start, end, agency)
    if area == "applications":
        return _trace_cases(figure, start, end, agency)
    if area == "appeals":
        return _trace_appeals(start, end, agency)
    return _trace_messages(figure, start, end, agency)


def _agency_name(agency: Agency) -> str:
    return agency.short_name or agency.name


def _item_rows(lags: list[tuple[int, int | None]]) -> list[TraceRow]:
    rows = []
    for chunk_start in range(0, len(lags), 500):
        chunk = lags[chunk_start : chunk_start + 500]
        items = {item.pk: item for item in catalogue.items_by_pk(pk for pk, _ in chunk)}
        for pk, days in chunk:
            item = items[pk]
            rows.append(
                TraceRow(
                    "item",
                    pk,
                    item.agency_id,
                    _agency_name(item.agency),
                    item.index_number,
                    item.title,
                    (
                        ("written_on", item.written_on.isoformat()),
                        ("published_on", item.published_on.isoformat()),
                    ),
                    days,
                )
            )
    return rows


def _trace_items(figure, start, end, agency) -> list[TraceRow]:
    agency_id = agency.pk if agency else None
    if figure in ("catalogue.published", "catalogue.late"):
        return _item_rows(
            item_lags(start, end, agency_id=agency_id, late_only=figure == "catalogue.late")
        )
    policies = catalogue.policies_between(start, end)
    if agency_id is not None:
        policies = policies.filter(agency_id=agency_id)
    if figure == "catalogue.policies_without_interpretation":
        policies = policies.filter(interpreted=False)
    lags = dict(item_lags(start, end, agency_id=agency_id))
    return _item_rows(
        [
            (pk, lags.get(pk))
            for pk in policies.order_by("published_on", "pk").values_list("pk", flat=True)
        ]
    )


def _trace_cases(figure, start, end, agency) -> list[TraceRow]:
    calendar = get_calendar()
    chosen = []
    for case in info_requests.indicator_cases(start, end):
        if agency is not None and case.agency_id != agency.pk:
            continue
        fact = ind.ApplicationFact(case.received_on, case.replied_on, case.outcome, case.due_on)
        replied = case.replied_on is not None and start <= case.replied_on <= end
        keep = {
            "applications.received": start <= case.received_on <= end,
            "applications.replied": replied,
            "applications.on_time": replied and ind.is_on_time(fact),
            "applications.late": replied
            and case.outcome not in ind.CLOCK_STOPPED_OUTCOMES
            and case.due_on is not None
            and not ind.is_on_time(fact),
            "applications.overdue_open": ind.is_overdue_open(fact, end),
        }[figure]
        if keep:
            chosen.append(case)
    rows = []
    for chunk_start in range(0, len(chosen), 500):
        chunk = chosen[chunk_start : chunk_start + 500]
        found = {c.pk: c for c in info_requests.cases_by_pk(c.pk for c in chunk)}
        for case in chunk:
            record = found[case.pk]
            days = None
            if case.replied_on is not None and case.replied_on <= end:
                days = ind.item_workdays(case.received_on, case.replied_on, calendar)
            dates = [("received_on", case.received_on.isoformat())]
            dates.append(("due_on", case.due_on.isoformat() if case.due_on else ""))
            if case.replied_on is not None and case.replied_on <= end:
                dates.append(("replied_on", case.replied_on.isoformat()))
            rows.append(
                TraceRow(
                    "request",
                    case.pk,
                    case.agency_id,
                    _agency_name(record.agency),
                    record.number,
                    record.description[:80],
                    tuple(dates),
                    days,
                )
            )
    rows.sort(key=lambda r: (r.dates[0][1], r.pk))
    return rows


def _trace_appeals(start, end, agency) -> list[TraceRow]:
    appeals = info_requests.appeals_by_filter(start, end).filter(result="corrected")
    if agency is not None:
        appeals = appeals.filter(request__agency=agency)
    return [
        TraceRow(
            "appeal",
            a.request_id,
            a.request.agency_id,
            _agency_name(a.request.agency),
            a.request.number,
            f"{a.get_kind_display()}（{a.body or '—'}）",
            (("filed_on", a.filed_on.isoformat()),),
        )
        for a in appeals.order_by("filed_on", "pk")
    ]


def _trace_messages(figure, start, end, agency) -> list[TraceRow]:
    from gongkai.interaction.clock import unanswered_over_3_months

    calendar = get_calendar()
    messages = interaction.indicator_messages(start, end, ind.unanswered_cutoff(end))
    if agency is not None:
        messages = messages.filter(agency=agency)
    rows = []
    for m in messages.select_related("agency").order_by("received_on", "pk"):
        replied = m.valid and m.replied_on is not None and start <= m.replied_on <= end
        keep = {
            "messages.received": start <= m.received_on <= end,
            "messages.replied": replied,
            "messages.unanswered_over_3_months": unanswered_over_3_months(
                received_on=m.received_on, replied_on=m.replied_on, valid=m.valid, at=end
            ),
        }[figure]
        if not keep:
            continue
        dates = [("received_on", m.received_on.isoformat())]
        dates.append(("due_on", m.due_on.isoformat() if m.due_on else ""))
        if m.replied_on is not None and m.replied_on <= end:
            dates.append(("replied_on", m.replied_on.isoformat()))
        rows.append(
            TraceRow(
                "message",
                m.pk,
                m.agency_id,
                _agency_name(m.agency),
                m.number,
                m.title,
                tuple(dates),
                ind.item_workdays(m.received_on, m.replied_on, calendar) if replied else None,
            )
        )
    return rows


# -- the monthly trend -----------------------------------------------------------------------


def month_ranges(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar months [start, end] touches, clipped to it."""
    ranges = []
    first = start
    while first <= end:
        following = (first.replace(day=1) + timedelta(days=32)).replace(day=1)
        ranges.append((first, min(end, following - timedelta(days=1))))
        first = following
    return ranges


@dataclass(frozen=True)
class MonthPoint:
    month: date
    published: int
    late: int
    replied: int
    on_time: int
    on_time_denominator: int
    messages_replied: int
    unanswered_over_3_months: int


def monthly_trend(start: date, end: date) -> list[MonthPoint]:
    """The government's figures month by month over [start, end] (the last 24 months of it):
    one query for the items (grouped by day of publication), one read of the cases and one
    of the messages, counted per month by the pure rules."""
    months = month_ranges(start, end)[-24:]
    start = months[0][0]
    calendar = get_calendar()
    ensure_day_index()
    body, params = _lag_sql(start, end)
    ok = "(p.loaded = %s AND w.segment = p.segment)"
    sql = (
        f"SELECT i.published_on, COUNT(*), "
        f"SUM(CASE WHEN {ok} AND (p.rank - w.rank) > %s THEN 1 ELSE 0 END) "
        f"{body} GROUP BY i.published_on"
    )
    items: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    with connection.cursor() as cursor:
        cursor.execute(sql, [True, ind.LATE_AFTER_WORKDAYS, *params])
        for day, n, late in cursor.fetchall():
            month = str(day)[:7]
            items[month][0] += n
            items[month][1] += late or 0
    cases = [
        ind.ApplicationFact(c.received_on, c.replied_on, c.outcome, c.due_on)
        for c in info_requests.indicator_cases(start, end)
        if c.replied_on is not None and start <= c.replied_on <= end
    ]
    messages = [
        ind.MessageFact(*fact)
        for fact in interaction.indicator_messages(start, end, ind.unanswered_cutoff(end))
        .values_list("received_on", "valid", "replied_on", "due_on")
        .order_by()
    ]
    points = []
    for low, high in months:
        apps = ind.application_figures(
            [c for c in cases if low <= c.replied_on <= high],
            low,
            high,
            calendar,  # type: ignore[operator]
        )
        msgs = ind.message_figures(messages, low, high, calendar)
        published, late = items.get(low.isoformat()[:7], [0, 0])
        points.append(
            MonthPoint(
                low,
                published,
                late,
                apps.replied,
                apps.on_time,
                apps.on_time_denominator,
                msgs.replied,
                msgs.unanswered_over_3_months,
            )
        )
    return points


# -- nudges and circulars --------------------------------------------------------------------


def nudge_subject(kind: str, pk: int) -> tuple[Agency, str] | None:
    """The agency responsible for a record, and how the reminder names it."""
    from gongkai.catalogue.selectors import items_by_pk
    from gongkai.info_requests.selectors import cases_by_pk
    from gongkai.interaction.selectors import messages_by_pk

    if kind == Nudge.Kind.REQUEST:
        case = cases_by_pk([pk]).first()
        return (case.agency, f"申请 {case.number}") if case else None
    if kind == Nudge.Kind.ITEM:
        item = items_by_pk([pk]).first()
        return (item.agency, f"信息 {item.index_number}《{item.title[:60]}》") if item else None
    message = messages_by_pk([pk]).first()
    return (message.agency, f"留言 {message.number}：{message.title[:60]}") if message else None


def open_nudges(agency_ids) -> QuerySet[Nudge]:
    return (
        Nudge.objects.filter(agency_id__in=agency_ids, acknowledged_at__isnull=True)
        .select_related("agency", "sent_by")
        .order_by("-sent_at")
    )


def nudges_sent(limit: int = 50) -> list[Nudge]:
    return list(Nudge.objects.select_related("agency", "sent_by", "acknowledged_by")[:limit])


def nudged_subjects() -> set[tuple[str, int]]:
    """(kind, record id) of every reminder still unacknowledged: the desk marks them sent."""
    return set(Nudge.objects.filter(acknowledged_at__isnull=True).values_list("kind", "subject_id"))


def published_circulars() -> QuerySet[Circular]:
    return Circular.objects.filter(status=Circular.Status.ISSUED, published=True).order_by(
        "-issued_on", "-serial"
    )


# -- overdue work across the government ------------------------------------------------------


@dataclass(frozen=True)
class WorkRow:
    kind: str  # Nudge.Kind: request | item | message
    pk: int
    agency_id: int
    agency: str
    label: str
    number: str
    title: str
    detail: str
    due_on: date | None


def overdue_work(today: date) -> list[WorkRow]:
    """Every application overdue and every valid message unanswered over three months at
    `today`, across all agencies: the supervising office's 我的待办."""
    rows = []
    for row in trace("applications.overdue_open", today, today):
        due = dict(row.dates).get("due_on", "")
        rows.append(
            WorkRow(
                "request",
                row.pk,
                row.agency_id,
                row.agency,
                "逾期未答复的申请",
                row.number,
                row.title,
                f"答复期限 {due}，已逾期",
                date.fromisoformat(due) if due else None,
            )
        )
    for row in trace("messages.unanswered_over_3_months", today, today):
        received = dict(row.dates)["received_on"]
        rows.append(
            WorkRow(
                "message",
                row.pk,
                row.agency_id,
                row.agency,
                "超三个月未答复的留言",
                row.number,
                row.title,
                f"{received} 收到，超过三个月未答复",
                date.fromisoformat(received),
            )
        )
    rows.sort(key=lambda r: (r.due_on or date.max, r.agency, r.number))
    return rows


# -- the desk's figures, cached --------------------------------------------------------------

DESK_CACHE_SECONDS = 600


def desk_figures(start: date, end: date, *, refresh: bool = False):
    """(period, monthly trend, computed at) for the desk, kept in the shared cache for ten
    minutes: the whole government's figures take seconds at a million items, and the office
    reads them far more often than they change. The page says when they were computed and
    offers to recompute them now."""
    from django.core.cache import cache
    from django.utils import timezone

    version = hashlib.sha256(calendar_version().encode()).hexdigest()[:16]
    key = f"supervision:desk:{start.isoformat()}:{end.isoformat()}:{version}"
    if not refresh:
        cached = cache.get(key)
        if cached is not None:
            return cached
    value = (period_indicators(start, end), monthly_trend(start, end), timezone.now())
    cache.set(key, value, DESK_CACHE_SECONDS)
    return value


# -- assessment scheme -----------------------------------------------------------------------


def assessment_scheme(year: int):
    """The year's scheme (assessment.Scheme): as the office saved it, else the default."""
    from gongkai.supervision import assessment
    from gongkai.supervision.models import AssessmentScheme

    saved = AssessmentScheme.objects.filter(year=year).first()
    if saved is None:
        return assessment.DEFAULT_SCHEME
    return assessment.scheme_from_json(
        saved.criteria, veto_fails=saved.veto_fails, veto_per_case=str(saved.veto_per_case)
    )


def assessment_report_sentence(year: int) -> str:
    """The published assessment of `year` as the government annual report's sentence ("" when
    none is published): the reports app pre-fills section 六 with it."""
    from gongkai.supervision import assessment
    from gongkai.supervision.models import AssessmentResult

    published = AssessmentResult.objects.filter(year=year).first()
    if published is None:
        return ""
    return assessment.report_sentence(list(published.results), published.published_on)


def assessment_published(year: int) -> bool:
    from gongkai.supervision.models import AssessmentResult

    return AssessmentResult.objects.filter(year=year).exists()


def assessment_scores(period: Period, scheme) -> list[dict]:
    """Every agency's score and breakdown by `scheme`, best first."""
    from gongkai.supervision import assessment

    results = [
        {
            "code": row.agency.code,
            "name": row.agency.name,
            **assessment.score_as_json(assessment.score(row.indicators, scheme)),
        }
        for row in period.agencies
    ]
    results.sort(key=lambda r: -float(r["total"]))
    return results
