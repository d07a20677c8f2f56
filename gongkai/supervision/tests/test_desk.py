"""Nudges, circulars and the desk's pages (tests/conftest.py `scenario`: October 2025)."""

# ruff: noqa: E501 - expected Chinese texts stay whole
import io
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from gongkai.audit.models import AuditRecord
from gongkai.info_requests.models import InfoRequest
from gongkai.supervision import services as s
from gongkai.supervision.models import Circular, Nudge
from gongkai.supervision.tasks import nudge_mail
from gongkai.workbench.todos import todos_for

D = date.fromisoformat
PERIOD = {"start": "2025-10-01", "end": "2025-10-31"}


def _overdue_case():
    return InfoRequest.objects.get(description="逾期未答复的申请")


def _nudge(supervisor, agency, **kw):
    case = _overdue_case()
    return s.nudge_send(
        actor=supervisor,
        agency=agency,
        kind="request",
        subject_id=case.pk,
        subject_label=f"申请 {case.number}",
        **kw,
    )


def test_nudge_is_recorded_audited_and_in_the_agencys_todos(scenario, supervisor, office):
    agency, _ = scenario
    nudge = _nudge(supervisor, agency, note="请尽快答复")
    todos = todos_for(office, timezone.localdate())
    assert (
        AuditRecord.objects.filter(action="supervision.nudge_send").count(),
        [t.title for t in todos if t.title.startswith("督办提醒")],
        nudge.note,
    ) == (1, [f"督办提醒：申请 {_overdue_case().number}"], "请尽快答复")


def test_nudge_by_a_disclosure_office_is_refused(scenario, office):
    agency, _ = scenario
    with pytest.raises(s.SupervisionError) as refused:
        _nudge(office, agency)
    assert (str(refused.value), Nudge.objects.count()) == (
        "只有政府信息公开工作主管部门可以办理督办和通报",
        0,
    )


def test_second_nudge_before_acknowledgement_is_refused(scenario, supervisor):
    agency, _ = scenario
    _nudge(supervisor, agency)
    with pytest.raises(s.SupervisionError) as refused:
        _nudge(supervisor, agency)
    assert (str(refused.value), Nudge.objects.count()) == (
        "该事项已发出督办提醒，机关尚未知悉，不能重复督办",
        1,
    )


def test_acknowledged_nudge_leaves_the_todos(scenario, supervisor, office):
    agency, _ = scenario
    nudge = _nudge(supervisor, agency)
    s.nudge_acknowledge(actor=office, nudge=nudge)
    todos = todos_for(office, timezone.localdate())
    assert [t for t in todos if t.title.startswith("督办提醒")] == []


def test_nudge_mail_goes_to_the_office_and_its_address(scenario, supervisor, office):
    agency, _ = scenario
    agency.office_email = "gkb-office@example.cn"
    agency.save()
    nudge = _nudge(supervisor, agency)
    sent = nudge_mail(nudge.pk)
    assert (sent, sorted(m.to[0] for m in mail.outbox), mail.outbox[0].subject) == (
        2,
        ["gkb-office@example.cn", "gkb@example.cn"],
        f"督办提醒：申请 {_overdue_case().number}",
    )


def test_supervising_office_todos_list_overdue_work_of_every_agency(scenario, supervisor):
    titles = [t.title for t in todos_for(supervisor, timezone.localdate())]
    assert f"住建局：逾期未答复的申请 {_overdue_case().number}" in titles


def test_a_message_unanswered_for_months_shows_its_receipt_date_not_a_due_date(
    scenario, supervisor
):
    messages = [
        t for t in todos_for(supervisor, timezone.localdate()) if "超三个月未答复的留言" in t.title
    ]
    received = [m for m in messages if m.detail == "2025-07-30 收到，超过三个月未答复"]
    assert [(m.urgency, m.due_on) for m in received] == [("red", None)]


# -- circulars -------------------------------------------------------------------------------


