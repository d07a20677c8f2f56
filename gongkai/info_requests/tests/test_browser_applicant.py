"""The applicant's side in a real browser (issue 12): the receipt (回执) downloaded from the
done page and the status page, read back from the PDF; withdrawing online; and the files the
office provides with a reply (the information itself), checked for personal data (Art. 37)
before the applicant downloads them.

Today is fixed where a date matters, so that the reply dates never depend on the day the suite
runs. The fixtures are `gongkai/conftest.py`'s (one Chromium per session).
"""

import io
import re
from datetime import date

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect
from pypdf import PdfReader

from gongkai.accounts.models import Agency, User
from gongkai.demo.organisation import load_demo_organisation
from gongkai.info_requests.disclosure_services import disclosed_file_check
from gongkai.info_requests.models import DisclosedFile, InfoRequest
from gongkai.info_requests.services import Applicant, query_code_digest, request_register
from gongkai.info_requests.tests.test_browser import (
    act,
    case_status,
    fill_application,
    label,
    log_in,
    look_up,
    new_page,
    open_bytes,
    png_1x1,
)
from gongkai.workdays.services import schedule_seed_from_package

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def today(monkeypatch):
    """Sets the day the server and the test take as today."""
    real = timezone.localdate

    def fix(day: date):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)

    return fix


@pytest.fixture
def government():
    schedule_seed_from_package()
    load_demo_organisation()


def pdf_text(download) -> str:
    reader = PdfReader(io.BytesIO(open_bytes(download)))
    return re.sub(r"\s+", "", "".join(page.extract_text() for page in reader.pages))


def download(tab, link_name) -> str:
    with tab.expect_download() as waiting:
        tab.get_by_role("link", name=link_name).click()
    return pdf_text(waiting.value)


# -- the receipt -----------------------------------------------------------------------------

# (today, the reply due date the receipt states): Art. 33, 20 working days from the day after
# receipt (Art. 31: online, the day both sides confirm, i.e. the day of submission).
RECEIPTS = [
    pytest.param(
        date(2025, 9, 26),
        # 27 Sep (Sat) is a make-up working day; 1–8 Oct 国庆/中秋; 11 Oct (Sat) makes up.
        "本机关将依照条例第三十三条，于2025年10月30日前作出答复",
        id="due date known: 2025-09-26 + 20 working days across 国庆 = 2025-10-30",
    ),
    pytest.param(
        date(2026, 12, 15),
        # 2027's schedule is not loaded: the estimate counts statutory holidays only
        # (1 Jan 2027): 16–18, 21–25, 28–31 Dec (12), 4–8 Jan (17), 11–13 Jan (20).
        "自收到申请之日起20个工作日内作出答复（暂估为2027年1月13日前",
        id="estimate: 2026-12-15 + 20 working days into 2027 = about 2027-01-13",
    ),
]


@pytest.mark.parametrize(("day", "due"), RECEIPTS)
def test_the_receipt_states_the_case_number_the_receipt_date_and_the_reply_date(
    live_server, page, browser, government, today, tmp_path, day, due
):
    today(day)
    proof = tmp_path / "身份证.png"
    proof.write_bytes(png_1x1())
    fill_application(page, live_server, proof)
    expect(page.get_by_role("heading", level=1)).to_have_text("申请已提交")
    number = page.locator("#tracking-number").inner_text()
    code = page.locator("#query-code").inner_text()

    from_done_page = download(page, "下载申请回执（PDF）")

    citizen = new_page(browser)  # later, on another computer, with the number and the code
    try:
        look_up(citizen, live_server, number, code)
        from_status_page = download(citizen, "下载申请回执（PDF）")
    finally:
        citizen.context.close()

    received = f"{day.year}年{day.month}月{day.day}日"
    assert from_done_page == from_status_page
    assert [
        "政府信息公开申请回执" in from_done_page,
        f"申请编号：{number}" in from_done_page,
        f"本机关收到申请的日期为{received}" in from_done_page,
        due in from_done_page,
    ] == [True, True, True, True]
    # The receipt opens nothing: no query code, in any of the ways it may be written.
    assert [c for c in (code, code.replace("-", "")) if c in from_done_page] == []


# -- withdrawing online ----------------------------------------------------------------------


def test_the_applicant_withdraws_online_after_confirming(live_server, page, government, tmp_path):
    proof = tmp_path / "身份证.png"
    proof.write_bytes(png_1x1())
    fill_application(page, live_server, proof)
    number = page.locator("#tracking-number").inner_text()
    page.get_by_role("link", name="查看办理进度").click()
    expect(page.locator("#case-status")).to_have_text("已登记")

    page.locator("summary").get_by_text("撤回申请", exact=True).click()
    withdraw = page.get_by_role("form", name="撤回申请")
    withdraw.get_by_label(label("撤回说明（可不填）")).fill("已通过其他途径获得")
    confirm = withdraw.get_by_label(label("我确认撤回这份申请；撤回后本申请终止办理"))
    withdraw.get_by_role("button", name="撤回申请").click()
    # Not ticked: the browser itself holds the form back, and nothing changes.
    expect(confirm).to_have_js_property("validity.valueMissing", True)
    assert InfoRequest.objects.get(number=number).status == "registered"

    confirm.check()
    withdraw.get_by_role("button", name="撤回申请").click()

    expect(page.get_by_role("status")).to_have_text("申请已撤回，本申请终止办理。")
    expect(page.locator("#case-status")).to_have_text("已撤回")
    day = timezone.localdate()
    expect(page.locator("ol.timeline li").last).to_have_text(
        f"{day.year}年{day.month}月{day.day}日 申请人撤回申请"
    )
    expect(page.get_by_role("form", name="撤回申请")).to_have_count(0)
    assert InfoRequest.objects.get(number=number).status == "withdrawn"


