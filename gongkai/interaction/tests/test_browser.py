"""Real-browser test of messages: a citizen leaves a message on the portal and follows it
with the number and the query code; the disclosure office replies from the workbench; the
citizen sees the reply, rates it once, and the published message shows no personal data.

Chromium through Playwright against the live server, with the workbench's `page` fixture."""

import re

import pytest
from playwright.sync_api import expect

from gongkai.demo.organisation import DEMO_PASSWORD, load_demo_organisation, org_code
from gongkai.interaction.models import Message
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCY = "示范区住房和城乡建设局"


def label(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*[:：]?\s*$")


def look_up(tab, live_server, number, code):
    tab.goto(f"{live_server.url}/messages/status/")
    form = tab.get_by_role("form", name="查询留言")
    form.get_by_label(label("留言编号")).fill(number)
    form.get_by_label(label("查询码")).fill(code)
    form.get_by_role("button", name="查询").click()


def test_citizen_leaves_a_message_office_replies_citizen_rates(live_server, page, browser):
    schedule_seed_from_package()
    load_demo_organisation()

    page.goto(f"{live_server.url}/")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="互动交流").click()
    page.get_by_role("navigation", name="互动交流").get_by_role("link", name="我要留言").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("我要留言")
    page.get_by_role("button", name="提交留言").click()
    expect(page.get_by_role("alert")).to_have_text("请修改以下标出的内容后重新提交。")
    expect(page.get_by_text("请填写标题")).to_be_visible()

    page.get_by_label(label("留言对象")).select_option(label=AGENCY)
    page.get_by_label(label("留言类型")).select_option(label="投诉")
    page.get_by_label(label("标题")).fill("南湖小区工地夜间施工扰民")
    page.get_by_label(label("留言内容")).fill(
        "我是王小明，手机13912345678。南湖小区旁工地每天夜里十一点后仍在施工，请尽快处理。"
    )
    page.get_by_label(label("姓名")).fill("王小明")
    page.get_by_label(label("联系电话")).fill("13912345678")
    page.get_by_label(re.compile("^同意在网站公开我的留言和答复")).check()
    page.get_by_role("button", name="提交留言").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("留言已提交")
    number = page.locator("#tracking-number").inner_text()
    code = page.locator("#query-code").inner_text()
    assert number == f"{org_code('11441002')}-LY{Message.objects.get().received_on.year}-00001"
    assert re.fullmatch(r"[A-Z0-9]{8}", code)

    # The citizen, on another computer, follows the message with the number and the code.
    citizen = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 800}).new_page()
    look_up(citizen, live_server, number, "ZZZZZZZZ" if code != "ZZZZZZZZ" else "YYYYYYYY")
    expect(citizen.get_by_role("alert")).to_have_text("留言编号或查询码不正确。")
    look_up(citizen, live_server, number, code)
    expect(citizen.locator("#message-status")).to_have_text("已收到")

    # The disclosure office replies from a template.
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("gongkaiban")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("link", name="留言办理").click()
    page.get_by_role("link", name=number).click()
    details = page.locator("details.action").filter(has=page.get_by_text("答复", exact=True))
    details.locator("summary").click()
    details.get_by_role("link", name="已办理").click()
    reply = page.get_by_label(label("答复内容"))
    expect(reply).to_have_value(re.compile(r"^王小明：您好！您于.*的留言（编号" + number))
    reply.fill("王小明：您好！已责成施工单位夜间停工，城管局将加强巡查。")
    page.get_by_role("form", name="答复").get_by_role("button", name="答复").click()
    expect(page.locator("ul.messages")).to_have_text("答复：已完成")
    expect(page.locator("p.status-line strong")).to_have_text("已答复")

    # The citizen sees the reply and rates it, once.
    look_up(citizen, live_server, number, code)
    expect(citizen.locator("#message-reply")).to_have_text(
        "王小明：您好！已责成施工单位夜间停工，城管局将加强巡查。"
    )
    citizen.get_by_label("基本满意").check()
    citizen.get_by_role("button", name="提交评价").click()
    expect(citizen.locator("#message-status")).to_have_text("已评价")
    expect(citizen.locator("#message-rating")).to_contain_text("基本满意")
    expect(citizen.get_by_role("button", name="提交评价")).to_have_count(0)

    # The published message, masked: no name and no phone number.
    citizen.goto(f"{live_server.url}/messages/")
    citizen.get_by_role("link", name="南湖小区工地夜间施工扰民").click()
    body = citizen.locator("main").inner_text()
    assert "我是王**，手机139****5678。" in body
    assert "王小明" not in body and "13912345678" not in body
    assert Message.objects.get().satisfaction == "fairly_satisfied"
