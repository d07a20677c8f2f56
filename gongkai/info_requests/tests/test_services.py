"""The case engine through its services: every move, its clock, its letters, its refusals."""

from datetime import date

import pytest
from django.core.management import call_command

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import AgencyFactory, DepartmentFactory, UserFactory
from gongkai.audit.models import AuditRecord
from gongkai.info_requests.models import InfoRequest, Letter
from gongkai.info_requests.selectors import case_for_applicant
from gongkai.info_requests.services import (
    Applicant,
    RequestError,
    appeal_record,
    consultation_answer,
    request_consult,
    request_correction_lapse,
    request_correction_notice,
    request_correction_received,
    request_extend,
    request_fee_lapse,
    request_fee_notice,
    request_fee_paid,
    request_register,
    request_reply,
    request_withdraw,
)

D = date.fromisoformat


def test_registration_numbers_the_case_and_sets_the_clock(register, agency):
    case = register()
    assert (case.number, case.received_on, case.due_on, case.status) == (
        "114410025-2025-00001",
        D("2025-09-26"),
        D("2025-10-30"),
        "registered",
    )


def test_numbers_are_consecutive_per_agency_and_year(register):
    numbers = [register().number, register().number, register(received="2024-03-04").number]
    assert numbers == ["114410025-2025-00001", "114410025-2025-00002", "114410025-2024-00001"]


def test_online_receipt_is_the_day_both_sides_confirmed(agency, office, applicant):
    case, _ = request_register(
        agency=agency,
        actor=office,
        applicant=applicant,
        channel="online",
        description="某文件",
        submitted_on=D("2025-09-25"),
        confirmed_on=D("2025-09-26"),
    )
    assert case.received_on == D("2025-09-26")


def test_the_applicant_finds_the_case_only_with_its_query_code(register):
    case = register()
    assert (
        case_for_applicant(case.number, case.query_code) == case,
        case_for_applicant(case.number, "WRONGCOD"),
        case_for_applicant("114410025-2025-00099", case.query_code),
    ) == (True, None, None)


def test_registration_is_audited(register):
    case = register()
    record = AuditRecord.objects.get(action="info_requests.register")
    assert (record.target_id, record.after["due_on"]) == (str(case.pk), "2025-10-30")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"applicant": Applicant(type="natural_person", name="张三")},
            "至少填写一种联系方式：电话、电子邮箱或通信地址（第二十九条）",
        ),
        (
            {"applicant": Applicant(type="natural_person", name=" ", phone="1")},
            "申请人姓名或名称不能为空（第二十九条）",
        ),
        ({"description": "  "}, "须描述所需政府信息的名称、文号或便于查询的其他特征（第二十九条）"),
        ({"submitted_on": D("2099-01-04")}, "收到日期不能晚于今天（2099-01-04）"),
        (
            {"channel": "letter", "submitted_on": None},
            "信函申请须填写签收日期；平常信函无需签收的，填写与申请人确认的日期（第三十一条第二项）",
        ),
        (
            {"oral": True, "channel": "email", "confirmed_on": D("2025-09-26")},
            "口头申请只能当面提出，由工作人员代为填写",
        ),
    ],
)
def test_registration_refuses_incomplete_applications(agency, office, applicant, changes, message):
    kwargs = {
        "agency": agency,
        "actor": office,
        "applicant": applicant,
        "channel": "in_person",
        "description": "某文件",
        "submitted_on": D("2025-09-26"),
    } | changes
    with pytest.raises(RequestError) as raised:
        request_register(**kwargs)
    assert (str(raised.value), InfoRequest.objects.count()) == (message, 0)


def test_a_double_submission_creates_one_case(agency, applicant):
    kwargs = {
        "agency": agency,
        "actor": None,
        "applicant": applicant,
        "channel": "online",
        "description": "某文件",
        "confirmed_on": D("2025-09-26"),
        "source": "portal",
        "submission_key": "k" * 32,
    }
    first, code = request_register(**kwargs)
    second, again = request_register(**kwargs)
    assert (first.pk == second.pk, bool(code), again, InfoRequest.objects.count()) == (
        True,
        True,
        "",
        1,
    )


def test_correction_stops_the_clock_and_completion_restarts_it(register, office):
    case = register(received="2025-09-01")
    request_correction_notice(
        request=case, actor=office, notice_on=D("2025-09-03"), items="请写明所需信息的文号或年份"
    )
    stopped = (case.status, case.due_on)
    request_correction_received(request=case, actor=office, completed_on=D("2025-09-26"))
    assert (stopped, case.status, case.due_on) == (
        ("awaiting_correction", None),
        "in_progress",
        D("2025-10-30"),
    )