def test_circulars_are_numbered_per_year_and_frozen_once_issued(scenario, supervisor):
    first = s.circular_draft(actor=supervisor, start=D("2025-10-01"), end=D("2025-10-31"))
    second = s.circular_draft(actor=supervisor, start=D("2025-10-01"), end=D("2025-10-31"))
    s.circular_issue(actor=supervisor, circular=first, issued_on=D("2025-11-10"), publish=True)
    s.circular_issue(actor=supervisor, circular=second, issued_on=D("2025-11-20"), publish=False)
    first.refresh_from_db()
    second.refresh_from_db()
    with pytest.raises(s.SupervisionError) as refused:
        s.circular_update(actor=supervisor, circular=first, title="改", body="改", recipients="")
    assert (first.number, second.number, str(refused.value)) == (
        "示范区政务公开办〔2025〕第1号",
        "示范区政务公开办〔2025〕第2号",
        "通报已印发，不能再修改",
    )


def test_circular_draft_names_the_agencies_with_problems(scenario, supervisor):
    circular = s.circular_draft(actor=supervisor, start=D("2025-10-01"), end=D("2025-10-31"))
    lines = circular.body.split("\n")
    case = _overdue_case()
    assert (
        circular.title,
        f"住建局截至2025年10月31日逾期未答复1件（{case.number}）。" in lines,
        "住建局超过20个工作日才公开1条（114410025/T-" in circular.body,
    ) == ("关于2025年10月1日至2025年10月31日全区政府信息公开工作情况的通报", True, True)


def test_circular_issue_refuses_a_date_before_the_period_ends(scenario, supervisor):
    circular = s.circular_draft(actor=supervisor, start=D("2025-10-01"), end=D("2025-10-31"))
    with pytest.raises(s.SupervisionError) as refused:
        s.circular_issue(
            actor=supervisor, circular=circular, issued_on=D("2025-10-30"), publish=False
        )
    circular.refresh_from_db()
    assert (str(refused.value), circular.status, circular.number) == (
        "印发日期不能早于统计截止日期",
        "draft",
        "",
    )


def test_circular_docx_carries_number_and_title(scenario, supervisor):
    from docx import Document

    from gongkai.supervision.circulars import circular_docx

    circular = s.circular_draft(actor=supervisor, start=D("2025-10-01"), end=D("2025-10-31"))
    circular = s.circular_issue(
        actor=supervisor, circular=circular, issued_on=D("2025-11-10"), publish=False
    )
    texts = [p.text for p in Document(io.BytesIO(circular_docx(circular))).paragraphs]
    assert texts[:3] == [
        "示范区政务公开办〔2025〕第1号",
        "关于2025年10月1日至2025年10月31日全区政府信息公开工作情况的通报",
        "各有关单位：",
    ]


# -- pages -----------------------------------------------------------------------------------


def test_desk_is_refused_to_a_disclosure_office_in_chinese(client, scenario, office):
    client.force_login(office)
    response = client.get(reverse("supervision:desk"))
    assert (
        response.status_code,
        "只有政府信息公开工作主管部门和管理员可以使用监督考核工作台" in response.content.decode(),
    ) == (403, True)


def test_desk_shows_every_agency(client, scenario, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("supervision:desk"), PERIOD).content.decode()
    assert ("住建局" in page, "财政局" in page, "不排名" in page) == (True, True, True)


def test_desk_refuses_a_reversed_period_with_a_message(client, scenario, supervisor):
    client.force_login(supervisor)
    page = client.get(
        reverse("supervision:desk"), {"start": "2025-11-01", "end": "2025-10-01"}
    ).content.decode()
    assert "统计起始日期不能晚于截止日期" in page


def test_trace_page_lists_the_late_item(client, scenario, supervisor):
    client.force_login(supervisor)
    page = client.get(
        reverse("supervision:trace"), PERIOD | {"figure": "catalogue.late"}
    ).content.decode()
    assert ("逾期发布的通知" in page, "测试信息" in page) == (True, False)


