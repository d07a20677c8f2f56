"""The workbench as a person sees it: urgency colours with words in the queue, one current
menu entry, the month calendar, the amending-item picker, and every key page usable at phone
width (390 px) without the page scrolling sideways.

Today is fixed at Monday 2025-12-01 so that the urgency of the cases never depends on the
date the suite runs."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.accounts.models import Agency, User
from gongkai.catalogue import services as catalogue
from gongkai.demo.organisation import load_demo_organisation
from gongkai.info_requests.services import Applicant, request_register
from gongkai.workbench.tests.test_browser import log_in
from gongkai.workdays.selectors import get_calendar
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2025, 12, 1)
PHONE = {"width": 390, "height": 844}
AMBER = "rgb(255, 241, 194)"
RED = "rgb(253, 226, 225)"
NONE = "rgba(0, 0, 0, 0)"  # the row adds no colour: the table's white shows


@pytest.fixture
def today(monkeypatch):
    real = timezone.localdate

    def localdate(value=None, timezone=None):
        return TODAY if value is None else real(value, timezone)

    monkeypatch.setattr("django.utils.timezone.localdate", localdate)
    return TODAY


def received_for(days_left: int) -> date:
    """The receipt date whose 20-working-day reply is due `days_left` working days after today
    (negative: overdue)."""
    calendar = get_calendar()
    day = TODAY
    while True:
        day -= timedelta(days=1)
        if calendar.is_workday(day) and calendar.between(TODAY, calendar.add(day, 20)) == days_left:
            return day


@pytest.fixture
def cases(today):
    schedule_seed_from_package()
    load_demo_organisation()
    agency = Agency.objects.get(short_name="住建局")
    office = User.objects.get(username="gongkaiban")
    numbers = {}
    for name, left in (("逾期", -3), ("黄色", 4), ("正常", 15)):
        case, _ = request_register(
            agency=agency,
            actor=office,
            applicant=Applicant(type="natural_person", name=f"申请人{name}", phone="13800138000"),
            channel="in_person",
            description="2025年老旧小区改造项目清单",
            submitted_on=received_for(left),
        )
        numbers[name] = case.number
    return numbers


def row_of(page, number):
    return page.get_by_role("row").filter(has=page.get_by_role("link", name=number))


def background(locator) -> str:
    return locator.evaluate("el => getComputedStyle(el).backgroundColor")


def test_the_queue_colours_urgent_rows_and_says_why(live_server, page, cases):
    log_in(page, live_server, "gongkaiban")
    page.goto(f"{live_server.url}/workbench/requests/")

    overdue, amber, normal = (row_of(page, cases[n]) for n in ("逾期", "黄色", "正常"))
    expect(overdue.locator("td.urgency")).to_have_text("超期已超期 3 个工作日")
    expect(amber.locator("td.urgency")).to_have_text("临近剩余 4 个工作日")
    expect(normal.locator("td.urgency")).to_have_text("剩余 15 个工作日")
    assert [
        background(overdue.locator("td").first),
        background(amber.locator("td").first),
        background(normal.locator("td").first),
    ] == [RED, AMBER, NONE]


def test_the_current_section_is_the_one_highlighted_menu_entry(live_server, page, cases):
    log_in(page, live_server, "gongkaiban")
    page.goto(f"{live_server.url}/workbench/requests/")
    current = page.get_by_role("navigation", name="工作台导航").locator("[aria-current=page]")
    expect(current).to_have_text(["依申请公开"])


def test_the_calendar_is_a_month_grid_with_holidays_labelled(live_server, page, today):
    schedule_seed_from_package()
    load_demo_organisation()
    log_in(page, live_server, "jingban")
    page.goto(f"{live_server.url}/workdays/?year=2025&month=10")

    grid = page.get_by_role("table", name="2025年10月")
    national_day = grid.get_by_role("cell").filter(has_text="国庆节").first
    expect(national_day).to_have_text("1国庆节放假")
    expect(grid.get_by_role("cell", name="11 国庆节 调休上班")).to_have_count(1)
    page.get_by_role("link", name="下个月（2025年11月）→").click()
    expect(page.get_by_role("heading", level=2, name="2025年11月")).to_be_visible()
    expect(page.get_by_label("起算日")).to_have_attribute("type", "date")


def test_the_picker_finds_the_amending_item_as_the_reviewer_types(live_server, page, today):
    schedule_seed_from_package()
    load_demo_organisation()
    agency = Agency.objects.get(short_name="住建局")
    reviewer = User.objects.get(username="shenhe")
    items = []
    for title in ("示范区既有住宅加装电梯管理办法", "示范区既有住宅加装电梯管理办法（修订）"):
        item = catalogue.item_create(
            agency=agency,
            actor=reviewer,
            title=title,
            written_on=date(2025, 11, 3),
            statutory_category="20-1",
            genre="notice",
            body="各街道：现将管理办法印发给你们。",
        )
        catalogue.item_submit(item=item, actor=reviewer)
        catalogue.item_secrecy_review(item=item, actor=reviewer, passed=True)
        items.append(
            catalogue.item_approve(item=item, actor=reviewer, published_on=date(2025, 11, 5))
        )
    log_in(page, live_server, "shenhe")
    address = f"{live_server.url}/workbench/catalogue/{items[0].pk}/"
    page.goto(address)

    page.get_by_label("第一步：查找修改或废止它的文件").fill("修订")

    choice = page.get_by_role("radio", name="示范区既有住宅加装电梯管理办法（修订）")
    expect(choice).to_have_count(1)
    assert page.url == address  # found without reloading the page


PHONE_PAGES = {
    "gongkaiban": [
        "/workbench/",
        "/workbench/requests/",
        "/workbench/requests/new/",
        "/workbench/catalogue/",
        "/workbench/reports/",
        "/workdays/",
        "/accounts/organisation/",
    ],
    "admin": ["/audit/", "/workbench/catalogue/review/"],
}


@pytest.mark.parametrize("username", ["gongkaiban", "admin"])
def test_key_pages_fit_a_phone(live_server, browser, cases, username):
    context = browser.new_context(locale="zh-CN", viewport=PHONE)
    tab = context.new_page()
    log_in(tab, live_server, username)
    widths = {}
    for path in PHONE_PAGES[username]:
        tab.goto(f"{live_server.url}{path}")
        widths[path] = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert {path: width for path, width in widths.items() if width > PHONE["width"]} == {}
