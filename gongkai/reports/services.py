"""Writes for annual reports: the narrative sections, other systems' figures, publication.

Publication freezes the figures as published (`published_figures`), so next year's report
can check its carried-in figures against what was actually signed (docs/law.md §5)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

import nh3
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.services import audit_record
from gongkai.core.snapshot import snapshot
from gongkai.reports.models import AnnualReport, AnnualReportVersion, OtherSystemFigures
from gongkai.reports.placeholders import find_placeholders
from gongkai.reports.selectors import agency_report, government_report

SECTION_LABELS = {
    "overview": "一、总体情况",
    "problems": "五、存在的主要问题及改进情况",
    "other_matters": "六、其他需要报告的事项",
}
MAX_CORRECTION_NOTE = 2000
# The 2019 regulation took effect on 2019-05-15: the reports for 2018, due by 2019-03-31,
# were the last due under the 2007 one.
LAST_YEAR_UNDER_2007_REGULATION = 2018

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
}
MAX_SECTION = 50_000


class ReportError(ValueError):
    pass


class PermissionDenied(ReportError):
    pass


def sanitise(html: str) -> str:
    """Staff write sections in the browser; only plain structure survives."""
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes={}, link_rel=None).strip()


def _check(actor, agency) -> None:
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.has_role(Role.ADMIN):
        return
    if agency is None and scope.has_role(Role.SUPERVISING_OFFICE):
        return
    if (
        agency is not None
        and scope.has_role(Role.DISCLOSURE_OFFICE)
        and (agency.pk in scope.agency_ids)
    ):
        return
    who = agency.name if agency else "本级政府"
    raise PermissionDenied(f"只有{who}的政府信息公开工作机构可以编写、发布该年度报告")


def report_get_or_create(*, agency, year: int) -> AnnualReport:
    report, _ = AnnualReport.objects.get_or_create(agency=agency, year=year)
    return report


def report_save_sections(
    *, agency, year: int, actor, overview: str, problems: str, other_matters: str
) -> AnnualReport:
    _check(actor, agency)
    texts = {"overview": overview, "problems": problems, "other_matters": other_matters}
    for text in texts.values():
        if len(text) > MAX_SECTION:
            raise ReportError(f"章节过长（{len(text)} 字符），每节不超过 {MAX_SECTION} 字符")
    with transaction.atomic():
        report = report_get_or_create(agency=agency, year=year)
        if report.status == AnnualReport.Status.PUBLISHED:
            raise ReportError("已发布的年度报告不能修改；如需更正，请先“发起更正”")
        before = snapshot(report, tuple(texts))
        for name, text in texts.items():
            setattr(report, name, sanitise(text))
        report.save()
        audit_record(
            actor=actor,
            action="reports.sections_save",
            target=report,
            before=before,
            after=snapshot(report, tuple(texts)),
        )
    return report


def other_figures_save(
    *,
    agency,
    year: int,
    actor,
    licensing: int,
    penalties: int,
    enforcement: int,
    fee_income_yuan,
    source: str,
) -> OtherSystemFigures:
    _check(actor, agency)
    for label, value in (
        ("行政许可", licensing),
        ("行政处罚", penalties),
        ("行政强制", enforcement),
    ):
        if not isinstance(value, int) or value < 0:
            raise ReportError(f"{label}数量应为非负整数")
    try:
        fee = Decimal(str(fee_income_yuan))
    except InvalidOperation:
        raise ReportError(f"收费金额无效：{fee_income_yuan}") from None
    if fee < 0 or fee != fee.quantize(Decimal("0.01")):
        raise ReportError("收费金额应为非负数，最多两位小数（单位：元）")
    if not source.strip():
        raise ReportError("请注明数据来源（哪个系统、何时导出）")
    with transaction.atomic():
        row, _ = OtherSystemFigures.objects.get_or_create(
            agency=agency, year=year, defaults={"source": source.strip()}
        )
        before = snapshot(
            row, ("licensing", "penalties", "enforcement", "fee_income_yuan", "source")
        )
        row.licensing, row.penalties, row.enforcement = licensing, penalties, enforcement
        row.fee_income_yuan, row.source = fee, source.strip()
        row.entered_by = actor if getattr(actor, "pk", None) else None
        row.save()
        audit_record(
            actor=actor,
            action="reports.other_figures_save",
            target=row,
            before=before,
            after=snapshot(
                row, ("licensing", "penalties", "enforcement", "fee_income_yuan", "source")
            ),
        )
    return row


def report_data(*, agency, year: int) -> dict:
    """The figures and the sections together, as the documents render them. A published
    report is what was published: its frozen figures, never recomputed."""
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    if report is not None and report.status == AnnualReport.Status.PUBLISHED:
        return report.published_figures
    data = agency_report(agency, year) if agency else government_report(year)
    data["prepared_on"] = timezone.localdate().isoformat()
    if report is not None:
        data["sections"] = {
            "overview": report.overview,
            "problems": report.problems,
            "other_matters": report.other_matters,
        }
    return data


def report_placeholders(report: AnnualReport | None) -> list[str]:
    """Each placeholder left in the saved sections, as "section: …text…" (refused)."""
    if report is None:
        return []
    return [
        f"{label}：“{found.text}”（{found.kind}）"
        for name, label in SECTION_LABELS.items()
        for found in find_placeholders(getattr(report, name))
    ]


def report_unfinished(*, agency, year: int) -> list[str]:
    """What is not done yet, listed before publishing (issue 12 §2): sections never written
    and, for an agency, the figures from other systems not entered. Publishing with them is a
    choice the office confirms; placeholders and failed checks are refused outright."""
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    unfinished = [
        f"{label}尚未填写"
        for name, label in SECTION_LABELS.items()
        if report is None or not re.sub(r"<[^>]*>|\s", "", getattr(report, name))
    ]
    if (
        agency is not None
        and not OtherSystemFigures.objects.filter(agency=agency, year=year).exists()
    ):
        unfinished.append("表二中来自其他系统的数据（行政许可、处罚、强制和收费）尚未录入")
    return unfinished


def report_publish(
    *,
    agency,
    year: int,
    actor,
    published_on: date | None = None,
    correction_note: str = "",
) -> AnnualReport:
    """Publish: refused while any check fails or a placeholder is left; freezes the figures
    as published. Publishing a report being corrected (发布更正) needs a correction note,
    keeps the version it replaces, and numbers the new one."""
    _check(actor, agency)
    published_on = published_on or timezone.localdate()
    if published_on.year <= year:
        raise ReportError(f"{year}年度报告应在该年度结束后发布")
    data = report_data(agency=agency, year=year)
    if data["checks"]:
        raise ReportError("数据校验未通过，不能发布：" + "；".join(data["checks"]))
    with transaction.atomic():
        report = report_get_or_create(agency=agency, year=year)
        if report.status == AnnualReport.Status.PUBLISHED:
            raise ReportError("该年度报告已发布")
        placeholders = report_placeholders(report)
        if placeholders:
            raise ReportError("正文中还有未填写的占位内容，不能发布：" + "；".join(placeholders))
        correcting = report.status == AnnualReport.Status.CORRECTING
        note = correction_note.strip()
        if correcting and not note:
            raise ReportError("发布更正须写明更正说明（更正了什么、为什么更正）")
        if len(note) > MAX_CORRECTION_NOTE:
            raise ReportError(f"更正说明不能超过 {MAX_CORRECTION_NOTE} 字")
        if correcting:
            if published_on < report.published_on:
                raise ReportError("更正的发布日期不能早于原报告的发布日期")
            AnnualReportVersion.objects.create(
                report=report,
                version=report.version,
                published_on=report.published_on,
                published_figures=report.published_figures,
                published_by=report.published_by,
                correction_note=report.correction_note,
                superseded_on=published_on,
            )
            report.version += 1
            report.correction_note = note
        report.status = AnnualReport.Status.PUBLISHED
        report.published_on = published_on
        report.published_figures = data | {"published_on": published_on.isoformat()}
        if correcting:
            report.published_figures |= {"version": report.version, "correction_note": note}
        report.published_by = actor if getattr(actor, "pk", None) else None
        report.save()
        audit_record(
            actor=actor,
            action="reports.correction_publish" if correcting else "reports.publish",
            target=report,
            after={
                "year": year,
                "published_on": published_on.isoformat(),
                "new": data["applications"]["new"]["total"],
                "version": report.version,
            }
            | ({"correction_note": note} if correcting else {}),
        )
    return report


def report_correction_start(*, agency, year: int, actor) -> AnnualReport:
    """Open a published report for correction (更正). The published version stays on the
    portal until the correction is published with its note."""
    _check(actor, agency)
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
        if report is None or report.status != AnnualReport.Status.PUBLISHED:
            raise ReportError("只有已发布的年度报告可以发起更正")
        report.status = AnnualReport.Status.CORRECTING
        report.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="reports.correction_start",
            target=report,
            after={"year": year, "version": report.version},
        )
    return report


def deadline_for(year: int, *, government: bool) -> date:
    """Art. 49: departments by January 31, the government's report by March 31. Reports for
    2018 and before fell due under the 2007 regulation (Art. 32): every agency by March 31."""
    if year <= LAST_YEAR_UNDER_2007_REGULATION:
        return date(year + 1, 3, 31)
    return date(year + 1, 3, 31) if government else date(year + 1, 1, 31)