def test_nudge_from_the_page_then_the_office_sees_it(client, scenario, supervisor, office):
    client.force_login(supervisor)
    case = _overdue_case()
    client.post(
        reverse("supervision:nudge_new"),
        {
            "kind": "request",
            "subject_id": case.pk,
            "note": "请办理",
            "next": "/workbench/supervision/overdue/",
        },
    )
    client.force_login(office)
    page = client.get(reverse("workbench:todo")).content.decode()
    assert f"督办提醒：申请 {case.number}" in page


def test_table_xlsx_download(client, scenario, supervisor):
    client.force_login(supervisor)
    response = client.get(reverse("supervision:table_xlsx"), PERIOD)
    assert (response.status_code, response["Content-Type"]) == (
        200,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def test_portal_lists_only_published_circulars(client, scenario, supervisor):
    published = s.circular_draft(actor=supervisor, start=D("2025-10-01"), end=D("2025-10-31"))
    s.circular_issue(actor=supervisor, circular=published, issued_on=D("2025-11-10"), publish=True)
    internal = s.circular_draft(actor=supervisor, start=D("2025-09-01"), end=D("2025-09-30"))
    s.circular_issue(actor=supervisor, circular=internal, issued_on=D("2025-11-10"), publish=False)
    page = client.get(reverse("supervision:public_list")).content.decode()
    hidden = client.get(reverse("supervision:public", args=[internal.pk]))
    assert (
        "2025年10月1日至2025年10月31日" in page,
        "2025年9月1日" in page,
        hidden.status_code,
    ) == (True, False, 404)


def test_circular_status_is_draft_until_issued(scenario, supervisor):
    circular = s.circular_draft(actor=supervisor, start=D("2025-10-01"), end=D("2025-10-31"))
    assert (circular.status, Circular.objects.count()) == ("draft", 1)


def test_circular_paragraphs_tell_headings_from_text():
    from gongkai.supervision.circulars import paragraphs

    body = "一、总体情况\n（一）信息公开不及时\n（三）认真办理留言。对有效留言及时答复。\n正文。"
    assert paragraphs(body) == [
        ("heading1", "一、总体情况"),
        ("heading2", "（一）信息公开不及时"),
        ("text", "（三）认真办理留言。对有效留言及时答复。"),
        ("text", "正文。"),
    ]


def _department_rows(page):
    from gongkai.portal.tests.pages import squash, tree

    return [
        [squash(cell.text_content()) for cell in tr.xpath("./th|./td")][:4]
        for tr in tree(page).xpath("//table[@class='indicators']//tr[@class='department']")
    ]


def test_desk_opens_an_agencys_departments_under_its_row(client, scenario, supervisor):
    client.force_login(supervisor)
    closed = client.get(reverse("supervision:desk"), PERIOD)
    opened = client.get(reverse("supervision:desk"), {**PERIOD, "open": "114410025"})
    # 建筑市场监管科: 2 items of 20 and 21 working days (one late): 20.5; the agency itself:
    # 3 items of 1, 2 (Sat 10-11 is a 2025 adjusted working day) and 1 working days: 1.3.
    assert (_department_rows(closed), _department_rows(opened)) == (
        [],
        [
            ["建筑市场监管科", "2", "20.5", "1"],
            ["机关本级（未指定科室）", "3", "1.3", "0"],
        ],
    )
    assert "收起科室" in opened.content.decode()


def test_desk_opens_an_agency_without_departments_as_its_own_row(client, scenario, supervisor):
    client.force_login(supervisor)
    page = client.get(reverse("supervision:desk"), {**PERIOD, "open": "114410049"})
    # 财政局's one item, 09-30 to 10-09: 1 working day, no department.
    assert _department_rows(page) == [["机关本级（未指定科室）", "1", "1.0", "0"]]