def test_correction_notice_is_a_letter_with_its_deadline(register, office):
    case = register(received="2025-09-01")
    request_correction_notice(
        request=case, actor=office, notice_on=D("2025-09-03"), items="请写明所需信息的文号或年份"
    )
    letter = Letter.objects.get(request=case)
    # 2025-09-03 + 15 working days: Sep 4–5, 8–12, 15–19, 22–24 → 2025-09-24
    assert (
        letter.title,
        letter.number,
        letter.recipient,
        "请于2025年9月24日前将补正后的申请提交本机关。" in "".join(letter.paragraphs),
    ) == ("补正告知书", "住建局补正〔2025〕第1号", "张三", True)


def test_correction_is_told_once(register, office):
    case = register(received="2025-09-01")
    request_correction_notice(request=case, actor=office, notice_on=D("2025-09-03"), items="甲")
    request_correction_received(request=case, actor=office, completed_on=D("2025-09-05"))
    with pytest.raises(RequestError, match="补正应一次性告知（第三十条）"):
        request_correction_notice(request=case, actor=office, notice_on=D("2025-09-08"), items="乙")


def test_unanswered_correction_lapses_into_other_1(register, office):
    case = register(received="2025-09-01")
    request_correction_notice(request=case, actor=office, notice_on=D("2025-09-03"), items="甲")
    request_correction_lapse(request=case, actor=office, on=D("2025-09-25"))
    assert (case.status, case.outcome, case.closed_on) == ("abandoned", "other_1", D("2025-09-25"))


def test_correction_cannot_lapse_before_its_deadline(register, office):
    case = register(received="2025-09-01")
    request_correction_notice(request=case, actor=office, notice_on=D("2025-09-03"), items="甲")
    with pytest.raises(RequestError, match="补正期限（2025-09-24）尚未届满"):
        request_correction_lapse(request=case, actor=office, on=D("2025-09-24"))


def test_whole_case_correction_consultation_extension_partial_reply(register, office):
    case = register(received="2025-09-01", channel="letter")
    request_correction_notice(request=case, actor=office, notice_on=D("2025-09-03"), items="甲")
    request_correction_received(request=case, actor=office, completed_on=D("2025-09-26"))
    consultation = request_consult(
        request=case,
        actor=office,
        kind="third_party",
        party="某建筑有限公司",
        sent_on=D("2025-10-09"),
    )
    consultation_answer(
        consultation=consultation, actor=office, answered_on=D("2025-10-14"), answer="object"
    )
    request_extend(
        request=case,
        actor=office,
        approved_by="李主任",
        reason="需征求多个部门意见",
        on=D("2025-10-20"),
    )
    due_before_reply = case.due_on
    request_reply(
        request=case,
        actor=office,
        outcome="partial",
        replied_on=D("2025-11-28"),
        note="涉及第三方商业秘密的部分不予公开。",
    )
    kinds = list(case.letters.order_by("pk").values_list("kind", flat=True))
    assert (due_before_reply, case.status, case.outcome, kinds) == (
        D("2025-12-03"),
        "replied",
        "partial",
        ["correction", "consultation", "extension", "reply"],
    )


def test_extension_letter_names_the_new_deadline(register, office):
    case = register()
    request_extend(
        request=case, actor=office, approved_by="李主任", reason="信息量大", on=D("2025-10-20")
    )
    letter = case.letters.get(kind="extension")
    assert "本机关将于2025年11月27日前作出答复。" in letter.paragraphs[-1]


def test_extension_only_once(register, office):
    case = register()
    request_extend(
        request=case, actor=office, approved_by="李主任", reason="甲", on=D("2025-10-20")
    )
    with pytest.raises(RequestError, match="本申请已延期一次"):
        request_extend(
            request=case, actor=office, approved_by="李主任", reason="乙", on=D("2025-10-21")
        )


def test_extension_needs_a_named_approver(register, office):
    case = register()
    with pytest.raises(RequestError, match="延期须经政府信息公开工作机构负责人同意，请填写批准人"):
        request_extend(request=case, actor=office, approved_by=" ", reason="甲", on=D("2025-10-20"))


def test_extension_after_the_deadline_is_refused(register, office):
    case = register()
    with pytest.raises(RequestError, match="已超过答复期限（2025-10-30），不能再延期"):
        request_extend(
            request=case, actor=office, approved_by="李主任", reason="甲", on=D("2025-10-31")
        )


def test_fee_per_piece_notice_pause_and_payment(register, office):
    case = register()
    fee = request_fee_notice(
        request=case, actor=office, method="per_piece", quantity=35, notice_on=D("2025-10-09")
    )
    paused = (case.status, case.due_on, fee.amount, fee.pay_by)
    request_fee_paid(fee=fee, actor=office, paid_on=D("2025-10-20"))
    assert (paused, case.status, case.due_on) == (
        ("fee_pending", None, 3000, D("2025-11-05")),
        "in_progress",
        D("2025-11-11"),
    )


