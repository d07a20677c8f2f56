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

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.core.forms import Form
from gongkai.reports import narrative
from gongkai.reports import services as s
from gongkai.reports.models import AnnualReport, OtherSystemFigures

GOVERNMENT = "government"
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class SectionsForm(Form):
    overview = forms.CharField(
        label="一、总体情况", widget=forms.Textarea(attrs={"rows": 8}), required=False
    )
    problems = forms.CharField(
        label="五、存在的主要问题及改进情况",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    other_matters = forms.CharField(
        label="六、其他需要报告的事项", widget=forms.Textarea(attrs={"rows": 6}), required=False
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
        request, "reports/list.html", {"rows": rows, "year": year, "government": government}
    )


@login_required
def report_edit(request, who: str, year: int):
    agency = _subject(request.user, who)
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    data = s.report_data(agency=agency, year=year)
    initial = {
        "overview": (report and report.overview) or narrative.suggested_overview(data),
        "problems": (report and report.problems) or narrative.suggested_problems(data),
        "other_matters": (report and report.other_matters)
        or narrative.suggested_other_matters(data),
    }
    sections = SectionsForm(request.POST or None, initial=initial, prefix="sections")
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
                    agency=agency, year=year, actor=request.user, **sections.cleaned_data
                )
                messages.success(request, "章节已保存")
                return redirect("reports:edit", who=who, year=year)
            if action == "other" and agency is not None and other.is_valid():
                s.other_figures_save(
                    agency=agency, year=year, actor=request.user, **other.cleaned_data
                )
                messages.success(request, "其他系统数据已保存")
                return redirect("reports:edit", who=who, year=year)
            if action == "publish":
                s.report_publish(agency=agency, year=year, actor=request.user)
                messages.success(request, "年度报告已发布")
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
        },
        status=400 if error or sections.errors or other.errors else 200,
    )


@login_required
def report_document(request, who: str, year: int, fmt: str):
    agency = _subject(request.user, who)
    return _document(s.report_data(agency=agency, year=year), fmt, agency, year)


def _document(data: dict, fmt: str, agency, year: int) -> HttpResponse:
    from gongkai.reports.documents import render as render_document

    if fmt not in ("html", "pdf", "docx"):
        raise Http404("格式无效")
    body = render_document(data, fmt, agency=agency)
    if fmt == "html":
        return HttpResponse(body, content_type="text/html; charset=utf-8")
    response = HttpResponse(body, content_type=MIME[fmt])
    name = f"{agency.name if agency else '本级政府'}{year}年政府信息公开工作年度报告.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


# -- public -------------------------------------------------------------------------------


def public_list(request):
    reports = (
        AnnualReport.objects.filter(status=AnnualReport.Status.PUBLISHED)
        .select_related("agency")
        .order_by("-year", "agency__sort_order")
    )
    return render(request, "reports/public_list.html", {"reports": reports})


def public_document(request, pk: int, fmt: str):
    report = get_object_or_404(AnnualReport, pk=pk, status=AnnualReport.Status.PUBLISHED)
    return _document(report.published_figures, fmt, report.agency, report.year)