# -- the information itself ------------------------------------------------------------------

PERSONAL = "2025年老旧小区改造项目联系人张建华，身份证号110101199003071233。"
CLEAN = "2025年老旧小区改造项目共12个，总投资3600万元。"
RED = "rgb(179, 38, 30)"  # --red: #b3261e


def docx_file(path, text):
    document = Document()
    document.add_paragraph(text)
    document.save(str(path))
    return path


def upload(tab, path):
    form = tab.get_by_role("form", name="上传提供的文件")
    form.get_by_label(
        label("提供的文件（PDF、DOCX、XLSX、JPG、PNG，不超过 20 MB）")
    ).set_input_files(str(path))
    form.get_by_role("button", name="上传").click()


def worker_checks_files():
    """The task worker's part: check what was uploaded."""
    for disclosed in DisclosedFile.objects.filter(status="checking"):
        disclosed_file_check(file_id=disclosed.pk)


def file_line(tab, name):
    return tab.locator("ul.files li").filter(has_text=name)


def test_office_provides_the_information_and_the_privacy_check_holds_a_file_with_an_id_number(
    live_server, page, browser, government, tmp_path
):
    agency = Agency.objects.get(short_name="住建局")
    office = User.objects.get(username="gongkaiban")
    received = timezone.localdate()
    case, _ = request_register(
        agency=agency,
        actor=office,
        applicant=Applicant(type="natural_person", name="王小明", phone="13912345678"),
        channel="in_person",
        description="2025年老旧小区改造项目清单",
        submitted_on=received,
    )
    log_in(page, live_server, "gongkaiban")
    page.goto(f"{live_server.url}/workbench/requests/{case.pk}/")

    upload(page, docx_file(tmp_path / "项目清单.docx", PERSONAL))
    expect(file_line(page, "项目清单.docx")).to_contain_text("正在检查")
    worker_checks_files()
    page.reload()
    flagged = file_line(page, "项目清单.docx").locator("strong")
    # 张建华: a star for each hidden character.
    expect(flagged).to_have_text("含个人信息：姓名 张**、身份证号码 110101********1233")
    expect(flagged).to_have_css("color", RED)

    reply = [
        ("答复日期", received.isoformat()),
        ("答复说明", "项目清单予以公开，联系人信息不予公开。"),
    ]
    details = page.locator("details.action").filter(
        has=page.locator("summary").get_by_text("答复", exact=True)
    )
    details.locator("summary").click()
    details.get_by_label(label("办理结果")).select_option(label="部分公开")
    for field, value in reply:
        details.get_by_label(label(field)).fill(value)
    details.get_by_role("button", name="答复", exact=True).click()
    expect(page.get_by_role("alert").first).to_have_text(
        "部分公开（第三十七条）：文件“项目清单.docx”仍含个人信息（姓名、身份证号码），"
        "请提供去除个人信息后的版本"
    )
    expect(case_status(page)).to_have_text("已登记")

    page.goto(f"{live_server.url}/workbench/requests/{case.pk}/")
    file_line(page, "项目清单.docx").get_by_role("button", name="删除").click()
    upload(page, docx_file(tmp_path / "项目清单（去除个人信息）.docx", CLEAN))
    worker_checks_files()
    page.reload()
    expect(file_line(page, "项目清单（去除个人信息）.docx")).to_contain_text(
        "已检查，未发现个人信息"
    )
    act(page, "答复", select=[("办理结果", "部分公开")], fill=reply)
    expect(case_status(page)).to_have_text("已答复")

    code = "K7MP4QXR"  # in-person applicants get theirs on paper; the test sets a known one
    InfoRequest.objects.filter(pk=case.pk).update(
        query_code_hash=query_code_digest(case.number, code)
    )
    citizen = new_page(browser)
    try:
        look_up(citizen, live_server, case.number, code)
        expect(citizen.locator("#case-status")).to_have_text("已答复：部分公开")
        provided = citizen.locator("ul.files li")
        expect(provided).to_have_count(1)
        expect(provided).to_contain_text("项目清单（去除个人信息）.docx")
        with citizen.expect_download() as waiting:
            provided.get_by_role("link").click()
        received_file = Document(io.BytesIO(open_bytes(waiting.value)))
    finally:
        citizen.context.close()
    assert [p.text for p in received_file.paragraphs] == [CLEAN]