def test_per_piece_counts_the_applicants_earlier_items_this_month(register, office):
    first, second = register(), register()
    request_fee_notice(
        request=first, actor=office, method="per_piece", quantity=12, notice_on=D("2025-10-09")
    )
    fee = request_fee_notice(
        request=second, actor=office, method="per_piece", quantity=5, notice_on=D("2025-10-10")
    )
    assert (fee.earlier_items, fee.amount) == (12, 500)


def test_a_free_quantity_needs_no_notice(register, office):
    with pytest.raises(RequestError, match="按量计收：30页不收费，无需发出收费通知"):
        request_fee_notice(
            request=register(),
            actor=office,
            method="per_volume",
            quantity=30,
            notice_on=D("2025-10-09"),
        )


def test_unpaid_fee_lapses_into_other_2(register, office):
    case = register()
    fee = request_fee_notice(
        request=case, actor=office, method="per_volume", quantity=250, notice_on=D("2025-10-09")
    )
    request_fee_lapse(fee=fee, actor=office, on=D("2025-11-06"))
    assert (fee.amount, case.status, case.outcome) == (4700, "abandoned", "other_2")


def test_reply_names_the_agency_holding_the_information(register, office):
    case = register()
    request_reply(
        request=case,
        actor=office,
        outcome="unable_1",
        replied_on=D("2025-10-15"),
        other_agency_name="示范区自然资源局",
    )
    text = "".join(case.letters.get(kind="reply").paragraphs)
    assert "该信息由示范区自然资源局掌握，请向该机关申请。" in text


def test_reply_letter_cites_the_legal_basis(register, office):
    case = register()
    request_reply(request=case, actor=office, outcome="refused_4", replied_on=D("2025-10-15"))
    text = "".join(case.letters.get(kind="reply").paragraphs)
    assert "根据《中华人民共和国政府信息公开条例》第十五条的规定" in text


@pytest.mark.parametrize(
    ("outcome", "message"),
    [
        (
            "other_1",
            "“其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请”请通过“逾期未补正”办理",
        ),
        ("unable_3", "“补正后申请内容仍不明确”只适用于已补正的申请"),
        ("refused_9", "办理结果无效：refused_9"),
    ],
)
def test_reply_refuses_outcomes_that_do_not_fit(register, office, outcome, message):
    case = register()
    with pytest.raises(RequestError) as raised:
        request_reply(request=case, actor=office, outcome=outcome, replied_on=D("2025-10-15"))
    assert (str(raised.value), InfoRequest.objects.get(pk=case.pk).status) == (
        message,
        "registered",
    )


def test_a_replied_case_cannot_be_replied_again(register, office):
    case = register()
    request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-15"))
    with pytest.raises(RequestError, match="申请当前状态为“已答复”，不能答复"):
        request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-16"))


def test_reply_waits_for_open_consultations(register, office):
    case = register()
    request_consult(
        request=case,
        actor=office,
        kind="other_agency",
        party="示范区财政局",
        sent_on=D("2025-10-09"),
    )
    with pytest.raises(RequestError, match="仍有征求意见未答复"):
        request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-15"))


def test_withdrawal_is_counted_as_other_3(register, office):
    case = register()
    request_withdraw(request=case, actor=office, on=D("2025-10-10"), reason="申请人已获取")
    assert (case.status, case.outcome) == ("withdrawn", "other_3")


def test_litigation_after_reconsideration_needs_the_reconsideration(register, office):
    case = register()
    request_reply(request=case, actor=office, outcome="refused_5", replied_on=D("2025-10-15"))
    with pytest.raises(RequestError, match="复议后起诉须先有行政复议记录"):
        appeal_record(
            request=case,
            actor=office,
            kind="litigation",
            litigation_kind="after_reconsideration",
            filed_on=D("2025-11-20"),
        )


def test_appeals_are_recorded_on_the_case(register, office):
    case = register()
    request_reply(request=case, actor=office, outcome="refused_5", replied_on=D("2025-10-15"))
    appeal_record(request=case, actor=office, kind="reconsideration", filed_on=D("2025-11-03"))
    appeal_record(
        request=case,
        actor=office,
        kind="litigation",
        litigation_kind="after_reconsideration",
        filed_on=D("2025-11-20"),
    )
    assert list(case.appeals.values_list("kind", "litigation_kind", "result")) == [
        ("reconsideration", "", "pending"),
        ("litigation", "after_reconsideration", "pending"),
    ]


