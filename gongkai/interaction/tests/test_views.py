"""Pages: the public form, status page and list; the workbench queue, message page, enquiry
register and export; scoping; bad input refused in Chinese, nothing kept."""

# ruff: noqa: E501 - expected Chinese texts stay whole
from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import AgencyFactory, DepartmentFactory, UserFactory
from gongkai.interaction import services as s
from gongkai.interaction import states
from gongkai.interaction.models import Enquiry, Message

pytestmark = pytest.mark.django_db
D = date.fromisoformat


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def post_message(client, agency, **changes):
    data = {
        "to": str(agency.pk),
        "type": "complaint",
        "title": "南湖小区夜间施工噪音扰民",
        "body": "南湖小区旁工地每天夜里十一点后仍在施工。",
        "writer_name": "张三",
        "phone": "13800138000",
        "consent": "on",
        "submission_key": "a" * 32,
    } | changes
    return client.post(reverse("interaction:new"), data)


def test_public_form_registers_and_shows_number_and_code(client, agency):
    response = post_message(client, agency)
    assert response.status_code == 302
    message = Message.objects.get()
    page = client.get(reverse("interaction:done")).content.decode()
    assert message.number in page
    assert (message.channel, message.source, message.consent) == ("website", "portal", True)


def test_double_submission_makes_one_message(client, agency):
    post_message(client, agency)
    post_message(client, agency)
    assert Message.objects.count() == 1


def test_leader_mailbox_goes_to_the_government_office(client, agency):
    office = AgencyFactory(
        code="114410017",
        name="示范区人民政府办公室",
        kind="government_office",
        government=agency.government,
    )
    post_message(client, agency, to="leader")
    message = Message.objects.get()
    assert (message.agency, message.channel) == (office, "leader_mailbox")


BAD_FORMS = [
    ({"type": ""}, "此项为必填项"),
    ({"title": ""}, "请填写标题"),
    ({"title": "长" * 101}, "标题不能超过 100 字"),
    ({"body": "太短"}, "留言内容过短，请具体描述您的问题（至少5个字）"),
    ({"phone": "abc"}, "请填写有效的联系电话（7至12位数字）"),
    ({"to": "999999"}, "请从列表中选择"),
]


@pytest.mark.parametrize(("changes", "error"), BAD_FORMS)
def test_public_form_refuses_bad_input_in_chinese(client, agency, changes, error):
    response = post_message(client, agency, **changes)
    assert response.status_code == 400
    assert error in response.content.decode()
    assert Message.objects.count() == 0


def test_per_address_limit(client, agency):
    for n in range(5):
        post_message(client, agency, submission_key=f"{n}" * 32)
    response = post_message(client, agency, submission_key="z" * 32)
    assert response.status_code == 400
    assert "同一地址一小时内提交的留言过多，请稍后再试。" in response.content.decode()
    assert Message.objects.count() == 5


def test_a_repeat_after_the_limit_lands_on_its_message(client, agency):
    for n in range(5):
        post_message(client, agency, submission_key=f"{n}" * 32)
    response = post_message(client, agency, submission_key="0" * 32)
    assert (response.status_code, Message.objects.count()) == (302, 5)


def test_status_page_needs_number_and_code(client, receive):
    message = receive()
    wrong = client.post(
        reverse("interaction:status"), {"number": message.number, "code": "XXXXXXXX"}
    )
    assert wrong.status_code == 400
    assert "留言编号或查询码不正确。" in wrong.content.decode()
    right = client.post(
        reverse("interaction:status"), {"number": message.number, "code": message.query_code}
    )
    assert right.status_code == 200
    assert "南湖小区旁工地每天夜里十一点后仍在施工" in right.content.decode()


def test_writer_rates_once(client, receive, office):
    message = receive()
    s.message_reply(message=message, actor=office, reply="已责成整改。", replied_on=D("2025-10-09"))
    client.post(
        reverse("interaction:status"), {"number": message.number, "code": message.query_code}
    )
    rate = reverse("interaction:rate", args=[message.pk])
    assert client.post(rate, {"satisfaction": "fairly_satisfied"}).status_code == 302
    again = client.post(rate, {"satisfaction": "dissatisfied"})
    assert again.status_code == 400
    assert "留言当前状态为“已评价”，不能评价" in again.content.decode()
    message.refresh_from_db()
    assert message.satisfaction == "fairly_satisfied"


def test_rating_someone_elses_message_is_404(client, receive, office):
    message = receive()
    s.message_reply(message=message, actor=office, reply="已处理。", replied_on=D("2025-10-09"))
    response = client.post(
        reverse("interaction:rate", args=[message.pk]), {"satisfaction": "satisfied"}
    )
    assert response.status_code == 404


