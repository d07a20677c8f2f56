"""The portal in a real browser: axe-core finds no serious or critical accessibility violation
on the public pages, at desktop and phone widths, and nothing scrolls sideways on a phone.

axe-core's script comes from the axe-playwright-python package (MPL-2.0), so nothing is
downloaded at test time.
"""

from datetime import date
from importlib.resources import files

import pytest
from playwright.sync_api import expect

from gongkai.catalogue import services as s
from gongkai.catalogue.models import Subject
from gongkai.portal.tests.conftest import png
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = (files("axe_playwright_python") / "axe.min.js").read_text(encoding="utf-8")
BLOCKING = ("serious", "critical")
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}

PAGES = [
    ("/", "示范区人民政府"),
    ("/catalogue/", "政府信息公开目录"),
    ("/catalogue/?category=20-99", "政府信息公开目录"),
    ("/catalogue/agency/114410025/", "示范区住房和城乡建设局政府信息公开目录"),
    ("/catalogue/item/114410025/2025-00001/", "示范区既有住宅加装电梯管理办法"),
    ("/guide/", "政府信息公开指南"),
    ("/guide/114410025/", "示范区住房和城乡建设局政府信息公开指南"),
    ("/apply/", "政府信息公开申请"),
]


@pytest.fixture
def portal_data(reviewed, published, admin, agency):
    schedule_seed_from_package()
    agency.office_address = "示范区人民路88号"
    agency.office_postcode = "516001"
    agency.office_hours = "工作日 8:30-12:00，14:30-17:30"
    agency.office_phone = "0752-2100001"
    agency.office_fax = "0752-2100002"
    agency.office_email = "gongkai@zjj.example.gov.cn"
    agency.save()
    subject = Subject.objects.create(name="城乡建设、环境保护")
    policy = reviewed(
        title="示范区既有住宅加装电梯管理办法",
        genre="normative_document",
        is_policy=True,
        subject=subject,
        keywords="加装电梯",
        attachments=[("办理流程图.png", png((200, 30, 30)))],
    )
    reviewed(
        title="《示范区既有住宅加装电梯管理办法》政策解读",
        genre="interpretation",
        interprets=policy,
    )
    s.item_approve(item=policy, actor=admin, published_on=date(2025, 10, 9))
    for day in range(10, 13):
        published(title=f"10月{day}日工作动态", genre="news", published_on=date(2025, 10, day))


def open_page(browser, live_server, path, viewport):
    context = browser.new_context(locale="zh-CN", viewport=viewport)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    tab.goto(f"{live_server.url}{path}")
    return context, tab


def blocking_violations(tab) -> list[tuple[str, str, list]]:
    # Evaluated through the DevTools protocol, not as an inline <script>: the pages forbid
    # inline scripts (Content-Security-Policy), which is what is being tested.
    tab.evaluate(AXE)
    results = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        (violation["id"], violation["impact"], [node["target"] for node in violation["nodes"]])
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize(("path", "heading"), PAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_accessibility_violation(
    browser, live_server, portal_data, path, heading, viewport
):
    context, tab = open_page(browser, live_server, path, viewport)
    try:
        expect(tab.get_by_role("heading", level=1)).to_have_text(heading)
        assert blocking_violations(tab) == []
    finally:
        context.close()


@pytest.mark.parametrize(("path", "heading"), PAGES)
def test_nothing_scrolls_sideways_on_a_phone(browser, live_server, portal_data, path, heading):
    context, tab = open_page(browser, live_server, path, PHONE)
    try:
        width = tab.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1]
    finally:
        context.close()


def test_a_visitor_filters_the_catalogue_and_opens_an_item(page, live_server, portal_data):
    page.goto(f"{live_server.url}/catalogue/")
    page.get_by_label("第二十条类别").select_option("20-3")
    page.get_by_role("button", name="筛选").click()
    expect(page.get_by_role("heading", level=2, name="共 5 条")).to_be_visible()
    page.get_by_role("link", name="示范区既有住宅加装电梯管理办法", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("示范区既有住宅加装电梯管理办法")
    expect(
        page.get_by_role("link", name="《示范区既有住宅加装电梯管理办法》政策解读")
    ).to_be_visible()
