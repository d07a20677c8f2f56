"""Publishing an annual report safely (issue 12 §2): placeholders refused, what is unfinished
listed before confirming, corrections published as new versions with the old ones kept."""

from datetime import date

import pytest
from django.urls import reverse

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.audit.models import AuditRecord
from gongkai.reports import services as s
from gongkai.reports.models import AnnualReport
from gongkai.reports.narrative import html_to_plain, plain_to_html
from gongkai.reports.placeholders import find_placeholders

D = date.fromisoformat


@pytest.fixture
def office(agency):
    user = UserFactory(username="gongkaiban")
    role_grant(user=user, role=Role.DISCLOSURE_OFFICE, agency=agency)
    return user


def write(
    agency, office, overview="<p>总体情况。</p>", problems="<p>问题。</p>", other="<p>无。</p>"
):
    return s.report_save_sections(
        agency=agency,
        year=2025,
        actor=office,
        overview=overview,
        problems=problems,
        other_matters=other,
    )


def figures(agency, office):
    s.other_figures_save(
        agency=agency,
        year=2025,
        actor=office,
        licensing=3,
        penalties=1,
        enforcement=0,
        fee_income_yuan="0",
        source="省政务服务网导出（2026-01-05）",
    )


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("全年共收到申请XX件", ["待填的数字或日期"]),
        ("20XX年工作要点", ["待填的数字或日期"]),
        ("于×月×日公开", ["待填的数字或日期", "待填的数字或日期"]),
        ("由某某科室负责", ["“某某”"]),
        ("<p>【此处写明主要做法】</p>", ["填空括号"]),
        ("负责人：＿＿＿＿", ["填空横线"]),
        ("具体成效待补充", ["待办批注"]),
        ("开展X射线设备检查", []),
        ("详见〔2025〕3号文……", []),
        ("<p><strong>全年</strong>公开信息 1,234 条</p>", []),
    ],
)
def test_placeholders_are_found_and_ordinary_text_is_not(text, kinds):
    assert [p.kind for p in find_placeholders(text)] == kinds


def test_a_report_with_a_placeholder_is_refused_and_stays_a_draft(agency, office):
    write(agency, office, overview="<p>全年主动公开政府信息XX条。</p>")
    with pytest.raises(s.ReportError) as refused:
        s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    assert (str(refused.value), AnnualReport.objects.get().status) == (
        "正文中还有未填写的占位内容，不能发布：一、总体情况：“主动公开政府信息XX条。”（待填的数字或日期）",
        "draft",
    )


def test_unfinished_lists_unwritten_sections_and_missing_figures(agency, office):
    write(agency, office, problems="<p> </p>")
    assert s.report_unfinished(agency=agency, year=2025) == [
        "五、存在的主要问题及改进情况尚未填写",
        "表二中来自其他系统的数据（行政许可、处罚、强制和收费）尚未录入",
    ]


def test_nothing_unfinished_once_written_and_entered(agency, office):
    write(agency, office)
    figures(agency, office)
    assert s.report_unfinished(agency=agency, year=2025) == []


def test_a_correction_publishes_a_new_version_and_keeps_the_old(agency, office):
    write(agency, office)
    first = s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    s.report_correction_start(agency=agency, year=2025, actor=office)
    write(agency, office, overview="<p>总体情况（更正后）。</p>")
    second = s.report_publish(
        agency=agency,
        year=2025,
        actor=office,
        published_on=D("2026-02-03"),
        correction_note="更正第一部分主动公开条目数。",
    )
    old = second.versions.get()
    assert (
        first.pk == second.pk,
        second.version,
        second.published_on,
        second.published_figures["correction_note"],
        second.published_figures["sections"]["overview"],
        old.version,
        old.published_on,
        old.superseded_on,
        old.published_figures["sections"]["overview"],
    ) == (
        True,
        2,
        D("2026-02-03"),
        "更正第一部分主动公开条目数。",
        "<p>总体情况（更正后）。</p>",
        1,
        D("2026-01-20"),
        D("2026-02-03"),
        "<p>总体情况。</p>",
    )