def test_public_list_never_shows_personal_data(client, receive, office):
    shown = receive(
        body="我是张三，手机13800138000，身份证号110101199003071234，投诉南湖小区噪音。",
        title="张三投诉南湖小区噪音",
    )
    s.message_reply(
        message=shown,
        actor=office,
        reply="张三您好，请拨打0759-2345678联系。",
        replied_on=D("2025-10-09"),
    )
    private = receive(consent=False, title="不同意公开的留言", writer_name="李四")
    s.message_reply(message=private, actor=office, reply="已处理。", replied_on=D("2025-10-09"))
    invalid = receive(title="无效留言标题")
    s.message_mark_invalid(message=invalid, actor=office, reason="垃圾信息")
    pages = (
        client.get(reverse("interaction:list")).content.decode()
        + client.get(reverse("interaction:public", args=[shown.pk])).content.decode()
    )
    for secret in (
        "张三",
        "13800138000",
        "110101199003071234",
        "2345678",
        "不同意公开的留言",
        "无效留言标题",
    ):
        assert secret not in pages
    assert "张*投诉南湖小区噪音" in pages
    assert client.get(reverse("interaction:public", args=[private.pk])).status_code == 404


def test_statistics_page(client, receive, office):
    message = receive(received="2025-09-26")
    s.message_reply(message=message, actor=office, reply="已处理。", replied_on=D("2025-09-30"))
    page = client.get(reverse("interaction:statistics"), {"month": "2025-09"}).content.decode()
    assert "2025年9月 各机关留言办理情况" in page
    assert "100.0%" in page
    bad = client.get(reverse("interaction:statistics"), {"month": "2025-13"})
    assert bad.status_code == 400
    assert "月份格式应为 YYYY-MM，例如 2026-05" in bad.content.decode()


# -- workbench -------------------------------------------------------------------------------


def test_queue_colours_overdue_and_amber(client, receive, office):
    today = timezone.localdate()
    from gongkai.workdays.selectors import get_calendar

    calendar = get_calendar()
    receive(received="2025-09-26", title="早已超期的留言")
    day = today
    for _ in range(9):  # 9 working days ago: 1 working day left
        day = date.fromordinal(day.toordinal() - 1)
        while not calendar.is_workday(day):
            day = date.fromordinal(day.toordinal() - 1)
    receive(received=day.isoformat(), title="即将到期的留言")
    client.force_login(office)
    page = client.get(reverse("interaction:queue")).content.decode()
    assert 'class="due-overdue"' in page
    assert 'class="due-amber"' in page
    assert "剩余 1 个工作日" in page


def test_other_agencys_clerk_gets_404_and_office_gets_403_on_actions(
    client, receive, other_agency, other_office
):
    message = receive()
    department = DepartmentFactory(agency=other_agency, name="预算科")
    clerk = UserFactory(username="yusuan")
    role_grant(user=clerk, role=Role.CLERK, agency=other_agency, department=department)
    client.force_login(clerk)
    assert client.get(reverse("interaction:message", args=[message.pk])).status_code == 404
    client.force_login(other_office)
    assert client.get(reverse("interaction:message", args=[message.pk])).status_code == 404
    response = client.post(
        reverse("interaction:action", args=[message.pk, "reply"]), {"reply-reply": "x"}
    )
    assert response.status_code == 404
    assert client.get(reverse("interaction:import")).status_code == 200
    message.refresh_from_db()
    assert message.status == states.RECEIVED


def test_a_person_without_a_role_gets_403(client, receive):
    client.force_login(UserFactory(username="nobody"))
    assert client.get(reverse("interaction:queue")).status_code == 403
    assert client.get(reverse("interaction:enquiries")).status_code == 403


def test_office_replies_from_a_template_and_transfers(client, receive, office, other_agency):
    message = receive()
    client.force_login(office)
    page = client.get(reverse("interaction:message", args=[message.pk]), {"template": "0"})
    assert "张三：您好！您于2025年9月26日的留言" in page.content.decode()
    empty = client.post(
        reverse("interaction:action", args=[message.pk, "reply"]), {"reply-reply": ""}
    )
    assert empty.status_code == 400
    assert "请填写答复内容" in empty.content.decode()
    no_reason = client.post(
        reverse("interaction:action", args=[message.pk, "transfer"]),
        {"transfer-to_agency": str(other_agency.pk), "transfer-reason": ""},
    )
    assert "请填写转办理由" in no_reason.content.decode()
    done = client.post(
        reverse("interaction:action", args=[message.pk, "transfer"]),
        {"transfer-to_agency": str(other_agency.pk), "transfer-reason": "属财政局职责"},
    )
    assert done.status_code == 302
    message.refresh_from_db()
    assert (message.agency, message.status) == (other_agency, states.TRANSFERRED)