def test_a_clerk_cannot_reply(register, department):
    case = register()
    clerk = UserFactory()
    role_grant(user=clerk, role=Role.CLERK, department=department)
    with pytest.raises(
        RequestError, match="只有示范区住房和城乡建设局的政府信息公开工作机构可以办理该申请"
    ):
        request_reply(request=case, actor=clerk, outcome="granted", replied_on=D("2025-10-15"))


def test_another_agencys_office_cannot_act(register, other_agency):
    case = register()
    stranger = UserFactory()
    role_grant(user=stranger, role=Role.DISCLOSURE_OFFICE, agency=other_agency)
    with pytest.raises(RequestError, match="只有示范区住房和城乡建设局的政府信息公开工作机构"):
        request_withdraw(request=case, actor=stranger, on=D("2025-10-10"))


def test_requests_list_json_recomputes_every_due_date(register, office, agency, capsys):
    import json

    open_case = register()
    extended = register()
    request_extend(
        request=extended, actor=office, approved_by="李主任", reason="甲", on=D("2025-10-20")
    )
    corrected = register(received="2025-09-01")
    request_correction_notice(
        request=corrected, actor=office, notice_on=D("2025-09-03"), items="甲"
    )
    call_command("requests", "list", "--agency", agency.code, "--format", "json")
    rows = {r["number"]: r for r in json.loads(capsys.readouterr().out)}
    assert [
        (rows[c.number]["received_on"], rows[c.number]["due_on"], rows[c.number]["status"])
        for c in (open_case, extended, corrected)
    ] == [
        ("2025-09-26", "2025-10-30", "registered"),
        ("2025-09-26", "2025-11-27", "registered"),
        ("2025-09-01", None, "awaiting_correction"),
    ]


def test_other_agencys_department_cannot_be_assigned(register, office):
    from gongkai.info_requests.services import request_assign

    case = register()
    foreign = DepartmentFactory(agency=AgencyFactory(), name="预算科")
    with pytest.raises(RequestError, match="科室“预算科”不属于示范区住房和城乡建设局"):
        request_assign(request=case, actor=office, department=foreign)


def test_each_kind_of_letter_has_its_own_number_series(register, office):
    case = register(received="2025-09-01")
    request_correction_notice(request=case, actor=office, notice_on=D("2025-09-03"), items="甲")
    request_correction_received(request=case, actor=office, completed_on=D("2025-09-05"))
    request_extend(
        request=case, actor=office, approved_by="李主任", reason="乙", on=D("2025-09-08")
    )
    request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-09-20"))
    assert list(case.letters.order_by("pk").values_list("number", flat=True)) == [
        "住建局补正〔2025〕第1号",
        "住建局延期〔2025〕第1号",
        "住建局依申请公开〔2025〕第1号",
    ]


def test_where_the_agency_requires_sign_off_a_reply_without_it_is_refused(register, office, agency):
    agency.reply_sign_off_required = True
    agency.save()
    case = register()
    with pytest.raises(RequestError) as refused:
        request_reply(request=case, actor=office, outcome="granted", replied_on=D("2025-10-20"))
    case.refresh_from_db()
    assert (str(refused.value), case.status, case.letters.count()) == (
        "本机关规定答复告知书须经领导签发后发出：请填写签发人和签发日期",
        "registered",
        0,
    )


def test_a_signed_off_reply_records_the_leader_and_the_day(register, office, agency):
    agency.reply_sign_off_required = True
    agency.save()
    case = register()
    request_reply(
        request=case,
        actor=office,
        outcome="granted",
        replied_on=D("2025-10-20"),
        signed_off_by="李主任",
        signed_off_on=D("2025-10-17"),
    )
    case.refresh_from_db()
    event = case.events.get(action="reply")
    assert (case.signed_off_by, case.signed_off_on, event.summary) == (
        "李主任",
        D("2025-10-17"),
        "作出答复：予以公开（李主任于2025-10-17签发）",
    )


@pytest.mark.parametrize(
    ("signer", "signed_on", "message"),
    [
        ("李主任", None, "签发须同时填写签发人和签发日期"),
        ("", "2025-10-17", "签发须同时填写签发人和签发日期"),
        ("李主任", "2025-10-21", "签发日期不能晚于答复日期：答复告知书签发后才能发出"),
    ],
)
def test_a_sign_off_is_whole_and_comes_before_the_reply(
    register, office, signer, signed_on, message
):
    case = register()
    with pytest.raises(RequestError, match=message):
        request_reply(
            request=case,
            actor=office,
            outcome="granted",
            replied_on=D("2025-10-20"),
            signed_off_by=signer,
            signed_off_on=D(signed_on) if signed_on else None,
        )
