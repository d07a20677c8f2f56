"""The information itself (issue 12 §1): files provided with a reply, checked by the privacy
guard; a partial disclosure (Art. 37) goes out only with redacted files; the applicant
downloads them from the status page after unlocking the case."""

import io
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from docx import Document

from gongkai.info_requests.disclosure_services import (
    DisclosureError,
    delivery_record,
    disclosed_file_add,
    disclosed_file_check,
    files_for_applicant,
)
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.services import RequestError, request_reply
from gongkai.info_requests.tests.test_views import apply_data

D = date.fromisoformat
# A name in context, a resident ID number with a valid check digit and a mobile number.
PERSONAL = "经办人张建华，身份证号110101199003071233，电话13912345678。"
CLEAN = "2025年老旧小区改造项目共12个，总投资3600万元。"


def docx(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def provide(case, office, text, name="项目清单.docx"):
    disclosed = disclosed_file_add(request=case, actor=office, data=docx(text), name=name)
    return disclosed_file_check(file_id=disclosed.pk)


def test_a_file_is_checked_by_the_worker_and_its_personal_data_found(register, office):
    case = register()
    checked = provide(case, office, PERSONAL)
    assert (checked.status, sorted(label for label, _ in checked.findings)) == (
        "ready",
        ["姓名", "手机号码", "身份证号码"],
    )


def test_a_partial_disclosure_with_an_unredacted_file_is_refused(register, office):
    case = register()
    provide(case, office, PERSONAL)
    with pytest.raises(RequestError) as refused:
        request_reply(request=case, actor=office, outcome="partial", replied_on=D("2025-10-20"))
    case.refresh_from_db()
    assert (str(refused.value), case.status) == (
        "部分公开（第三十七条）：文件“项目清单.docx”仍含个人信息（姓名、手机号码、身份证号码），"
        "请提供去除个人信息后的版本",
        "registered",
    )


def test_a_partial_disclosure_goes_out_with_the_redacted_version(register, office):
    case = register()
    unredacted = provide(case, office, PERSONAL)
    from gongkai.info_requests.disclosure_services import disclosed_file_remove

    disclosed_file_remove(disclosed=unredacted, actor=office)
    provide(case, office, CLEAN, name="项目清单（去除个人信息）.docx")
    request_reply(request=case, actor=office, outcome="partial", replied_on=D("2025-10-20"))
    assert [f.name for f in files_for_applicant(case)] == ["项目清单（去除个人信息）.docx"]


def test_a_file_still_being_checked_holds_the_reply(register, office):
    case = register()
    disclosed_file_add(request=case, actor=office, data=docx(CLEAN), name="清单.docx")
    with pytest.raises(RequestError, match="文件“清单.docx”正在检查，请稍候再答复"):
        request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-20"))


def test_a_file_that_is_not_a_document_is_refused_and_nothing_kept(register, office):
    case = register()
    with pytest.raises(DisclosureError, match="类型不受支持"):
        disclosed_file_add(request=case, actor=office, data=b"MZ\x90\x00", name="清单.exe")
    assert case.disclosed_files.count() == 0


def test_nothing_is_offered_before_the_reply(register, office):
    case = register()
    provide(case, office, CLEAN)
    assert list(files_for_applicant(case)) == []


def test_a_paper_delivery_is_on_the_public_history(register, office):
    case = register()
    request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-20"))
    delivery_record(request=case, actor=office, on=D("2025-10-22"), way="paper", note="挂号信")
    event = case.events.get(action="delivery")
    assert (event.summary, event.public) == ("纸质材料已送达（邮寄或当面领取）：挂号信", True)


def test_the_applicant_downloads_the_file_after_unlocking_and_a_stranger_cannot(
    client, agency, office
):
    client.post("/apply/", apply_data(agency))
    case = InfoRequest.objects.get()
    disclosed = provide(case, office, CLEAN)
    request_reply(request=case, actor=office, outcome="granted", replied_on=case.received_on)
    url = reverse("info_requests:status_file", args=[disclosed.pk])
    page = client.get(f"/apply/status/?case={case.pk}").content.decode()
    mine = client.get(url)
    theirs = Client().get(url)
    assert (
        "提供的政府信息" in page,
        mine.status_code,
        b"".join(mine.streaming_content).startswith(b"PK"),
        theirs.status_code,
    ) == (True, 200, True, 404)


def test_the_office_uploads_from_the_case_page_and_sees_the_check(client, register, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = register()
    client.force_login(office)
    upload = SimpleUploadedFile("清单.docx", docx(PERSONAL))
    response = client.post(reverse("info_requests:file_upload", args=[case.pk]), {"file": upload})
    disclosed_file_check(file_id=case.disclosed_files.get().pk)
    page = client.get(reverse("info_requests:case", args=[case.pk])).content.decode()
    assert (response.status_code, "含个人信息：" in page, "（部分公开时不能提供）" in page) == (
        302,
        True,
        True,
    )


def test_a_delivery_before_the_reply_is_refused_with_both_dates(register, office):
    case = register()
    request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-20"))
    with pytest.raises(DisclosureError) as refused:
        delivery_record(request=case, actor=office, on=D("2025-10-19"), way="on_site")
    assert str(refused.value) == "提供日期（2025-10-19）不能早于答复日期（2025-10-20）"
