"""Message and enquiry services: the clock stored on each step, permissions, transfer,
reply, rating once, invalid, publication after the privacy guard, Art. 39 conversion."""

from datetime import date

import pytest

from gongkai.accounts.tests.factories import DepartmentFactory
from gongkai.audit.models import AuditRecord
from gongkai.interaction import services as s
from gongkai.interaction import states
from gongkai.interaction.models import Enquiry, Message, MessageSettings
from gongkai.interaction.selectors import public_messages

D = date.fromisoformat
pytestmark = pytest.mark.django_db


def test_receive_numbers_and_stores_the_clock(receive, agency):
    message = receive()
    assert message.number == f"{agency.code}-LY2025-00001"
    assert message.due_on == D("2025-10-16")
    assert message.status == states.RECEIVED
    assert s.query_code_matches(message, message.query_code)
    assert not s.query_code_matches(message, "WRONG123")
    assert AuditRecord.objects.filter(action="interaction.receive").count() == 1


def test_the_agency_setting_shortens_the_clock_for_a_question(receive, agency):
    MessageSettings.objects.create(agency=agency, reply_days=10, question_reply_days=5)
    assert receive(received="2026-02-13", type="question").due_on == D("2026-02-27")
    assert receive(received="2026-02-13", type="complaint").due_on == D("2026-03-05")


def test_same_submission_key_makes_one_message(receive):
    first = receive(submission_key="k" * 32)
    second = receive(submission_key="k" * 32)
    assert first.pk == second.pk
    assert second.query_code == ""
    assert Message.objects.count() == 1


def test_transfer_restarts_the_clock_and_moves_the_message(receive, office, other_agency):
    message = receive(received="2025-09-19")
    assert message.due_on == D("2025-10-10")
    transfer = s.message_transfer(
        message=message, actor=office, to_agency=other_agency, reason="属财政局职责",
        on=D("2025-09-26"),
    )  # fmt: skip
    message.refresh_from_db()
    assert message.agency == other_agency
    assert message.status == states.TRANSFERRED
    assert message.due_on == D("2025-10-16")
    assert transfer.from_agency.name == "示范区住房和城乡建设局"
    assert message.number.startswith(office.roles.first().agency.code)


def test_transfer_needs_a_reason_and_another_agency(receive, office, agency):
    message = receive()
    with pytest.raises(s.MessageError, match="^转办理由不能为空$"):
        s.message_transfer(message=message, actor=office, to_agency=agency, reason=" ")
    with pytest.raises(s.MessageError, match="^不能转办给本机关$"):
        s.message_transfer(message=message, actor=office, to_agency=agency, reason="错误")


def test_another_agencys_office_cannot_reply(receive, other_office):
    message = receive()
    with pytest.raises(
        s.PermissionDenied, match="^只有示范区住房和城乡建设局的政府信息公开工作机构可以办理该留言$"
    ):  # noqa: E501
        s.message_reply(message=message, actor=other_office, reply="答复")
    message.refresh_from_db()
    assert message.status == states.RECEIVED


def test_assigned_department_clerk_can_reply(receive, office, agency):
    from gongkai.accounts.models import Role
    from gongkai.accounts.services import role_grant
    from gongkai.accounts.tests.factories import UserFactory

    department = DepartmentFactory(agency=agency, name="房地产市场监管科")
    clerk = UserFactory(username="jingban")
    role_grant(user=clerk, role=Role.CLERK, agency=agency, department=department)
    message = receive()
    s.message_assign(message=message, actor=office, department=department)
    s.message_reply(
        message=message, actor=clerk, reply="已责成施工单位整改。", replied_on=D("2025-10-09")
    )
    message.refresh_from_db()
    assert (message.status, message.replied_by) == (states.REPLIED, clerk)


def test_reply_publishes_masked_texts_when_consented(receive, office):
    message = receive(body="我是张三，电话13800138000，南湖小区夜间施工扰民。")
    s.message_reply(
        message=message,
        actor=office,
        reply="张三同志：已责成施工单位整改。",
        replied_on=D("2025-10-09"),
    )
    message.refresh_from_db()
    assert message.public is True
    assert message.public_body == "我是张*，电话138****8000，南湖小区夜间施工扰民。"
    assert message.public_reply == "张*同志：已责成施工单位整改。"
    assert list(public_messages()) == [message]


