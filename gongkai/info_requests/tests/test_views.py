"""Pages of the case engine: who sees what (guessing URLs included), bad input on forms, the
public application form and status page, letters, and the ledger's import and export."""

import io
import struct
import zlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import DepartmentFactory, UserFactory
from gongkai.core.idnumbers import check_char
from gongkai.info_requests.ledger import read_ledger
from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.services import request_assign, request_reply

D = date.fromisoformat


def png_bytes() -> bytes:
    """A real 1x1 PNG."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )


def valid_id() -> str:
    body = "11010119900307123"
    return body + check_char(body)


@pytest.fixture
def clerk(department):
    user = UserFactory(username="jingban")
    role_grant(user=user, role=Role.CLERK, department=department)
    return user


def apply_data(agency, **changes):
    return {
        "agency": str(agency.pk),
        "applicant_type": "natural_person",
        "applicant_name": "王小明",
        "id_document_type": "居民身份证",
        "id_document_number": valid_id(),
        "phone": "13800138000",
        "email": "wang@example.cn",
        "description": "請公開2025年老舊小區改造項目清單",
        "delivery_form": "electronic",
        "delivery_way": "email",
        "submission_key": "a" * 32,
        "confirm": "on",
        "id_proof": SimpleUploadedFile("id.png", png_bytes(), content_type="image/png"),
    } | changes


# -- the staff queue and case page -----------------------------------------------------------


def test_office_queue_lists_its_agencys_cases(client, office, register):
    case = register()
    client.force_login(office)
    assert case.number in client.get("/workbench/requests/").content.decode()


def test_clerk_queue_lists_only_cases_assigned_to_their_department(
    client, office, clerk, register, department
):
    mine, other = register(), register()
    request_assign(request=mine, actor=office, department=department)
    client.force_login(clerk)
    page = client.get("/workbench/requests/").content.decode()
    assert (mine.number in page, other.number in page) == (True, False)


def test_clerk_guessing_another_case_url_gets_404(client, clerk, register):
    case = register()
    client.force_login(clerk)
    assert client.get(f"/workbench/requests/{case.pk}/").status_code == 404


def test_another_agencys_office_gets_404_for_the_case_and_its_letters(
    client, register, office, other_agency
):
    case = register()
    request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-15"))
    stranger = UserFactory()
    role_grant(user=stranger, role=Role.DISCLOSURE_OFFICE, agency=other_agency)
    client.force_login(stranger)
    letter = case.letters.get()
    assert (
        client.get(f"/workbench/requests/{case.pk}/").status_code,
        client.get(f"/workbench/requests/letters/{letter.pk}.pdf").status_code,
    ) == (404, 404)


def test_a_clerk_posting_an_action_is_forbidden_and_nothing_changes(
    client, office, clerk, register, department
):
    case = register()
    request_assign(request=case, actor=office, department=department)
    client.force_login(clerk)
    response = client.post(
        f"/workbench/requests/{case.pk}/do/reply/",
        {"reply-outcome": "granted", "reply-replied_on": "2025-10-15"},
    )
    assert (response.status_code, InfoRequest.objects.get(pk=case.pk).status) == (403, "registered")


@pytest.mark.parametrize(
    ("action", "data", "message"),
    [
        (
            "reply",
            {"reply-outcome": "granted", "reply-replied_on": "2025-02-30"},
            "答复日期“2025-02-30”不存在，请检查月份和日期",
        ),
        (
            "reply",
            {"reply-outcome": "granted", "reply-replied_on": "2025-09-01"},
            "答复日期（2025-09-01）不能早于收到日期（2025-09-26）",
        ),
        (
            "extend",
            {"extend-approved_by": "", "extend-reason": "甲", "extend-on": "2025-10-09"},
            "请填写批准人（公开工作机构负责人）",
        ),
        (
            "fee_notice",
            {
                "fee_notice-method": "per_piece",
                "fee_notice-quantity": "-3",
                "fee_notice-notice_on": "2025-10-09",
            },
            "件数或页数不能小于1",
        ),
        (
            "correction_notice",
            {
                "correction_notice-notice_on": "2025-10-09",
                "correction_notice-items": "甲",
                "correction_notice-complete_by": "2025-10-01",
            },
            "补正期限应晚于告知日期",
        ),
    ],
)
def test_bad_action_input_is_answered_with_a_message_and_changes_nothing(
    client, office, register, action, data, message
):
    case = register()
    client.force_login(office)
    response = client.post(f"/workbench/requests/{case.pk}/do/{action}/", data)
    case.refresh_from_db()
    assert (
        response.status_code,
        message in response.content.decode(),
        case.status,
        case.letters.count(),
    ) == (400, True, "registered", 0)


def test_a_letter_downloads_as_a_word_document_with_its_text(client, office, register):
    case = register()
    request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-15"))
    client.force_login(office)
    response = client.get(f"/workbench/requests/letters/{case.letters.get().pk}.docx")
    texts = [p.text for p in Document(io.BytesIO(response.content)).paragraphs]
    assert (texts[0], texts[2], "2025年10月15日" in texts, texts[-1]) == (
        "政府信息公开申请答复告知书",
        "张三：",
        True,
        "联系机构：示范区住房和城乡建设局办公室",
    )


def test_register_page_registers_a_letter_application(client, office, agency):
    client.force_login(office)
    response = client.post(
        "/workbench/requests/new/",
        {
            "agency": str(agency.pk),
            "applicant_type": "legal_services",
            "applicant_name": "广东正信律师事务所",
            "contact_person": "李律师",
            "phone": "020-12345678",
            "description": "某项目的规划许可文件",
            "delivery_form": "paper",
            "delivery_way": "post",
            "channel": "letter",
            "signed_on": "2025-09-26",
        },
    )
    case = InfoRequest.objects.get()
    assert (response.status_code, case.received_on, case.due_on, case.channel) == (
        302,
        D("2025-09-26"),
        D("2025-10-30"),
        "letter",
    )


# -- the public form and status page ---------------------------------------------------------


def test_citizen_applies_and_sees_number_and_code(client, agency):
    response = client.post("/apply/", apply_data(agency), follow=True)
    case = InfoRequest.objects.get()
    page = response.content.decode()
    assert (case.number in page, "查询码" in page, case.channel, case.source, case.description) == (
        True,
        True,
        "online",
        "portal",
        "請公開2025年老舊小區改造項目清單",
    )


def test_double_submission_creates_one_case(client, agency):
    client.post("/apply/", apply_data(agency))
    client.post("/apply/", apply_data(agency))
    assert InfoRequest.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"id_document_number": "110101199003071235"},
            "居民身份证号码无效：位数、出生日期或校验码不符（应为18位：前17位为数字，末位为数字或X）",
        ),
        (
            {"id_proof": SimpleUploadedFile("id.png", b"not an image at all", "image/png")},
            "只接受 JPG、PNG 图片或 PDF 文件（按文件内容判断）",
        ),
        (
            {"phone": "", "email": "", "address": ""},
            "至少填写一种联系方式：电话、电子邮箱或通信地址（第二十九条）",
        ),
        ({"description": ""}, "请填写所需政府信息的名称、文号或便于查询的其他特征"),
        ({"email": "not-an-email"}, "电子邮箱格式不正确"),
    ],
)
def test_bad_applications_are_refused_with_a_message_and_create_nothing(
    client, agency, changes, message
):
    response = client.post("/apply/", apply_data(agency, **changes))
    assert (
        response.status_code,
        message in response.content.decode(),
        InfoRequest.objects.count(),
    ) == (400, True, 0)


def test_submissions_are_rate_limited_per_address(client, agency):
    for n in range(5):
        client.post(
            "/apply/",
            apply_data(agency, submission_key=f"{n:032d}", description=f"第{n}份文件"),
        )
    response = client.post(
        "/apply/", apply_data(agency, submission_key="f" * 32, description="又一份文件")
    )
    assert (
        "同一地址一小时内提交的申请过多，请稍后再试。" in response.content.decode(),
        InfoRequest.objects.count(),
    ) == (True, 5)


def test_status_page_needs_the_query_code(client, register):
    case = register()
    wrong = client.post("/apply/status/", {"number": case.number, "code": "AAAAAAAA"})
    unknown = client.post("/apply/status/", {"number": "114410025-2025-09999", "code": "AAAAAAAA"})
    right = client.post("/apply/status/", {"number": case.number, "code": case.query_code})
    assert (
        "申请编号或查询码不正确。" in wrong.content.decode(),
        "申请编号或查询码不正确。" in unknown.content.decode(),
        "收到申请（当面）" in right.content.decode(),
    ) == (True, True, True)


def test_status_letters_need_the_case_unlocked_in_this_session(client, register, office):
    case = register()
    request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-15"))
    url = f"/apply/status/letters/{case.letters.get().pk}.pdf"
    before = client.get(url).status_code
    client.post("/apply/status/", {"number": case.number, "code": case.query_code})
    after = client.get(url)
    assert (before, after.status_code, after["Content-Type"]) == (404, 200, "application/pdf")


def test_status_page_by_case_id_without_unlocking_shows_nothing(client, register):
    case = register()
    page = client.get(f"/apply/status/?case={case.pk}").content.decode()
    assert "收到申请" not in page


# -- ledger import and export ----------------------------------------------------------------

LEDGER_HEADER = (
    "编号,申请人类型,申请人,申请方式,收到日期,申请内容,补正告知日期,补正收到日期,"
    "第三方征求日期,第三方答复日期,延期,答复日期,办理结果,复议日期,复议结果,诉讼日期,"
    "诉讼类型,诉讼结果,收费金额\n"
)


def test_import_command_imports_and_lists_with_due_dates(tmp_path, agency, capsys):
    path = tmp_path / "ledger.csv"
    path.write_text(
        LEDGER_HEADER
        + "2025-001,自然人,张三,信函,2025-09-26,某文件,,,,,,,,,,,,,\n"
        + "2025-002,商业企业,某公司,网络,2025-09-26,某文件,,,2025-10-09,2025-10-14,是,"
        + "2025-11-20,部分公开,2025-12-01,维持,,,,\n",
        encoding="utf-8",
    )
    call_command("import", "ledger", str(path), "--agency", agency.code)
    call_command("requests", "list", "--agency", agency.code, "--format", "json")
    import json

    out = capsys.readouterr().out
    rows = json.loads(out[out.index("[") :])
    assert [(r["number"], r["due_on"], r["status"], r["outcome"]) for r in rows] == [
        ("2025-001", "2025-10-30", "in_progress", None),
        ("2025-002", "2025-12-03", "replied", "partial"),
    ]


def test_import_with_a_bad_row_imports_nothing_and_names_row_and_column(tmp_path, agency):
    path = tmp_path / "ledger.csv"
    path.write_text(
        LEDGER_HEADER
        + "2025-001,自然人,张三,信函,2025-09-26,某文件,,,,,,,,,,,,,\n"
        + "2025-002,自然人,李四,飞鸽,2025-02-30,某文件,,,,,,,,,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as raised:
        call_command("import", "ledger", str(path), "--agency", agency.code)
    message = str(raised.value)
    assert (
        "第 3 行「申请方式」" in message,
        "第 3 行「收到日期」" in message,
        InfoRequest.objects.count(),
    ) == (True, True, 0)


def test_import_refuses_numbers_already_in_the_agency(tmp_path, agency):
    path = tmp_path / "ledger.csv"
    path.write_text(
        LEDGER_HEADER + "2025-001,自然人,张三,信函,2025-09-26,某文件,,,,,,,,,,,,,\n",
        encoding="utf-8",
    )
    call_command("import", "ledger", str(path), "--agency", agency.code)
    with pytest.raises(CommandError, match="第 2 行「编号」：编号 2025-001 已存在"):
        call_command("import", "ledger", str(path), "--agency", agency.code)


def test_import_to_an_unknown_agency_fails(tmp_path, db):
    with pytest.raises(CommandError, match="机关代码 NOPE 不存在，未导入任何记录"):
        call_command("import", "ledger", str(tmp_path / "x.csv"), "--agency", "NOPE")


def test_export_reads_back_as_the_same_ledger(client, office, register):
    case = register()
    request_reply(request=case, actor=office, outcome="unable_1", replied_on=D("2025-10-15"))
    register(received="2025-10-09")
    client.force_login(office)
    body = client.get("/workbench/requests/ledger.csv").content
    rows = read_ledger(body, "ledger.csv")
    assert [(r.number, r.received_on, r.replied_on, r.outcome) for r in rows] == [
        ("114410025-2025-00001", D("2025-09-26"), D("2025-10-15"), "unable_1"),
        ("114410025-2025-00002", D("2025-10-09"), None, None),
    ]


def test_import_page_queues_the_file_and_its_job_shows_every_problem(
    client, office, settings, tmp_path
):
    from gongkai.info_requests.ledger_services import ledger_import_job_run

    settings.MEDIA_ROOT = str(tmp_path)
    client.force_login(office)
    upload = SimpleUploadedFile(
        "ledger.csv",
        (LEDGER_HEADER + "2025-001,外星人,张三,信函,2025-09-26,某文件,,,,,,,,,,,,,\n").encode(),
    )
    response = client.post("/workbench/requests/import/", {"file": upload})
    ledger_import_job_run(int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    page = client.get(response["Location"]).content.decode()
    assert (
        response.status_code,
        "第 2 行「申请人类型」" in page,
        InfoRequest.objects.count(),
    ) == (302, True, 0)


def test_department_unknown_to_the_agency_is_not_offered(client, office, agency):
    foreign = DepartmentFactory(name="外单位科室")
    client.force_login(office)
    assert foreign.name not in client.get("/workbench/requests/new/").content.decode()


def test_appeal_result_is_recorded_from_the_case_page(client, office, register):
    from gongkai.info_requests.services import appeal_record

    case = register()
    request_reply(request=case, actor=office, outcome="refused_5", replied_on=D("2025-10-15"))
    appeal = appeal_record(
        request=case, actor=office, kind="reconsideration", filed_on=D("2025-11-03")
    )
    client.force_login(office)
    response = client.post(
        f"/workbench/requests/{case.pk}/do/appeal_decide/",
        {
            "appeal_decide-appeal": str(appeal.pk),
            "appeal_decide-result": "upheld",
            "appeal_decide-decided_on": "2025-12-20",
        },
    )
    appeal.refresh_from_db()
    assert (response.status_code, appeal.result, appeal.decided_on) == (
        302,
        "upheld",
        D("2025-12-20"),
    )


def test_closed_cases_are_listed_newest_reply_first(office, register):
    from gongkai.info_requests.selectors import queue

    early, late = register(), register()
    request_reply(request=early, actor=office, outcome="granted", replied_on=D("2025-10-10"))
    request_reply(request=late, actor=office, outcome="granted", replied_on=D("2025-10-20"))
    cases = queue(office, status="replied", open_only=False)
    assert [c.number for c in cases] == [late.number, early.number]


def test_the_ledger_export_is_offered_to_the_office(client, office):
    client.force_login(office)
    page = client.get(reverse("info_requests:queue")).content.decode()
    assert (
        "导出登记台账" in page,
        reverse("info_requests:ledger_export", args=["csv"]) in page,
    ) == (
        True,
        True,
    )


def test_a_clerk_is_not_offered_the_ledger_export_they_would_be_refused(client, clerk):
    client.force_login(clerk)
    page = client.get(reverse("info_requests:queue")).content.decode()
    refused = client.get(reverse("info_requests:ledger_export", args=["csv"]))
    assert ("导出登记台账" in page, refused.status_code) == (False, 403)


def test_the_case_page_shows_the_identity_and_serves_the_proof_to_the_office(
    client, agency, office, department
):
    client.post("/apply/", apply_data(agency))
    case = InfoRequest.objects.get()
    client.force_login(office)
    page = client.get(reverse("info_requests:case", args=[case.pk])).content.decode()
    proof = client.get(reverse("info_requests:id_proof", args=[case.pk]))
    assert (
        f"居民身份证 {valid_id()}" in page,
        "查看身份证明材料" in page,
        proof.status_code,
        proof["Content-Type"],
        b"".join(proof.streaming_content).startswith(b"\x89PNG"),
    ) == (True, True, 200, "image/png", True)


def test_the_proof_is_not_served_outside_the_case_s_scope(client, agency, other_agency):
    client.post("/apply/", apply_data(agency))
    case = InfoRequest.objects.get()
    stranger = UserFactory(username="caizheng")
    role_grant(user=stranger, role=Role.DISCLOSURE_OFFICE, agency=other_agency)
    client.force_login(stranger)
    assert client.get(reverse("info_requests:id_proof", args=[case.pk])).status_code == 404
