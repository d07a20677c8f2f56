"""The demo's past annual reports: every agency's and the government's report for each
finished year the demo's records cover, published through the reports services as an office
would (other systems' figures entered, sections from the suggested text, then publication).

Idempotent: a report already published is left as it is.
"""

from __future__ import annotations

import hashlib
from datetime import date

from django.utils import timezone

from gongkai.accounts.models import Agency, User
from gongkai.catalogue.models import Item
from gongkai.info_requests.models import InfoRequest
from gongkai.reports import narrative
from gongkai.reports import services as s
from gongkai.reports.models import AnnualReport

SOURCE = "演示数据：行政审批、行政执法和财政系统年终导出"


def _figure(agency: Agency, year: int, what: str, top: int) -> int:
    """A small stable figure per agency, year and kind (same on every run)."""
    digest = hashlib.sha256(f"{agency.code}/{year}/{what}".encode()).digest()
    return digest[0] % (top + 1)


def _catalogue_day(agency: Agency, year: int) -> date | None:
    """The day the demo catalogue published this report as an item, if it did: one report,
    one publication date."""
    return (
        Item.objects.filter(
            agency=agency,
            genre="annual_report",
            status=Item.Status.PUBLISHED,
            title__endswith=f"{year}年政府信息公开工作年度报告",
        )
        .values_list("published_on", flat=True)
        .first()
    )


def _publish(*, agency: Agency | None, year: int, actor, published_on: date) -> bool:
    existing = AnnualReport.objects.filter(agency=agency, year=year).first()
    if existing is not None and existing.status == AnnualReport.Status.PUBLISHED:
        return False
    if agency is not None:
        s.other_figures_save(
            agency=agency,
            year=year,
            actor=actor,
            licensing=_figure(agency, year, "licensing", 400),
            penalties=_figure(agency, year, "penalties", 120),
            enforcement=_figure(agency, year, "enforcement", 20),
            fee_income_yuan=0,
            source=SOURCE,
        )
    data = s.report_data(agency=agency, year=year)
    s.report_save_sections(
        agency=agency,
        year=year,
        actor=actor,
        overview=narrative.suggested_overview(data),
        problems=narrative.suggested_problems(data),
        other_matters=narrative.suggested_other_matters(data),
    )
    s.report_publish(agency=agency, year=year, actor=actor, published_on=published_on)
    return True


def load_demo_reports(today: date | None = None) -> int:
    """Publish the past years' reports; returns how many were published now."""
    today = today or timezone.localdate()
    first = InfoRequest.objects.order_by("received_on").values_list("received_on", flat=True)
    if not first:
        return 0
    actor = User.objects.filter(username="admin").first()
    published = 0
    for year in range(first[0].year, today.year):
        # Art. 49: departments by January 31, the government by March 31 of the next year.
        agencies_on = date(year + 1, 1, 20)
        government_on = date(year + 1, 3, 25)
        for agency in Agency.objects.filter(is_active=True).order_by("code"):
            if agencies_on <= today:
                published += _publish(
                    agency=agency,
                    year=year,
                    actor=actor,
                    published_on=_catalogue_day(agency, year) or agencies_on,
                )
        if government_on <= today:
            published += _publish(agency=None, year=year, actor=actor, published_on=government_on)
    return published
