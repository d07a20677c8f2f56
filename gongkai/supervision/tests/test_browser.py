"""Real-browser test of the supervising office's desk: 主管部门 opens the desk, drills down to a
late item, sends a nudge about an overdue application (住建局's 公开办 sees it in 我的待办),
drafts, edits and issues a circular and downloads its DOCX (opened with python-docx).

Chromium through Playwright against the live server, with the workbench's `page` fixture."""

import io
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from gongkai.accounts.models import Agency
from gongkai.demo.organisation import DEMO_PASSWORD, load_demo_organisation
from gongkai.supervision.tests.conftest import make_case, make_item
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AGENCY = "示范区住房和城乡建设局"


def label(text):
    return re.compile(rf"^\s*{re.escape(text)}\s*[:：]?\s*$")


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()


def test_supervising_office_drills_down_nudges_and_issues_a_circular(live_server, page):
    schedule_seed_from_package()
    load_demo_organisation()
    today = timezone.localdate()
    agency = Agency.objects.get(name=AGENCY)
    case = make_case(agency, (today - timedelta(days=70)).isoformat(), title="逾期未答复的申请")
    make_item(
        agency,
        (today - timedelta(days=60)).isoformat(),
        (today - timedelta(days=1)).isoformat(),
        title="迟迟未公开的通知",
    )

    log_in(page, live_server, "zhuguan")
    page.get_by_role("navigation", name="工作台导航").get_by_role("link", name="监督考核").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("监督考核")
    row = page.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name=re.compile(r"^住建局 各科室$"))
    )
    row.get_by_role("link", name="1").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"公开信息：{AGENCY}")
    expect(page.get_by_role("cell", name="迟迟未公开的通知")).to_be_visible()

    page.get_by_role("link", name="返回指标与排名").click()
    page.get_by_role("link", name="逾期事项与督办").click()
    overdue = page.get_by_role("row").filter(has=page.get_by_role("link", name=case.number))
    overdue.get_by_label("督办意见").fill("请于3个工作日内答复")
    overdue.get_by_role("button", name="督办").click()
    expect(page.get_by_text(f"已向住建局公开办发出督办提醒：申请 {case.number}")).to_be_visible()
    expect(overdue.get_by_text("已督办，待知悉")).to_be_visible()

    page.get_by_role("button", name="退出").click()
    log_in(page, live_server, "gongkaiban")
    expect(page.get_by_role("link", name=f"督办提醒：申请 {case.number}")).to_be_visible()
    page.get_by_role("link", name=f"督办提醒：申请 {case.number}").click()
    expect(page.get_by_text("请于3个工作日内答复")).to_be_visible()
    page.get_by_role("button", name="确认知悉").click()
    expect(page.get_by_text("已确认知悉督办提醒")).to_be_visible()

    page.get_by_role("button", name="退出").click()
    log_in(page, live_server, "zhuguan")
    page.goto(f"{live_server.url}/workbench/supervision/circulars/")
    page.get_by_role("button", name="根据指标起草").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("通报草稿")
    title = f"关于{today.year}年政府信息公开工作情况的通报"
    page.get_by_label(label("标题")).fill(title)
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_text("通报已保存")).to_be_visible()
    page.get_by_label(label("同时在门户网站公开")).check()
    page.get_by_role("button", name="编号并印发").click()
    number = f"示范区政务公开办〔{today.year}〕第1号"
    expect(page.get_by_text(f"通报已印发：{number}")).to_be_visible()
    expect(page.get_by_role("button", name="保存")).to_have_count(0)

    with page.expect_download() as download:
        page.get_by_role("link", name="下载通报（Word）").click()
    texts = [
        p.text for p in Document(io.BytesIO(open(download.value.path(), "rb").read())).paragraphs
    ]
    assert texts[:2] == [number, title]

    page.goto(f"{live_server.url}/supervision/circulars/")
    expect(page.get_by_role("link", name=title)).to_be_visible()
