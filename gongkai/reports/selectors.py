"""Reads for the annual report: the records turned into the pure module's facts, and the
report as the JSON of docs/interfaces.md."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Count, F, Sum

from gongkai.accounts.models import Agency, Government
from gongkai.catalogue.models import Item
from gongkai.catalogue.selectors import timeliness, working_days_to_publish
from gongkai.info_requests.models import Appeal, FeeNotice, InfoRequest
from gongkai.reports import figures
from gongkai.reports.charts import TIMELINESS_BANDS
from gongkai.reports.models import PUBLIC_STATUSES, AnnualReport, OtherSystemFigures
from gongkai.workdays.selectors import get_calendar

NEW_FORMAT_FROM = 2019  # reports for 2019 onward use the 2021 format's tables


def case_facts(agencies) -> list[figures.CaseFacts]:
    rows = InfoRequest.objects.filter(agency__in=agencies).values_list(
        "number", "applicant_type", "received_on", "closed_on", "outcome"
    )
    return [figures.CaseFacts(n, t, r, c, o or None) for n, t, r, c, o in rows.iterator(5000)]


def appeal_facts(agencies) -> list[figures.AppealFacts]:
    rows = Appeal.objects.filter(request__agency__in=agencies).values_list(
        "kind", "litigation_kind", "filed_on", "result"
    )
    return [figures.AppealFacts(*row) for row in rows]


def document_facts(agencies) -> list[figures.DocumentFacts]:
    rows = Item.objects.filter(
        agency__in=agencies,
        genre__in=["rule", "normative_document"],
        status__in=[Item.Status.PUBLISHED, Item.Status.WITHDRAWN],
    ).values_list("genre", "written_on", "validity", "validity_changed_on")
    return [figures.DocumentFacts(*row) for row in rows]


def other_figures(agencies, year: int) -> dict:
    rows = list(
        OtherSystemFigures.objects.filter(agency__in=agencies, year=year).select_related("agency")
    )
    total_yuan = sum((r.fee_income_yuan for r in rows), Decimal(0))
    return {
        "licensing": sum(r.licensing for r in rows),
        "penalties": sum(r.penalties for r in rows),
        "enforcement": sum(r.enforcement for r in rows),
        "fees_wan_yuan": figures.wan_yuan(total_yuan),
        "sources": [f"{r.agency.name}：{r.source}" for r in rows],
    }


def processing_fees(agencies, year: int) -> dict:
    """Section 六: processing-fee notices issued, amount notified and collected in the year."""
    notices = FeeNotice.objects.filter(request__agency__in=agencies, notice_on__year=year)
    notified = notices.aggregate(n=Count("pk"), amount=Sum("amount"))
    collected = (
        FeeNotice.objects.filter(request__agency__in=agencies, paid_on__year=year).aggregate(
            amount=Sum("amount")
        )["amount"]
        or 0
    )
    ledger = (
        InfoRequest.objects.filter(
            agency__in=agencies, closed_on__year=year, ledger_fee_yuan__isnull=False
        ).aggregate(amount=Sum("ledger_fee_yuan"))["amount"]
        or 0
    )
    return {
        "notices": notified["n"],
        "notified_yuan": f"{notified['amount'] or Decimal(0):.2f}",
        "collected_yuan": f"{Decimal(collected) + Decimal(ledger):.2f}",
    }


def proactive_facts(agencies, year: int) -> dict:
    """Figures for section 一's pre-filled text: items published, channels, timeliness."""
    published = Item.objects.filter(
        agency__in=agencies,
        status=Item.Status.PUBLISHED,
        attribute="proactive",
        published_on__year=year,
    )
    received = InfoRequest.objects.filter(agency__in=agencies, received_on__year=year)
    by_channel = dict(received.values_list("channel").annotate(n=Count("pk")))
    return {
        "items_published": published.count(),
        "applications_received": received.count(),
        "applications_by_channel": by_channel,
        "replied_late": InfoRequest.objects.filter(
            agency__in=agencies,
            closed_on__year=year,
            events__action="reply",
            events__data__late=True,
        ).count(),
        # Enquiries (咨询) by channel, for section 一 (docs/law.md §8).
        "enquiries": _enquiry_counts(agencies, year),
    }


def _enquiry_counts(agencies, year: int) -> dict:
    from datetime import date as _date

    from gongkai.interaction.selectors import enquiry_counts

    ids = [a.pk for a in agencies]
    return enquiry_counts(ids, _date(year, 1, 1), _date(year, 12, 31))


