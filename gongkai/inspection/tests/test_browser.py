"""Real-browser test of the site inspection: the supervising office runs it and sees a
单项否决 in red; the agency's disclosure office finds it in 我的待办; once the message is
answered, the next run closes the finding with the date.

Chromium through Playwright against the live server, with the workbench's `page` fixture."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from gongkai.accounts.models import Agency, User
from gongkai.demo.organisation import DEMO_PASSWORD, load_demo_organisation
from gongkai.inspection.models import Finding, InspectionRun
from gongkai.inspection.tasks import inspection_run_task
from gongkai.interaction.services import message_receive, message_reply
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def run_now(page, live_server):
    page.goto(f"{live_server.url}/workbench/inspection/")
    page.get_by_label("检查范围").select_option(label="示范区住房和城乡建设局")
    page.get_by_role("button", name="立即检查").click()
    expect(page.get_by_role("status")).to_have_text("排队中")
    inspection_run_task.call_local(InspectionRun.objects.latest("pk").pk)  # the task worker
    page.reload()
    expect(page.get_by_role("status")).to_have_text("已完成")


def test_supervising_office_runs_the_inspection_agency_fixes_and_the_finding_closes(
    live_server, page, browser
):
    schedule_seed_from_package()
    load_demo_organisation()
    housing = Agency.objects.get(short_name="住建局")
    today = timezone.localdate()
    message, _ = message_receive(
        agency=housing,
        actor=None,
        channel="website",
        type="complaint",
        title="南湖小区夜间施工噪音扰民",
        body="南湖小区旁工地每天夜里十一点后仍在施工，请尽快处理。",
        writer_name="张三",
        contact="13800138000",
        consent=False,
        received_on=today - timedelta(days=120),
        source="portal",
    )

    log_in(page, live_server, "zhuguan")
    page.get_by_role("link", name="网站检查").first.click()
    run_now(page, live_server)
    page.get_by_role("link", name="返回检查结果").click()
    vetoes = page.get_by_role("region", name=re.compile("^单项否决"))
    veto = vetoes.locator("li").filter(has_text="有效留言超过3个月未答复")
    expect(veto).to_contain_text("示范区住房和城乡建设局")
    expect(veto).to_contain_text(f"留言 {message.number}“南湖小区夜间施工噪音扰民”")
    expect(veto.get_by_role("link")).to_have_attribute("href", f"/workbench/messages/{message.pk}/")
    expect(veto.locator("strong")).to_have_css("color", "rgb(179, 38, 30)")
    expect(vetoes).to_have_css("border-top-color", "rgb(179, 38, 30)")

    # The agency's disclosure office, on a phone, finds it in 我的待办.
    office = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 800})
    phone = office.new_page()
    log_in(phone, live_server, "gongkaiban")
    phone.goto(f"{live_server.url}/workbench/")
    todo = phone.get_by_text("【单项否决】网站检查：有效留言超过3个月未答复")
    expect(todo).to_be_visible()
    phone.get_by_role("link", name="网站检查").first.click()
    expect(phone.get_by_role("region", name=re.compile("^单项否决"))).to_contain_text(
        message.number
    )
    expect(phone.get_by_role("button", name="立即检查")).to_have_count(0)

    # The office answers; the next run finds it fixed and closes the finding with the date.
    message_reply(
        message=message,
        actor=User.objects.get(username="gongkaiban"),
        reply="张三：您好！已责成施工单位夜间停工。",
        replied_on=today,
    )
    run_now(page, live_server)
    finding = Finding.objects.get(rule="message_unanswered")
    assert finding.closed_on == today
    page.goto(f"{live_server.url}/workbench/inspection/?status=closed")
    closed = page.get_by_role("region", name=re.compile("^单项否决")).locator("li")
    expect(closed).to_contain_text(f"{today:%Y-%m-%d}已整改")
    phone.goto(f"{live_server.url}/workbench/")
    expect(phone.get_by_text("【单项否决】网站检查：有效留言超过3个月未答复")).to_have_count(0)
    office.close()
