"""The run: findings opened for problems, closed with the date when a re-check finds them
fixed, and never for what was not checked."""

from datetime import date

import pytest
from django.core.files.base import ContentFile

from gongkai.catalogue.models import Attachment, Item
from gongkai.inspection import checks, selectors
from gongkai.inspection.crawl import Crawler
from gongkai.inspection.models import Finding
from gongkai.inspection.services import inspection_run
from gongkai.interaction.services import message_reply

D = date.fromisoformat
pytestmark = pytest.mark.django_db


def _open(rule):
    return list(
        Finding.objects.filter(rule=rule, closed_on__isnull=True).values_list("key", "veto")
    )


def test_an_agency_with_nothing_published_has_eight_empty_columns_and_the_veto(agency):
    inspection_run(agency=agency, today=D("2026-05-31"), crawl=False)
    assert len(_open("column_empty")) == 8
    veto = Finding.objects.get(rule="columns_empty_veto")
    assert (veto.agency, veto.veto, veto.key) == (agency, True, f"agency:{agency.pk}")
    assert veto.detail == (
        "8个空白栏目：工作动态、通知公告、政策文件、政策解读、规划计划、财政预决算、人事信息、年度报告"
    )
    assert veto.page_url == f"/catalogue/agency/{agency.code}/"


# LAW §8: at D = 2026-05-31 the cut-off is 2026-02-28 (the month's last day); strictly before
@pytest.mark.parametrize(
    ("received", "found"),
    [("2026-02-27", True), ("2026-02-28", False), ("2026-03-01", False)],
)
def test_three_month_rule_at_month_end(agency, receive, received, found):
    message = receive(received)
    inspection_run(agency=agency, today=D("2026-05-31"), crawl=False)
    expected = [(f"message:{message.pk}", True)] if found else []
    assert _open("message_unanswered") == expected


def test_a_reply_closes_the_finding_on_the_next_run(agency, receive, office):
    message = receive("2026-05-11")
    inspection_run(agency=agency, today=D("2026-09-01"), crawl=False)
    finding = Finding.objects.get(rule="message_unanswered")
    assert (finding.found_on, finding.closed_on, finding.veto) == (D("2026-09-01"), None, True)
    assert finding in selectors.open_findings(veto=True, agency_ids=[agency.pk])

    message_reply(
        message=message, actor=office, reply="已联系施工单位整改。", replied_on=D("2026-09-02")
    )
    outcome = inspection_run(agency=agency, today=D("2026-09-03"), crawl=False)

    finding.refresh_from_db()
    assert finding.closed_on == D("2026-09-03")
    assert outcome.closed == 1
    assert finding not in selectors.open_findings(veto=True)
    assert list(selectors.findings_in_period(D("2026-09-01"), D("2026-09-30"))).count(finding) == 1
    assert list(selectors.findings_in_period(D("2026-09-04"), D("2026-09-30"))).count(finding) == 0


def test_a_problem_still_there_stays_one_open_finding(agency, receive):
    receive("2026-01-05")
    inspection_run(agency=agency, today=D("2026-05-31"), crawl=False)
    inspection_run(agency=agency, today=D("2026-06-01"), crawl=False)
    finding = Finding.objects.get(rule="message_unanswered")
    assert (finding.found_on, finding.closed_on) == (D("2026-05-31"), None)


def test_a_run_for_one_agency_leaves_other_agencies_findings_alone(agency, other_agency, receive):
    receive("2026-01-05", to=other_agency)
    inspection_run(agency=other_agency, today=D("2026-05-31"), crawl=False)
    inspection_run(agency=agency, today=D("2026-06-01"), crawl=False)
    assert Finding.objects.get(rule="message_unanswered").closed_on is None


def test_a_publication_date_the_trail_contradicts_is_a_veto(agency, publish):
    item = publish()
    recorded = item.published_on
    Item.objects.filter(pk=item.pk).update(published_on=D("2025-10-08"))
    inspection_run(agency=agency, crawl=False)
    finding = Finding.objects.get(rule="forged_publication_date")
    assert finding.veto is True
    assert finding.detail == (
        f"《{item.title}》页面显示发布日期2025-10-08，审计日志记录的发布日期为{recorded:%Y-%m-%d}"
    )
    Item.objects.filter(pk=item.pk).update(published_on=recorded)
    inspection_run(agency=agency, crawl=False)
    finding.refresh_from_db()
    assert finding.closed_on is not None


def test_personal_data_left_in_a_published_item_is_found_by_todays_guard(agency, publish):
    item = publish()
    Item.objects.filter(pk=item.pk).update(body=item.body + "联系人：李明，电话13912345678。")
    inspection_run(agency=agency, crawl=False)
    finding = Finding.objects.get(rule="privacy_unmasked")
    assert (finding.key, finding.veto) == (f"item:{item.pk}", False)
    assert "139****5678" in finding.detail


def test_a_policy_without_interpretation_is_found(agency, publish):
    item = publish(genre="other_document")
    Item.objects.filter(pk=item.pk).update(is_policy=True)
    inspection_run(agency=agency, crawl=False)
    assert _open("policy_no_interpretation") == [(f"item:{item.pk}", False)]


def test_crawl_finds_a_missing_attachment_and_a_dead_link(agency, publish, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = publish()
    attachment = Attachment.objects.create(
        item=item,
        file=ContentFile(b"%PDF-1.4 test", name="plan.pdf"),
        name="改造计划.pdf",
        mime="application/pdf",
        size=13,
        sha256="0" * 64,
    )
    attachment.file.storage.delete(attachment.file.name)
    inspection_run(agency=agency)
    finding = Finding.objects.get(rule="missing_attachment", closed_on__isnull=True)
    assert (finding.key, finding.page_url) == (
        f"attachment:{attachment.pk}",
        f"/catalogue/item/{item.index_number}/",
    )
    assert finding.detail == "附件“改造计划.pdf”的文件缺失，无法下载"
    # The portal's own pages link to nothing missing: its link to the attachment is judged
    # once, as the missing file, not again as a dead link.
    assert _open("dead_link") == []


def test_crawl_reports_a_page_that_does_not_open_and_a_link_to_it(agency, publish):
    item = publish()
    crawler = Crawler(check_target=checks.target_status())
    result = crawler.crawl([f"/catalogue/item/{item.index_number}/", "/catalogue/item/无此条目/"])
    result.pages[f"/catalogue/item/{item.index_number}/"].links.add("/catalogue/item/无此条目/")
    result.targets["/catalogue/item/无此条目/"] = 404
    problems = checks.check_links(result, [agency])
    assert [(p.key, p.agency_id, p.detail) for p in problems] == [
        (
            f"link:/catalogue/item/{item.index_number}/→/catalogue/item/无此条目/",
            agency.pk,
            "页面上的链接 /catalogue/item/无此条目/ 无法访问（状态码 404）",
        ),
        ("page:/catalogue/item/无此条目/", None, "页面无法打开（状态码 404）"),
    ]
