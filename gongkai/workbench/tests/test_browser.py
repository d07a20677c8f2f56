"""Real-browser tests: Chromium (Debian's, through Playwright) against the live server.

Each test loads the demo government itself: the database is flushed between transactional
tests, and so is the working-day calendar the `migrate` override seeds, hence
`schedule_seed_from_package()` in the tests that need it.
"""

import tempfile
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.demo.organisation import DEMO_PASSWORD, load_demo_organisation, org_code
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT = Path(tempfile.gettempdir()) / "gongkai-todo.png"


def log_in(page, live_server, username, password=DEMO_PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def navigation(page):
    return page.get_by_role("navigation", name="工作台导航").get_by_role("link")


def agency_headings(page):
    return page.get_by_role("main").get_by_role("heading", level=2)


def test_clerk_logs_in_and_sees_the_staff_menu_only(live_server, page):
    load_demo_organisation()

    log_in(page, live_server, "jingban")

    expect(page).to_have_url(f"{live_server.url}/workbench/")
    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")
    expect(navigation(page)).to_have_text(
        [
            "我的待办",
            "主动公开",
            "依申请公开",
            "留言办理",
            "咨询登记",
            "征求意见",
            "网站检查",
            "组织机构",
            "工作日历",
        ]
    )
    expect(navigation(page).filter(has_text="审计日志")).to_have_count(0)
    expect(navigation(page).filter(has_text="系统管理")).to_have_count(0)


def test_administrator_opens_the_audit_log_from_the_menu(live_server, page):
    load_demo_organisation()
    log_in(page, live_server, "admin")
    expect(navigation(page)).to_have_text(
        [
            "我的待办",
            "主动公开",
            "审核发布",
            "依申请公开",
            "留言办理",
            "咨询登记",
            "征求意见",
            "年度报告",
            "网站检查",
            "监督考核",
            "组织机构",
            "工作日历",
            "检索统计",
            "审计日志",
            "系统状态",
            "系统管理",
        ]
    )

    navigation(page).get_by_text("审计日志", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("审计日志")
    agency_rows = page.get_by_role("row").filter(
        has=page.get_by_role("cell", name="新增机关", exact=True)
    )
    expect(
        agency_rows.filter(has=page.get_by_role("cell", name="示范区青山镇人民政府", exact=True))
    ).to_have_count(1)


def test_clerk_sees_only_their_own_agency(live_server, page):
    load_demo_organisation()
    log_in(page, live_server, "jingban")

    navigation(page).get_by_text("组织机构", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("组织机构")
    expect(agency_headings(page)).to_have_text(
        [f"示范区住房和城乡建设局 机关代码 {org_code('11441002')}"]
    )
    expect(page.get_by_role("main")).not_to_contain_text("示范区财政局")


def test_supervising_office_sees_every_agency(live_server, page):
    load_demo_organisation()
    log_in(page, live_server, "zhuguan")

    navigation(page).get_by_text("组织机构", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("组织机构")
    for name, first8 in (("示范区住房和城乡建设局", "11441002"), ("示范区财政局", "11441004")):
        expect(
            agency_headings(page).filter(has_text=f"{name} 机关代码 {org_code(first8)}")
        ).to_have_count(1)


def compute_deadline(page, live_server, start, n):
    navigation(page).get_by_text("工作日历", exact=True).click()
    deadline = page.get_by_role("form", name="期限计算")
    deadline.get_by_label("起算日").fill(start)
    deadline.get_by_label("工作日数").fill(n)
    deadline.get_by_role("button", name="计算").click()


def test_deadline_calculator_gives_the_law_check_figure(live_server, page):
    schedule_seed_from_package()
    load_demo_organisation()
    log_in(page, live_server, "jingban")

    compute_deadline(page, live_server, "2025-09-26", "20")

    expect(page.get_by_role("status")).to_have_text("第 20 个工作日是 2025年10月30日（2025-10-30）")


def test_deadline_calculator_refuses_a_year_not_loaded(live_server, page):
    schedule_seed_from_package()
    load_demo_organisation()
    log_in(page, live_server, "jingban")

    compute_deadline(page, live_server, "2026-12-20", "20")

    expect(page.get_by_role("alert")).to_have_text(
        "2027 年的法定节假日安排尚未载入，无法计算跨越该年的工作日期限；"
        "请管理员根据国务院办公厅通知录入 2027 年安排"
    )
    expect(page.get_by_role("status")).to_have_count(0)
    expect(page.get_by_role("note")).to_contain_text("暂估：第 20 个工作日约为 2027年1月18日")


def test_five_wrong_passwords_lock_the_account(live_server, page):
    load_demo_organisation()
    for _ in range(5):
        log_in(page, live_server, "shenhe", "wrong-password")

    log_in(page, live_server, "shenhe")

    expect(page.get_by_role("heading", level=1)).to_have_text("账号已暂时锁定")
    expect(page.get_by_role("navigation", name="工作台导航")).to_have_count(0)


def test_administrator_todo_page_renders(live_server, page):
    schedule_seed_from_package()
    load_demo_organisation()

    log_in(page, live_server, "admin")

    today = timezone.localdate()
    expect(page.get_by_role("heading", level=1)).to_have_text("我的待办")
    expect(page.get_by_role("main").locator("p.muted")).to_have_text(
        f"今天是 {today.year}年{today.month}月{today.day}日"
    )
    page.screenshot(path=str(SCREENSHOT), full_page=True)