def test_no_consent_never_public(receive, office):
    message = receive(consent=False)
    s.message_reply(message=message, actor=office, reply="已处理。", replied_on=D("2025-10-09"))
    assert list(public_messages()) == []
    with pytest.raises(s.MessageError, match="^留言人未同意公开，不能公开$"):
        s.message_publish(message=message, actor=office)


def test_hide_shows_the_reason_instead(receive, office):
    message = receive()
    s.message_reply(message=message, actor=office, reply="已处理。", replied_on=D("2025-10-09"))
    s.message_hide(message=message, actor=office, reason="涉及第三方商业秘密")
    message.refresh_from_db()
    assert (message.public, message.public_body, message.hidden_reason) == (
        False,
        "",
        "涉及第三方商业秘密",
    )
    assert list(public_messages()) == [message]


def test_rating_once(receive, office):
    message = receive()
    s.message_reply(message=message, actor=office, reply="已处理。", replied_on=D("2025-10-09"))
    s.message_rate(message=message, satisfaction="satisfied")
    with pytest.raises(s.MessageError, match="^留言当前状态为“已评价”，不能评价$"):
        s.message_rate(message=message, satisfaction="dissatisfied")
    message.refresh_from_db()
    assert (message.status, message.satisfaction) == (states.RATED, "satisfied")


def test_reply_before_receipt_is_refused(receive, office):
    message = receive()
    with pytest.raises(
        s.MessageError, match=r"^答复日期（2025-09-25）不能早于收到日期（2025-09-26）$"
    ):
        s.message_reply(message=message, actor=office, reply="已处理。", replied_on=D("2025-09-25"))


def test_mark_invalid_needs_a_reason_and_clears_the_clock(receive, office):
    message = receive()
    with pytest.raises(s.MessageError, match="^无效原因不能为空$"):
        s.message_mark_invalid(message=message, actor=office, reason="")
    s.message_mark_invalid(message=message, actor=office, reason="重复留言")
    message.refresh_from_db()
    assert (message.status, message.valid, message.due_on) == (states.INVALID, False, None)


def test_enquiry_register_checks_input(agency, office, other_agency):
    enquiry = s.enquiry_register(
        agency=agency,
        actor=office,
        channel="phone",
        topic="公租房申请条件",
        answer="已解答",
        minutes=5,
    )
    assert Enquiry.objects.get() == enquiry
    with pytest.raises(s.MessageError, match="^渠道应为电话、当面或网上$"):
        s.enquiry_register(agency=agency, actor=office, channel="fax", topic="x")
    with pytest.raises(s.MessageError, match="^咨询事项不能为空$"):
        s.enquiry_register(agency=agency, actor=office, channel="phone", topic="  ")
    with pytest.raises(s.PermissionDenied, match="^只有示范区财政局的工作人员可以登记咨询$"):
        s.enquiry_register(agency=other_agency, actor=office, channel="phone", topic="x")
    assert Enquiry.objects.count() == 1


def test_art_39_turns_an_application_into_a_message(agency, office):
    from gongkai.info_requests.services import Applicant, request_register

    case, _ = request_register(
        agency=agency,
        actor=office,
        applicant=Applicant(type="natural_person", name="李四", phone="13900139000"),
        channel="online",
        description="举报某小区物业公司乱收费，请查处。",
        confirmed_on=D("2025-09-26"),
    )
    message = s.message_from_request(request=case, actor=office, on=D("2025-09-29"))
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closed_on) == (
        "replied",
        "not_processed_1",
        D("2025-09-29"),
    )  # noqa: E501
    assert case.letters.get().kind == "reply"
    assert (message.channel, message.type, message.body) == (
        "website",
        "complaint",
        case.description,
    )  # noqa: E501
    assert message.due_on == D("2025-10-20")  # 09-29 + 10 working days across 国庆中秋
    with pytest.raises(s.MessageError, match="^该申请已转为留言$"):
        s.message_from_request(request=case, actor=office)


def test_reminders_mail_the_office_about_overdue_messages(receive, office, mailoutbox):
    from gongkai.interaction.tasks import message_reminders

    office.email = "gk@example.cn"
    office.save()
    receive(received="2025-09-26", title="早已超期的留言")
    assert message_reminders(D("2025-10-20")) == 1
    assert mailoutbox[0].subject == "留言办理到期提醒（1 条）"
    assert mailoutbox[0].body.endswith("早已超期的留言：答复期限 2025-10-16，已超期 2 个工作日")
    assert message_reminders(D("2025-10-18")) == 0  # a Saturday: no mail
