"""A clerk drafts an item with a phone number in it, the reviewer masks it and approves, and
the item appears on the portal with its index number (issue 4's scenario), in Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.demo.organisation import DEMO_PASSWORD, load_demo_organisation, org_code
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于2025年第四季度建筑工地扬尘治理检查情况的通报"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_draft_masked_approved_and_published_with_its_index_number(live_server, browser):
    schedule_seed_from_package()
    load_demo_organisation()
    today = timezone.localdate()

    clerk = browser.new_context(locale="zh-CN").new_page()
    log_in(clerk, live_server, "jingban")
    clerk.goto(f"{live_server.url}/workbench/catalogue/new/")
    clerk.get_by_label("标题").fill(TITLE)
    clerk.get_by_label("文号").fill("示住建〔2025〕31号")
    clerk.get_by_label("成文日期").fill(today.isoformat())
    clerk.get_by_label("第二十条类别").select_option("20-13")
    clerk.get_by_label("体裁").select_option("notice")
    clerk.get_by_label("正文").fill("各施工单位：检查发现问题已整改。联系电话13800138000。")
    clerk.get_by_role("button", name="保存草稿").click()
    clerk.get_by_role("button", name="送保密审查").click()
    expect(clerk.get_by_text("保密审查中", exact=True)).to_be_visible()

    reviewer = browser.new_context(locale="zh-CN").new_page()
    log_in(reviewer, live_server, "shenhe")
    reviewer.goto(f"{live_server.url}/workbench/catalogue/review/")
    reviewer.get_by_role("link", name=TITLE).click()
    expect(reviewer.get_by_role("heading", name="个人信息检查（1 处待处理）")).to_be_visible()
    reviewer.get_by_role("button", name="一键去标识化").click()
    expect(reviewer.locator(".body")).to_contain_text("联系电话138****8000。")
    reviewer.get_by_role("button", name="保密审查通过").click()
    reviewer.get_by_role("button", name="审批发布").click()
    index_number = f"{org_code('11441002')}/{today.year}-00001"
    expect(reviewer.get_by_text(f"索引号 {index_number}")).to_be_visible()

    citizen = browser.new_context(locale="zh-CN").new_page()
    citizen.goto(f"{live_server.url}/catalogue/")
    citizen.get_by_role("link", name=TITLE).click()
    main = citizen.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main).to_contain_text(index_number)
    expect(main).to_contain_text("联系电话138****8000。")
    expect(main).not_to_contain_text("13800138000")
