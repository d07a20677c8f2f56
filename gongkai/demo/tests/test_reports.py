"""The demo publishes its past years' annual reports through the reports services, and the
portal lists them."""

from datetime import date

import lxml.html
import pytest
from django.db.models import F

from gongkai.accounts.models import Agency, Role, User
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.demo.reports import load_demo_reports
from gongkai.info_requests.services import Applicant, request_register
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_case(agency):
    office = UserFactory(username="gongkaiban")
    role_grant(user=office, role=Role.DISCLOSURE_OFFICE, agency=agency)
    request_register(
        agency=agency,
        actor=office,
        applicant=Applicant(type="natural_person", name="张三", phone="13800138000"),
        channel="in_person",
        description="2024年老旧小区改造项目清单",
        submitted_on=date(2024, 3, 11),
    )


def published() -> list[tuple]:
    return list(
        AnnualReport.objects.filter(status="published")
        .order_by("year", F("agency").asc(nulls_first=True))
        .values_list("year", "agency__name", "published_on")
    )


def test_past_years_are_published_by_their_deadlines(first_case):
    count = load_demo_reports(today=date(2026, 2, 10))
    assert (count, published()) == (
        3,
        [
            (2024, None, date(2025, 3, 25)),
            (2024, "示范区住房和城乡建设局", date(2025, 1, 20)),
            (2025, "示范区住房和城乡建设局", date(2026, 1, 20)),
        ],
    )


def test_loading_again_publishes_nothing_more(first_case):
    load_demo_reports(today=date(2026, 5, 1))
    assert load_demo_reports(today=date(2026, 5, 1)) == 0


def test_the_portal_lists_the_published_years(client, first_case):
    load_demo_reports(today=date(2026, 5, 1))
    page = lxml.html.fromstring(client.get("/annual-reports/").content.decode())
    assert [
        [" ".join(td.text_content().split()) for td in row.xpath("./td")[:3]]
        for row in page.xpath("//tbody/tr")
    ] == [
        ["2025", "本级人民政府", "2026-03-25"],
        ["2025", "示范区住房和城乡建设局", "2026-01-20"],
        ["2024", "本级人民政府", "2025-03-25"],
        ["2024", "示范区住房和城乡建设局", "2025-01-20"],
    ]


def test_an_agency_report_goes_out_on_the_day_its_catalogue_item_does():
    from gongkai.catalogue.models import Item
    from gongkai.demo.catalogue import load_demo_items
    from gongkai.demo.organisation import load_demo_organisation

    load_demo_organisation()
    housing = Agency.objects.get(short_name="住建局")
    office = User.objects.get(username="gongkaiban")
    request_register(
        agency=housing,
        actor=office,
        applicant=Applicant(type="natural_person", name="张三", phone="13800138000"),
        channel="in_person",
        description="2024年老旧小区改造项目清单",
        submitted_on=date(2024, 3, 11),
    )
    load_demo_items(count=200, today=date(2026, 2, 10))
    load_demo_reports(today=date(2026, 2, 10))
    items = {
        (item.agency_id, int(item.title[-17:-13])): item.published_on
        for item in Item.objects.filter(genre="annual_report", status="published")
    }
    reports = {
        (report.agency_id, report.year): report.published_on
        for report in AnnualReport.objects.filter(status="published", agency__isnull=False)
    }
    # With 200 items the catalogue keeps only some of its yearly items (count // 4); a report
    # without its item goes out on the demo's default day, January 20.
    expected = {
        (agency, year): items.get((agency, year), date(year + 1, 1, 20)) for agency, year in reports
    }
    assert (len(reports), len(set(items) & set(reports)) > 3, reports) == (24, True, expected)
