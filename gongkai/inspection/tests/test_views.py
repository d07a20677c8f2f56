"""Workbench pages: who sees which findings, who may run the inspection, the standard
catalogue's import (all or nothing) and the self-check."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.catalogue import services as catalogue
from gongkai.catalogue.models import Item
from gongkai.inspection.models import DisclosureMatter, Finding, InspectionRun, SelfCheck
from gongkai.inspection.services import inspection_run
from gongkai.inspection.tasks import inspection_run_task
from gongkai.workbench.todos import todos_for

pytestmark = pytest.mark.django_db
D = date.fromisoformat
HEADER = (
    "领域,一级事项,二级事项,公开内容,公开依据,公开时限,公开主体,公开渠道,公开对象,公开方式,"
    "公开层级,责任机关\n"
)


def _finding(agency, rule="message_unanswered", key="message:1", veto=True):
    return Finding.objects.create(
        agency=agency,
        rule=rule,
        key=key,
        veto=veto,
        page_url="/workbench/messages/1/",
        detail="留言 LY-1“噪音”2026-01-05收到，超过3个月仍未答复",
        found_on=D("2026-05-31"),
    )


def test_an_agency_office_sees_only_its_own_findings(client, office, agency, other_agency):
    _finding(agency)
    _finding(other_agency, key="message:2")
    client.force_login(office)
    page = client.get(reverse("inspection:findings")).content.decode()
    assert page.count("超过3个月仍未答复") == 1
    assert agency.name in page and other_agency.name not in page
    assert "立即检查" not in page


def test_a_message_page_the_user_may_not_open_is_named_without_a_link(
    client, clerk, supervisor, agency
):
    # A department's clerk sees the agency's findings, not every message of the agency: the
    # message's page (here a message no one may open) is named, never linked to a 404.
    _finding(agency)
    client.force_login(clerk)
    page = client.get(reverse("inspection:findings")).content.decode()
    assert "页面：/workbench/messages/1/" in page
    assert 'href="/workbench/messages/1/"' not in page


def test_a_standard_gap_names_its_page_without_the_query_string(client, supervisor, agency):
    Finding.objects.create(
        agency=agency,
        rule="standard_gap",
        key="matter:1",
        veto=False,
        page_url="/workbench/inspection/standards/?area=%E8%B4%A2%E6%94%BF",
        detail="标准目录事项“财政·部门预算”尚未公开任何信息",
        found_on=date(2026, 5, 31),
    )
    client.force_login(supervisor)
    page = client.get(reverse("inspection:findings")).content.decode()
    link = '<a href="/workbench/inspection/standards/?area=%E8%B4%A2%E6%94%BF">'
    assert link + "/workbench/inspection/standards/</a>" in page


def test_the_supervising_office_sees_every_finding_vetoes_apart(client, supervisor, agency):
    _finding(agency)
    _finding(agency, rule="question_late", key="message:3", veto=False)
    client.force_login(supervisor)
    page = client.get(reverse("inspection:findings")).content.decode()
    veto_part, rest = page.split('id="veto-heading"')[1].split("其他问题")
    assert "有效留言超过3个月未答复" in veto_part and "简单咨询超过5个工作日答复" not in veto_part
    assert "简单咨询超过5个工作日答复" in rest
    assert "立即检查" in page


def test_a_clerk_cannot_start_a_run(client, clerk):
    client.force_login(clerk)
    response = client.post(reverse("inspection:run_start"), {"agency": ""})
    assert response.status_code == 403
    assert InspectionRun.objects.count() == 0


def test_the_supervising_office_starts_a_run_and_sees_its_progress(client, supervisor, agency):
    client.force_login(supervisor)
    response = client.post(reverse("inspection:run_start"), {"agency": str(agency.pk)})
    run = InspectionRun.objects.get()
    assert response.url == reverse("inspection:run", args=[run.pk])
    queued = client.get(response.url)
    assert "已排队" in queued.content.decode() and queued["Refresh"] == "3"
    again = client.post(reverse("inspection:run_start"), {"agency": ""}, follow=True)
    assert "已有一次检查正在进行，请待其完成后再发起" in again.content.decode()

    inspection_run_task.call_local(run.pk)
    run.refresh_from_db()
    assert (run.status, run.findings_opened) == ("done", 9)  # 8 empty columns and the veto
    page = client.get(response.url).content.decode()
    assert "新发现问题 9 个，已整改关闭 0 个，仍未整改 9 个" in page


def test_findings_go_to_the_agency_todos_and_vetoes_to_the_supervising_office(
    office, supervisor, other_office, agency
):
    _finding(agency)
    _finding(agency, rule="question_late", key="message:3", veto=False)
    mine = [
        (t.title, t.urgency) for t in todos_for(office, D("2026-06-01")) if "网站检查" in t.title
    ]
    assert mine == [
        ("【单项否决】网站检查：有效留言超过3个月未答复", "red"),
        ("网站检查：简单咨询超过5个工作日答复（1项）", "normal"),
    ]
    theirs = [t.title for t in todos_for(supervisor, D("2026-06-01")) if "网站检查" in t.title]
    assert theirs == ["【单项否决】网站检查：有效留言超过3个月未答复"]
    assert [t for t in todos_for(other_office, D("2026-06-01")) if "网站检查" in t.title] == []


def _upload(client, text, name="目录.csv"):
    return client.post(
        reverse("inspection:standards_import"),
        {"file": SimpleUploadedFile(name, text.encode())},
    )


def test_a_standard_catalogue_with_a_bad_row_is_refused_whole(client, supervisor, agency):
    client.force_login(supervisor)
    good = (
        "财政预决算,预算,部门预算,部门预算报表,预算法,批复后20日内,县级各部门,政府网站,"
        "全社会,主动,县级,住建局\n"
    )
    unknown_agency = (
        "财政预决算,决算,部门决算,部门决算报表,预算法,批复后20日内,县级各部门,政府网站,"
        "全社会,主动,县级,无此局\n"
    )
    response = _upload(client, HEADER + good + unknown_agency)
    assert response.status_code == 400
    assert "第 3 行「责任机关」：没有名称或代码为“无此局”的机关" in response.content.decode()
    assert DisclosureMatter.objects.count() == 0


def test_a_standard_catalogue_is_imported_with_its_limits(client, supervisor, agency):
    client.force_login(supervisor)
    good = (
        "财政预决算,预算,部门预算,部门预算报表,预算法,批复后二十日内,县级各部门,"
        "政府网站、两微一端,全社会,主动,县级,住建局\n"
    )
    response = _upload(client, HEADER + good)
    assert response.status_code == 302
    matter = DisclosureMatter.objects.get()
    assert (matter.limit_amount, matter.limit_unit, matter.channels, matter.agency) == (
        20,
        "days",
        ["政府网站", "两微一端"],
        agency,
    )
    page = client.get(reverse("inspection:standards")).content.decode()
    assert "批复后二十日内" in page and "（20日）" in page


def test_an_agency_office_cannot_import_a_standard_catalogue(client, office):
    client.force_login(office)
    assert _upload(client, HEADER).status_code == 403


def test_a_matter_with_nothing_published_is_a_gap(agency):
    matter = DisclosureMatter.objects.create(
        area="义务教育",
        level1="招生入学",
        level2="招生政策",
        content="招生范围",
        time_limit="招生工作开始前",
        subject="县级教育行政部门",
        channels=["政府网站"],
        audience="全社会",
        way="主动",
        levels=["县级"],
        agency=agency,
    )
    inspection_run(agency=agency, crawl=False)
    finding = Finding.objects.get(rule="standard_gap")
    assert (finding.key, finding.detail) == (
        f"matter:{matter.pk}",
        "标准目录事项“义务教育·招生政策”尚未公开任何信息（时限：招生工作开始前）",
    )


def test_self_check_decision_and_a_proposal_made_with_one_click(
    client, office, agency, department, clerk
):
    withheld = catalogue.item_create(
        agency=agency,
        department=department,
        actor=clerk,
        title="关于南湖小区危旧房屋鉴定情况的请示",
        written_on=D("2026-03-16"),
        statutory_category="20-15",
        genre="other_document",
        attribute="withheld",
        withheld_reason="process",
    )
    from gongkai.info_requests.services import Applicant, request_register

    for name in ("张三", "李四"):
        request_register(
            agency=agency,
            actor=office,
            applicant=Applicant(type="natural_person", name=name, phone="13800138000"),
            channel="in_person",
            description="申请公开2026年保障性租赁住房分配名单及审核标准。",
            submitted_on=D("2026-04-01"),
        )
    client.force_login(office)
    response = client.post(
        reverse("inspection:selfchecks"), {"agency": str(agency.pk), "year": "2026"}
    )
    check = SelfCheck.objects.get()
    assert response.url == reverse("inspection:selfcheck", args=[check.pk])
    review = check.reviews.get()
    assert review.item == withheld

    refused = client.post(
        reverse("inspection:withheld_decide", args=[check.pk, review.pk]), {"decision": "keep"}
    )
    assert refused.status_code == 302
    review.refresh_from_db()
    assert review.decision == ""

    client.post(
        reverse("inspection:withheld_decide", args=[check.pk, review.pk]),
        {"decision": "disclose", "reason": "鉴定已完成，不再属于过程性信息"},
    )
    review.refresh_from_db()
    withheld.refresh_from_db()
    assert (review.decision, review.draft, withheld.attribute) == (
        "disclose",
        withheld,
        "proactive",
    )

    page = client.get(reverse("inspection:selfcheck", args=[check.pk])).content.decode()
    assert "第1组：2位申请人，2件申请" in page
    from gongkai.info_requests.models import InfoRequest

    signature = str(min(InfoRequest.objects.values_list("pk", flat=True)))
    response = client.post(reverse("inspection:frequent_propose", args=[check.pk, signature]))
    proposal = check.proposals.get()
    assert response.url == reverse("catalogue:item", args=[proposal.item_id])
    draft = Item.objects.get(pk=proposal.item_id)
    assert (draft.status, draft.title) == (
        "draft",
        "（依申请公开较多）申请公开2026年保障性租赁住房分配名单及审核标准。",
    )