def monthly_receipts(agencies, year: int) -> list[int]:
    counts = dict(
        InfoRequest.objects.filter(agency__in=agencies, received_on__year=year)
        .values_list("received_on__month")
        .annotate(n=Count("pk"))
    )
    return [counts.get(month, 0) for month in range(1, 13)]


def publication_timeliness(agencies, year: int) -> dict:
    """Working days from written to published for items published in the year (Art. 26)."""
    items = Item.objects.filter(
        agency__in=agencies, status=Item.Status.PUBLISHED, published_on__year=year
    )
    figures_ = timeliness(items)
    calendar = get_calendar()
    histogram = [0] * len(TIMELINESS_BANDS)  # 0-5, 6-10, 11-15, 16-20, 21-30, over 30 days
    for item in items.only("written_on", "published_on"):
        days = working_days_to_publish(item, calendar)
        if days is None:
            continue
        histogram[
            min(
                5,
                0
                if days <= 5
                else 1
                if days <= 10
                else 2
                if days <= 15
                else 3
                if days <= 20
                else 4
                if days <= 30
                else 5,
            )
        ] += 1
    return {
        "items": figures_.items,
        "average": figures_.average,
        "longest": figures_.longest,
        "late": figures_.late,
        "histogram": histogram,
    }


def agency_report(agency: Agency, year: int, *, trace: bool = False) -> dict:
    return _report([agency], year, agency=agency, trace=trace)


def government_report(year: int) -> dict:
    agencies = list(Agency.objects.filter(is_active=True))
    parts = [
        figures.build(year, case_facts([a]), appeal_facts([a]), document_facts([a]))
        for a in agencies
    ]
    whole = figures.roll_up(parts, year)
    data = _as_json(whole, year, agencies)
    government = Government.objects.order_by("pk").first()
    data["government"] = government.name if government else ""
    data["agencies"] = [a.name for a in agencies]
    return data


def _report(agencies, year, *, agency=None, trace=False) -> dict:
    report = figures.build(
        year, case_facts(agencies), appeal_facts(agencies), document_facts(agencies), trace=trace
    )
    data = _as_json(report, year, agencies)
    data["agency"] = {"code": agency.code, "name": agency.name} if agency else None
    if trace:
        data["traces"] = report.traces
    previous = AnnualReport.objects.filter(
        agency=agency, year=year - 1, status__in=PUBLIC_STATUSES
    ).first()
    if previous and previous.published_figures:
        published_out = previous.published_figures["applications"]["carried_out"]
        for column in figures.COLUMNS:
            if published_out[column] != data["applications"]["carried_in"][column]:
                data["checks"].append(
                    f"“{column}”列：{year - 1}年度报告已发布的“结转下年度继续办理” "
                    f"{published_out[column]} ≠ 本年度“上年结转” "
                    f"{data['applications']['carried_in'][column]}"
                )
    return data


def _as_json(report: figures.Report, year: int, agencies) -> dict:
    other = other_figures(agencies, year)
    data = {
        "year": year,
        "format": "2021" if year >= NEW_FORMAT_FROM else "2008",
        "period": {"from": date(year, 1, 1).isoformat(), "to": date(year, 12, 31).isoformat()},
        "proactive": {
            "rules": report.documents["rules"],
            "normative_documents": report.documents["normative_documents"],
            "licensing": other["licensing"],
            "penalties": other["penalties"],
            "enforcement": other["enforcement"],
            "fees_wan_yuan": other["fees_wan_yuan"],
            "sources": other["sources"],
        },
        "applications": report.applications,
        "appeals": report.appeals,
        "processing_fees": processing_fees(agencies, year),
        "facts": proactive_facts(agencies, year),
        "monthly_receipts": monthly_receipts(agencies, year),
        "timeliness": publication_timeliness(agencies, year),
        "checks": list(report.checks),
    }
    if year < NEW_FORMAT_FROM:
        old = InfoRequest.objects.filter(agency__in=agencies).values_list(
            "number", "channel", "received_on", "closed_on", "outcome", "other_agency_name"
        )
        data["applications_2008"] = figures.applications_2008(
            [
                figures.OldCaseFacts(n, ch, r, c, o or None, bool(other_agency))
                for n, ch, r, c, o, other_agency in old
            ],
            year,
        )
    return data


def reports_published() -> list[AnnualReport]:
    return list(
        AnnualReport.objects.filter(status__in=PUBLIC_STATUSES)
        .select_related("agency")
        # The government's own report (no agency) first in each year, on every database.
        .order_by("-year", F("agency__sort_order").asc(nulls_first=True), F("agency__code").asc())
    )