def test_a_correction_needs_its_note(agency, office):
    s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    s.report_correction_start(agency=agency, year=2025, actor=office)
    with pytest.raises(s.ReportError, match="发布更正须写明更正说明"):
        s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-02-03"))


def test_only_a_published_report_can_be_corrected(agency, office):
    write(agency, office)
    with pytest.raises(s.ReportError, match="只有已发布的年度报告可以发起更正"):
        s.report_correction_start(agency=agency, year=2025, actor=office)


def test_correcting_is_audited(agency, office):
    s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    s.report_correction_start(agency=agency, year=2025, actor=office)
    s.report_publish(
        agency=agency, year=2025, actor=office, published_on=D("2026-02-03"), correction_note="改"
    )
    assert list(
        AuditRecord.objects.filter(action__startswith="reports.")
        .order_by("seq")
        .values_list("action", flat=True)
    ) == ["reports.publish", "reports.correction_start", "reports.correction_publish"]


def test_the_portal_keeps_the_published_version_while_a_correction_is_drafted(
    client, agency, office
):
    write(agency, office)
    report = s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    s.report_correction_start(agency=agency, year=2025, actor=office)
    write(agency, office, overview="<p>尚未发布的更正稿。</p>")
    page = client.get(reverse("reports:public_document", args=[report.pk, "html"]))
    text = page.content.decode()
    assert (page.status_code, "总体情况。" in text, "尚未发布的更正稿" in text) == (
        200,
        True,
        False,
    )


def test_the_portal_shows_the_history_of_a_corrected_report(client, agency, office):
    write(agency, office)
    report = s.report_publish(agency=agency, year=2025, actor=office, published_on=D("2026-01-20"))
    s.report_correction_start(agency=agency, year=2025, actor=office)
    s.report_publish(
        agency=agency,
        year=2025,
        actor=office,
        published_on=D("2026-02-03"),
        correction_note="更正表三数字。",
    )
    listing = client.get(reverse("reports:public_list")).content.decode()
    history = client.get(reverse("reports:public_history", args=[report.pk])).content.decode()
    old = client.get(reverse("reports:public_version_document", args=[report.pk, 1, "html"]))
    current = client.get(reverse("reports:public_document", args=[report.pk, "html"]))
    assert (
        "已更正" in listing,
        "第2版（现行）" in history,
        "第1版（已于2026-02-03更正）" in history,
        "更正说明" in old.content.decode(),
        "更正说明（第2版）：更正表三数字。" in current.content.decode(),
    ) == (True, True, True, False, True)


def test_the_publish_page_lists_what_is_unfinished_and_needs_confirming(client, agency, office):
    client.force_login(office)
    url = reverse("reports:publish", args=[agency.code, 2025])
    page = client.get(url).content.decode()
    refused = client.post(url, {})
    assert (
        "一、总体情况尚未填写" in page,
        "尚未录入" in page,
        refused.status_code,
        "请勾选确认后再发布" in refused.content.decode(),
        AnnualReport.objects.filter(status="published").count(),
    ) == (True, True, 400, True, 0)


def test_confirming_publishes(client, agency, office):
    client.force_login(office)
    write(agency, office)
    response = client.post(
        reverse("reports:publish", args=[agency.code, 2025]), {"confirmed": "on"}
    )
    assert (response.status_code, AnnualReport.objects.get().status) == (302, "published")


def test_plain_text_from_the_fallback_textarea_becomes_paragraphs_and_lists():
    html = plain_to_html("第一段<script>\n• 一\n- 二\n\n第二段")
    assert (html, html_to_plain(html)) == (
        "<p>第一段&lt;script&gt;</p><ul><li>一</li><li>二</li></ul><p>第二段</p>",
        "第一段<script>\n• 一\n• 二\n第二段",
    )
