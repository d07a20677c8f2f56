"""The annual report in a real browser (issue 12 §2): sections written in the rich-text
editor without seeing any markup, saved and previewed as written; publishing asks first."""

import pytest
from playwright.sync_api import expect

from gongkai.accounts.models import Agency
from gongkai.demo.organisation import DEMO_PASSWORD, load_demo_organisation
from gongkai.reports.models import AnnualReport
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


@pytest.fixture
def office_on_report(live_server, page):
    schedule_seed_from_package()
    load_demo_organisation()
    agency = Agency.objects.get(short_name="住建局")
    log_in(page, live_server, "gongkaiban")
    page.goto(f"{live_server.url}/workbench/reports/{agency.code}/2025/")
    return agency


def test_the_office_writes_a_section_in_bold_and_the_preview_shows_it(
    live_server, page, office_on_report
):
    editor = page.get_by_role("textbox", name="五、存在的主要问题及改进情况")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("一是公开时效有待提高。")
    page.keyboard.press("Control+A")
    toolbar = page.get_by_role("toolbar", name="五、存在的主要问题及改进情况格式工具")
    toolbar.get_by_role("button", name="加粗").click()
    page.get_by_role("button", name="保存章节").click()

    expect(page.get_by_text("章节已保存")).to_be_visible()
    saved = AnnualReport.objects.get(agency=office_on_report, year=2025).problems
    assert saved == "<p><strong>一是公开时效有待提高。</strong></p>"
    page.goto(f"{live_server.url}/workbench/reports/{office_on_report.code}/2025/report.html")
    bold = page.get_by_text("一是公开时效有待提高。")
    expect(bold).to_have_css("font-weight", "700")


def test_no_markup_is_shown_to_the_writer(page, office_on_report):
    editor = page.get_by_role("textbox", name="一、总体情况")
    expect(editor).to_be_visible()
    expect(editor).not_to_contain_text("<p>")
    expect(page.locator("textarea:visible")).to_have_count(0)


def test_publishing_lists_what_is_unfinished_and_waits_for_confirmation(page, office_on_report):
    page.get_by_role("link", name="发布年度报告…").click()

    expect(page.get_by_role("heading", name="尚未完成的事项")).to_be_visible()
    expect(
        page.get_by_text("表二中来自其他系统的数据（行政许可、处罚、强制和收费）尚未录入")
    ).to_be_visible()
    confirm = page.get_by_label("我已核对报告内容和上述未完成事项，确认发布")
    page.get_by_role("button", name="确认发布").click()
    # The browser itself holds the form back until the box is ticked.
    expect(confirm).to_have_js_property("validity.valueMissing", True)
    assert AnnualReport.objects.filter(status="published").count() == 0
    confirm.check()
    page.get_by_role("button", name="确认发布").click()
    expect(page.get_by_text("年度报告已发布")).to_be_visible()


def test_a_published_report_is_corrected_with_a_note_the_public_reads(
    live_server, page, browser, office_on_report
):
    page.get_by_role("link", name="发布年度报告…").click()
    page.get_by_label("我已核对报告内容和上述未完成事项，确认发布").check()
    page.get_by_role("button", name="确认发布").click()
    expect(page.get_by_text("年度报告已发布")).to_be_visible()

    page.get_by_role("button", name="发起更正").click()
    expect(page.get_by_text("已发起更正：修改后请“发布更正”；门户网站仍显示原报告")).to_be_visible()
    editor = page.get_by_role("textbox", name="五、存在的主要问题及改进情况")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("一是公开时效有待提高，二是答复文书有待规范。")
    page.get_by_role("button", name="保存章节").click()
    expect(page.get_by_text("章节已保存")).to_be_visible()
    page.get_by_role("link", name="发布更正…").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "发布更正：示范区住房和城乡建设局2025年政府信息公开工作年度报告"
    )
    page.get_by_label("我已核对报告内容和上述未完成事项，确认发布").check()
    page.get_by_role("button", name="确认发布更正").click()
    # No note: refused in words, the portal still shows the first version.
    expect(page.get_by_role("alert")).to_have_text(
        "发布更正须写明更正说明（更正了什么、为什么更正）"
    )
    assert AnnualReport.objects.get(agency=office_on_report, year=2025).version == 1

    page.get_by_label("更正说明（更正了什么、为什么更正；将随报告公开）").fill(
        "补充第五部分关于答复文书规范的内容。"
    )
    page.get_by_label("我已核对报告内容和上述未完成事项，确认发布").check()
    page.get_by_role("button", name="确认发布更正").click()
    expect(page.get_by_text("更正已发布")).to_be_visible()
    expect(page.get_by_role("main").get_by_text("已发布", exact=True)).to_be_visible()

    context = browser.new_context(locale="zh-CN")  # a citizen
    citizen = context.new_page()
    try:
        citizen.goto(f"{live_server.url}/annual-reports/")
        row = citizen.get_by_role("row").filter(has_text="示范区住房和城乡建设局")
        row.get_by_role("link", name="查看更正记录").click()
        rows = citizen.get_by_role("row")
        expect(rows.nth(1)).to_contain_text("第2版（现行）")
        expect(rows.nth(1)).to_contain_text("补充第五部分关于答复文书规范的内容。")
        expect(rows.nth(2)).to_contain_text("第1版（已于")
        citizen.goto(f"{live_server.url}/annual-reports/")
        citizen.get_by_role("row").filter(has_text="示范区住房和城乡建设局").get_by_role(
            "link", name="在线阅读"
        ).click()
        expect(citizen.get_by_text("一是公开时效有待提高，二是答复文书有待规范。")).to_be_visible()
    finally:
        context.close()
