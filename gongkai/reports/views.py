"""Workbench pages for annual reports, and the public list of published reports."""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.core.forms import Form
from gongkai.reports import narrative
from gongkai.reports import services as s
from gongkai.reports.models import (
    PUBLIC_STATUSES,
    AnnualReport,
    AnnualReportVersion,
    OtherSystemFigures,
)
from gongkai.reports.selectors import reports_published

GOVERNMENT = "government"
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _section_field(label: str, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": rows, "class": "rich-text"}),
        required=False,
        max_length=s.MAX_SECTION,
        error_messages={"max_length": f"每节不超过 {s.MAX_SECTION} 个字符"},
    )


class SectionsForm(Form):
    """The three narrative sections. With JavaScript the rich-text editor (static
    reports/editor.js) posts its HTML and sets `format` to "html"; without it the textarea
    holds plain text, turned into paragraphs and lists. Either way the service sanitises."""

    overview = _section_field("一、总体情况", 8)
    problems = _section_field("五、存在的主要问题及改进情况", 6)
    other_matters = _section_field("六、其他需要报告的事项", 6)
    format = forms.CharField(widget=forms.HiddenInput, required=False, initial="text")

    def __init__(self, *args, html: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        for name, value in (html or {}).items():
            self.fields[name].widget.attrs["data-html"] = value

    def sections(self) -> dict[str, str]:
        data = self.cleaned_data
        as_html = data.get("format") == "html"
        return {
            name: data[name] if as_html else narrative.plain_to_html(data[name])
            for name in ("overview", "problems", "other_matters")
        }


class ConfirmForm(Form):
    confirmed = forms.BooleanField(
        label="我已核对报告内容和上述未完成事项，确认发布",
        error_messages={"required": "请勾选确认后再发布"},
    )
    correction_note = forms.CharField(
        label="更正说明（更正了什么、为什么更正；将随报告公开）",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=s.MAX_CORRECTION_NOTE,
        error_messages={"max_length": f"更正说明不能超过 {s.MAX_CORRECTION_NOTE} 字"},
    )


class OtherFiguresForm(Form):
    licensing = forms.IntegerField(label="行政许可本年处理决定数量", min_value=0)
    penalties = forms.IntegerField(label="行政处罚本年处理决定数量", min_value=0)
    enforcement = forms.IntegerField(label="行政强制本年处理决定数量", min_value=0)
    fee_income_yuan = forms.DecimalField(
        label="行政事业性收费本年收费金额（元）", min_value=0, decimal_places=2, max_digits=14
    )
    source = forms.CharField(label="数据来源", max_length=200)


def _subject(user, who: str):
    """The agency (or None for the government) a person may write the report for."""
    scope = scope_for(user)
    if who == GOVERNMENT:
        if not scope.has_role(Role.SUPERVISING_OFFICE, Role.ADMIN):
            raise PermissionDenied("只有主管部门可以编写本级政府年度报告")
        return None
    agency = get_object_or_404(Agency, code=who)
    if not (
        scope.has_role(Role.ADMIN)
        or scope.has_role(Role.SUPERVISING_OFFICE)
        or agency.pk in scope.agency_ids
    ):
        raise Http404("没有该机关，或您无权查看")
    return agency


@login_required
def report_list(request):
    scope = scope_for(request.user)
    year = timezone.localdate().year - 1
    if scope.whole_government:
        agencies = list(Agency.objects.filter(is_active=True))
    else:
        agencies = list(Agency.objects.filter(pk__in=scope.agency_ids))
    published = {(r.agency_id, r.year): r for r in AnnualReport.objects.filter(year=year)}
    rows = [
        {
            "agency": a,
            "report": published.get((a.pk, year)),
            "deadline": s.deadline_for(year, government=False),
        }
        for a in agencies
    ]
    government = None
    if scope.has_role(Role.SUPERVISING_OFFICE, Role.ADMIN):
        government = {
            "report": published.get((None, year)),
            "deadline": s.deadline_for(year, government=True),
        }
    return render(
        request,
        "reports/list.html",
        {"rows": rows, "year": year, "government": government, "today": timezone.localdate()},
    )


def _assessment_paragraph(agency, year: int) -> str:
    """For the government's report, the supervising office's published assessment of the year
    (政务公开工作考核结果情况, section 六), as a paragraph to start from."""
    if agency is not None:
        return ""
    from gongkai.supervision.selectors import assessment_report_sentence

    sentence = assessment_report_sentence(year)
    return f"<p>{escape(sentence)}</p>" if sentence else ""


@login_required
def report_edit(request, who: str, year: int):
    agency = _subject(request.user, who)
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    data = s.report_data(agency=agency, year=year)
    html = {
        "overview": (report and report.overview) or narrative.suggested_overview(data),
        "problems": (report and report.problems) or narrative.suggested_problems(data),
        "other_matters": (report and report.other_matters)
        or _assessment_paragraph(agency, year) + narrative.suggested_other_matters(data),
    }
    initial = {name: narrative.html_to_plain(value) for name, value in html.items()}
    sections = SectionsForm(request.POST or None, initial=initial, prefix="sections", html=html)
    figures_row = OtherSystemFigures.objects.filter(agency=agency, year=year).first()
    other = OtherFiguresForm(
        request.POST or None,
        prefix="other",
        initial={
            "licensing": getattr(figures_row, "licensing", 0),
            "penalties": getattr(figures_row, "penalties", 0),
            "enforcement": getattr(figures_row, "enforcement", 0),
            "fee_income_yuan": getattr(figures_row, "fee_income_yuan", 0),
            "source": getattr(figures_row, "source", ""),
        },
    )
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "sections" and sections.is_valid():
                s.report_save_sections(
                    agency=agency, year=year, actor=request.user, **sections.sections()
                )
                messages.success(request, "章节已保存")
                return redirect("reports:edit", who=who, year=year)
            if action == "other" and agency is not None and other.is_valid():
                s.other_figures_save(
                    agency=agency, year=year, actor=request.user, **other.cleaned_data
                )
                messages.success(request, "其他系统数据已保存")
                return redirect("reports:edit", who=who, year=year)
            if action == "correct":
                s.report_correction_start(agency=agency, year=year, actor=request.user)
                messages.success(request, "已发起更正：修改后请“发布更正”；门户网站仍显示原报告")
                return redirect("reports:edit", who=who, year=year)
        except s.PermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except s.ReportError as exc:
            error = str(exc)
    return render(
        request,
        "reports/edit.html",
        {
            "who": who,
            "year": year,
            "agency": agency,
            "report": report,
            "data": data,
            "sections": sections,
            "other": other,
            "error": error,
            "deadline": s.deadline_for(year, government=agency is None),
            "today": timezone.localdate(),
        },
        status=400 if error or sections.errors or other.errors else 200,
    )


@login_required
def report_publish_confirm(request, who: str, year: int):
    """Publishing asks first: the checks and placeholders that refuse it, what is unfinished,
    and for a correction its note (issue 12 §2)."""
    agency = _subject(request.user, who)
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    if report is not None and report.status == AnnualReport.Status.PUBLISHED:
        messages.info(request, "该年度报告已发布")
        return redirect("reports:edit", who=who, year=year)
    data = s.report_data(agency=agency, year=year)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    error = None
    if request.method == "POST" and form.is_valid():
        try:
            s.report_publish(
                agency=agency,
                year=year,
                actor=request.user,
                correction_note=form.cleaned_data["correction_note"],
            )
        except s.PermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except s.ReportError as exc:
            error = str(exc)
        else:
            done = "更正已发布" if report and report.status == "correcting" else "年度报告已发布"
            messages.success(request, done)
            return redirect("reports:edit", who=who, year=year)
    return render(
        request,
        "reports/confirm.html",
        {
            "who": who,
            "year": year,
            "agency": agency,
            "report": report,
            "checks": data["checks"],
            "placeholders": s.report_placeholders(report),
            "unfinished": s.report_unfinished(agency=agency, year=year),
            "correcting": report is not None and report.status == "correcting",
            "form": form,
            "error": error,
        },
        status=400 if error or form.errors else 200,
    )


@login_required
def report_document(request, who: str, year: int, fmt: str):
    agency = _subject(request.user, who)
    return _document(request, s.report_data(agency=agency, year=year), fmt, agency, year)


def _document(request, data: dict, fmt: str, agency, year: int) -> HttpResponse:
    from gongkai.reports.documents import render as render_document

    if fmt not in ("html", "pdf", "docx"):
        raise Http404("格式无效")
    nonce = str(request.csp_nonce) if fmt == "html" and hasattr(request, "csp_nonce") else ""
    body = render_document(data, fmt, agency=agency, style_nonce=nonce)
    if fmt == "html":
        return HttpResponse(body, content_type="text/html; charset=utf-8")
    response = HttpResponse(body, content_type=MIME[fmt])
    name = f"{agency.name if agency else '本级政府'}{year}年政府信息公开工作年度报告.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# -- public -------------------------------------------------------------------------------


def public_list(request):
    return render(request, "reports/public_list.html", {"reports": reports_published()})


def public_document(request, pk: int, fmt: str):
    report = get_object_or_404(AnnualReport, pk=pk, status__in=PUBLIC_STATUSES)
    return _document(request, report.published_figures, fmt, report.agency, report.year)


def public_history(request, pk: int):
    """A corrected report's versions: the current one and each one a correction replaced."""
    report = get_object_or_404(
        AnnualReport.objects.select_related("agency"), pk=pk, status__in=PUBLIC_STATUSES
    )
    return render(
        request,
        "reports/public_history.html",
        {"report": report, "versions": report.versions.order_by("-version")},
    )


def public_version_document(request, pk: int, version: int, fmt: str):
    old = get_object_or_404(
        AnnualReportVersion.objects.select_related("report__agency"),
        report_id=pk,
        version=version,
        report__status__in=PUBLIC_STATUSES,
    )
    return _document(request, old.published_figures, fmt, old.report.agency, old.report.year)