def test_mark_invalid_from_the_page(client, receive, office):
    message = receive()
    client.force_login(office)
    bad = client.post(
        reverse("interaction:action", args=[message.pk, "mark_invalid"]), {"mark_invalid-kind": ""}
    )
    assert "此项为必填项" in bad.content.decode()
    client.post(
        reverse("interaction:action", args=[message.pk, "mark_invalid"]),
        {"mark_invalid-kind": "重复留言", "mark_invalid-note": "与上一条相同"},
    )
    message.refresh_from_db()
    assert (message.valid, message.invalid_reason) == (False, "重复留言：与上一条相同")


def test_enquiry_quick_register(client, agency, office):
    client.force_login(office)
    url = reverse("interaction:enquiries")
    bad = client.post(url, {"channel": "fax", "topic": "", "minutes": "abc", "agency": agency.pk})
    assert bad.status_code == 400
    content = bad.content.decode()
    for error in ("请选择电话、当面或网上", "请填写咨询事项", "用时应为整数分钟"):
        assert error in content
    assert Enquiry.objects.count() == 0
    ok = client.post(
        url,
        {
            "channel": "in_person",
            "topic": "公租房申请条件",
            "answer": "已告知",
            "minutes": "5",
            "agency": agency.pk,
        },
    )
    assert ok.status_code == 302
    enquiry = Enquiry.objects.get()
    assert (enquiry.channel, enquiry.minutes, enquiry.by, enquiry.on) == (
        "in_person",
        5,
        office,
        timezone.localdate(),
    )


def test_the_supervising_office_reads_every_agencys_enquiries_and_registers_none(
    client, agency, office
):
    s.enquiry_register(
        agency=agency,
        actor=office,
        channel="phone",
        topic="公租房申请条件",
        answer="已告知",
        minutes=5,
        on=timezone.localdate(),
    )
    supervisor = UserFactory(username="zhuguan")
    role_grant(user=supervisor, role=Role.SUPERVISING_OFFICE)
    client.force_login(supervisor)
    url = reverse("interaction:enquiries")
    page = client.get(url)
    content = page.content.decode()
    refused = client.post(url, {"channel": "phone", "topic": "x", "agency": agency.pk})
    assert (page.status_code, "公租房申请条件" in content, 'aria-label="登记咨询"' in content) == (
        200,
        True,
        False,
    )
    assert (refused.status_code, Enquiry.objects.count()) == (403, 1)


def test_export_round_trips(client, receive, office):
    receive()
    client.force_login(office)
    response = client.get(reverse("interaction:export", args=["csv"]))
    text = response.content.decode("utf-8-sig")
    assert (
        text.splitlines()[0]
        == "编号,渠道,类型,收到日期,标题,内容,留言人,联系方式,同意公开,有效,无效原因,答复日期,答复内容"
    )
    assert "114410025-LY2025-00001,网站留言,投诉,2025-09-26" in text


def test_todos_show_overdue_messages(client, receive, office):
    receive(received="2025-09-26", title="早已超期的留言")
    client.force_login(office)
    page = client.get(reverse("workbench:todo")).content.decode()
    assert "留言 114410025-LY2025-00001：早已超期的留言" in page


def test_art_39_page_closes_the_application(client, agency, office):
    from gongkai.info_requests.services import Applicant, request_register

    case, _ = request_register(
        agency=agency,
        actor=office,
        applicant=Applicant(type="natural_person", name="李四", phone="13900139000"),
        channel="letter",
        description="举报某物业公司乱收费。",
        signed_on=D("2025-09-26"),
    )
    client.force_login(office)
    case_page = client.get(reverse("info_requests:case", args=[case.pk])).content.decode()
    assert "转为留言处理" in case_page
    response = client.post(
        reverse("interaction:from_request", args=[case.pk]), {"type": "complaint"}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.outcome == "not_processed_1"
    assert Message.objects.get().from_request == case


def test_web_import_lists_problems_and_keeps_nothing(client, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(office)
    header = (
        "编号,渠道,类型,收到日期,标题,内容,留言人,联系方式,同意公开,有效,无效原因,答复日期,答复内容"
    )
    bad = SimpleUploadedFile(
        "留言.csv", (header + "\nGD-1,网站留言,投诉,2025-03-03,标题,内容,,,,否,,,\n").encode()
    )
    response = client.post(reverse("interaction:import"), {"file": bad})
    assert response.status_code == 400
    assert "第 2 行「无效原因」：有效为“否”时须填写无效原因" in response.content.decode()
    assert Message.objects.count() == 0
