"""The supervising office's desk (/workbench/supervision/): the government's table with
rankings, monthly trends, the records behind every figure, overdue work with a nudge, the
XLSX table, circulars; and the portal's list of published circulars."""

from __future__ import annotations

from datetime import date as date_of
from urllib.parse import quote, urlencode

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import agency_by_code, scope_for
from gongkai.supervision import forms as f
from gongkai.supervision import indicators as ind
from gongkai.supervision import services as s
from gongkai.supervision.charts import bar_chart
from gongkai.supervision.models import Circular, Nudge
from gongkai.supervision.selectors import (
    TRACEABLE,
    desk_figures,
    nudge_subject,
    nudged_subjects,
    nudges_sent,
    period_indicators,
    published_circulars,
    trace,
)
from gongkai.supervision.table import write_xlsx

TRACE_LIMIT = 500


def _supervisor(request) -> None:
    if not scope_for(request.user).has_role(Role.SUPERVISING_OFFICE, Role.ADMIN):
        raise PermissionDenied("只有政府信息公开工作主管部门和管理员可以使用监督考核工作台")


def _query(start, end, **extra) -> str:
    return urlencode({"start": start.isoformat(), "end": end.isoformat(), **extra})


CHART_TITLES = (
    "主动公开信息与超期发布（条）",
    "依申请公开答复（件）",
    "留言答复与超三个月未答复（条）",
)
RANK_COLUMNS = ("catalogue_average", "applications_on_time", "messages_reply_rate")


@login_required
def desk(request):
    _supervisor(request)
    form, start, end = f.period_from(request.GET)
    period, trend, computed_at = desk_figures(start, end, refresh="refresh" in request.GET)
    ranks = period.rankings()
    opened = request.GET.get("open", "")[:40]  # the agency whose departments are shown
    rows = []
    for row in period.agencies:
        i = row.indicators
        rows.append(
            {
                "agency": row.agency,
                "i": i,
                "open": row.agency.code == opened,
                "departments": row.departments if row.agency.code == opened else [],
                "ranks": [
                    (
                        ind.RANKED_BY_KEY[key].value(i),
                        ranks[key][row.agency.code],
                        ind.RANKED_BY_KEY[key].cases(i),
                    )
                    for key in RANK_COLUMNS
                ],
            }
        )
    years = {p.month.year for p in trend}
    labels = [
        f"{p.month.month}月" if len(years) == 1 else f"{p.month.year % 100}.{p.month.month}"
        for p in trend
    ]
    drawn = [
        bar_chart(
            "主动公开信息与超期发布（条）",
            labels,
            [
                ("发布", "s1", [p.published for p in trend]),
                ("超期发布", "s2", [p.late for p in trend]),
            ],
        ),
        bar_chart(
            "依申请公开答复（件）",
            labels,
            [
                ("答复", "s1", [p.replied for p in trend]),
                ("按时答复", "s3", [p.on_time for p in trend]),
            ],
        ),
        bar_chart(
            "留言答复与超三个月未答复（条）",
            labels,
            [
                ("答复", "s1", [p.messages_replied for p in trend]),
                ("月末超三个月未答复", "s2", [p.unanswered_over_3_months for p in trend]),
            ],
        ),
    ]
    # bar_chart escapes every text it draws: its markup is safe to insert.
    charts = [mark_safe(svg) for svg in drawn]  # noqa: S308
    return render(
        request,
        "supervision/desk.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "rows": rows,
            "total": period.total,
            "rank_labels": [ind.RANKED_BY_KEY[key].label for key in RANK_COLUMNS],
            "threshold": ind.RANKING_THRESHOLD,
            "charts": list(zip(CHART_TITLES, charts, strict=True)),
            "query": _query(start, end),
            "computed_at": computed_at,
        },
    )


@login_required
def table_xlsx(request):
    _supervisor(request)
    _form, start, end = f.period_from(request.GET)
    body = write_xlsx(period_indicators(start, end).as_json(), "政府信息公开工作指标")
    name = f"政府信息公开工作指标_{start.isoformat()}_{end.isoformat()}.xlsx"
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def trace_page(request):
    _supervisor(request)
    _form, start, end = f.period_from(request.GET)
    figure = request.GET.get("figure", "")
    if figure not in TRACEABLE:
        raise Http404("没有这项指标")
    agency = None
    code = request.GET.get("agency", "")
    if code:
        agency = agency_by_code(code)
        if agency is None:
            raise Http404("没有这个机关")
    rows = trace(figure, start, end, agency=agency)
    return render(
        request,
        "supervision/trace.html",
        {
            "figure": figure,
            "figure_label": TRACEABLE[figure],
            "agency": agency,
            "start": start,
            "end": end,
            "count": len(rows),
            "rows": rows[:TRACE_LIMIT],
            "limit": TRACE_LIMIT,
            "query": _query(start, end),
            "nudge_kind": _nudge_kind(figure),
            "nudged": nudged_subjects(),
        },
    )


def _nudge_kind(figure: str) -> str:
    return {
        "applications.overdue_open": Nudge.Kind.REQUEST,
        "catalogue.late": Nudge.Kind.ITEM,
        "messages.unanswered_over_3_months": Nudge.Kind.MESSAGE,
    }.get(figure, "")


OVERDUE_LISTS = (
    ("applications.overdue_open", "逾期未答复的申请"),
    ("catalogue.late", "超期发布的信息"),
    ("messages.unanswered_over_3_months", "超三个月未答复的留言"),
)


@login_required
def overdue(request):
    _supervisor(request)
    form, start, end = f.period_from(request.GET)
    lists = [
        {
            "figure": figure,
            "title": title,
            "rows": trace(figure, start, end),
            "kind": _nudge_kind(figure),
        }
        for figure, title in OVERDUE_LISTS
    ]
    return render(
        request,
        "supervision/overdue.html",
        {
            "form": form,
            "start": start,
            "end": end,
            "lists": lists,
            "nudged": nudged_subjects(),
            "sent": nudges_sent(),
            "query": _query(start, end),
        },
    )


@login_required
@require_POST
def nudge_new(request):
    _supervisor(request)
    form = f.NudgeForm(request.POST)
    back = request.POST.get("next", "")
    if not back.startswith("/workbench/supervision/"):
        back = reverse("supervision:overdue")
    if not form.is_valid():
        flash.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect(back)
    kind, pk = form.cleaned_data["kind"], form.cleaned_data["subject_id"]
    subject = nudge_subject(kind, pk)
    if subject is None:
        flash.error(request, "督办的事项不存在")
        return redirect(back)
    agency, label = subject
    try:
        s.nudge_send(
            actor=request.user,
            agency=agency,
            kind=kind,
            subject_id=pk,
            subject_label=label,
            note=form.cleaned_data["note"],
        )
    except s.SupervisionError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, f"已向{agency.short_name or agency.name}公开办发出督办提醒：{label}")
    return redirect(back)


@login_required
def nudge_page(request, pk):
    nudge = get_object_or_404(Nudge.objects.select_related("agency", "sent_by"), pk=pk)
    scope = scope_for(request.user)
    if not (scope.whole_government or nudge.agency_id in scope.agency_ids):
        raise PermissionDenied("您无权查看这条督办提醒")
    can_acknowledge = (
        nudge.acknowledged_at is None
        and scope.has_role(Role.DISCLOSURE_OFFICE)
        and nudge.agency_id in scope.agency_ids
    )
    return render(
        request,
        "supervision/nudge.html",
        {"nudge": nudge, "can_acknowledge": can_acknowledge, "link": _subject_link(nudge)},
    )


def _subject_link(nudge: Nudge) -> str:
    if nudge.kind == Nudge.Kind.REQUEST:
        return reverse("info_requests:case", args=[nudge.subject_id])
    if nudge.kind == Nudge.Kind.MESSAGE:
        return reverse("interaction:message", args=[nudge.subject_id])
    return reverse("catalogue:item", args=[nudge.subject_id])


@login_required
@require_POST
def nudge_acknowledge(request, pk):
    nudge = get_object_or_404(Nudge, pk=pk)
    try:
        s.nudge_acknowledge(actor=request.user, nudge=nudge)
    except s.SupervisionError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "已确认知悉督办提醒")
    return redirect("supervision:nudge", pk=pk)


# -- circulars -------------------------------------------------------------------------------


@login_required
def circulars(request):
    _supervisor(request)
    form = f.CircularNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            circular = s.circular_draft(
                actor=request.user, start=form.cleaned_data["start"], end=form.cleaned_data["end"]
            )
        except s.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            flash.success(request, "已根据指标起草通报，请修改后印发")
            return redirect("supervision:circular", pk=circular.pk)
    if request.method != "POST":
        today = timezone.localdate()
        form = f.CircularNewForm(initial={"start": f.default_period(today)[0], "end": today})
    return render(
        request,
        "supervision/circulars.html",
        {"form": form, "circulars": Circular.objects.select_related("created_by")[:100]},
    )


@login_required
def circular_page(request, pk):
    _supervisor(request)
    circular = get_object_or_404(Circular, pk=pk)
    draft = circular.status == Circular.Status.DRAFT
    edit = f.CircularEditForm(
        request.POST if request.method == "POST" and draft else None,
        initial={"title": circular.title, "body": circular.body, "recipients": circular.recipients},
    )
    if request.method == "POST":
        if not draft:
            flash.error(request, "通报已印发，不能再修改")
            return redirect("supervision:circular", pk=pk)
        if edit.is_valid():
            try:
                s.circular_update(actor=request.user, circular=circular, **edit.cleaned_data)
            except s.SupervisionError as error:
                edit.add_error(None, str(error))
            else:
                flash.success(request, "通报已保存")
                return redirect("supervision:circular", pk=pk)
    issue = f.CircularIssueForm(initial={"issued_on": timezone.localdate()})
    from gongkai.supervision.circulars import paragraphs

    return render(
        request,
        "supervision/circular.html",
        {
            "circular": circular,
            "draft": draft,
            "edit": edit,
            "issue": issue,
            "paragraphs": paragraphs(circular.body),
        },
    )


@login_required
@require_POST
def circular_issue(request, pk):
    _supervisor(request)
    circular = get_object_or_404(Circular, pk=pk)
    form = f.CircularIssueForm(request.POST)
    if not form.is_valid():
        flash.error(request, "；".join(e for errors in form.errors.values() for e in errors))
        return redirect("supervision:circular", pk=pk)
    try:
        circular = s.circular_issue(
            actor=request.user,
            circular=circular,
            issued_on=form.cleaned_data["issued_on"],
            publish=form.cleaned_data["publish"],
        )
    except s.SupervisionError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, f"通报已印发：{circular.number}")
    return redirect("supervision:circular", pk=pk)


@login_required
@require_POST
def circular_publish(request, pk):
    _supervisor(request)
    circular = get_object_or_404(Circular, pk=pk)
    try:
        s.circular_publish(actor=request.user, circular=circular, on=timezone.localdate())
    except s.SupervisionError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "通报已在门户网站公开")
    return redirect("supervision:circular", pk=pk)


@login_required
@require_POST
def circular_delete(request, pk):
    _supervisor(request)
    circular = get_object_or_404(Circular, pk=pk)
    try:
        s.circular_delete_draft(actor=request.user, circular=circular)
    except s.SupervisionError as error:
        flash.error(request, str(error))
        return redirect("supervision:circular", pk=pk)
    flash.success(request, "通报草稿已删除")
    return redirect("supervision:circulars")


def _download(circular: Circular, fmt: str) -> HttpResponse:
    from gongkai.supervision.circulars import circular_docx

    stem = circular.number or f"通报草稿{circular.pk}"
    if fmt == "docx":
        body = circular_docx(circular)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        body = write_xlsx(circular.figures, circular.title)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(stem + '.' + fmt)}"
    return response


@login_required
def circular_download(request, pk, fmt):
    _supervisor(request)
    if fmt not in ("docx", "xlsx"):
        raise Http404("没有这种格式")
    return _download(get_object_or_404(Circular, pk=pk), fmt)


# -- the portal ------------------------------------------------------------------------------


def public_circulars(request):
    return render(
        request, "supervision/public_list.html", {"circulars": published_circulars()[:200]}
    )


def public_circular(request, pk):
    circular = get_object_or_404(published_circulars(), pk=pk)
    from gongkai.supervision.circulars import paragraphs
    from gongkai.supervision.table import table_rows

    return render(
        request,
        "supervision/public_circular.html",
        {
            "circular": circular,
            "paragraphs": paragraphs(circular.body),
            "table": table_rows(circular.figures),
        },
    )


def public_circular_download(request, pk, fmt):
    if fmt not in ("docx", "xlsx"):
        raise Http404("没有这种格式")
    return _download(get_object_or_404(published_circulars(), pk=pk), fmt)


# -- assessment ------------------------------------------------------------------------------


def _assessment_year(request, today) -> int:
    try:
        year = int(request.GET.get("year", today.year - 1))
    except ValueError:
        year = today.year - 1
    if not 2008 <= year <= today.year + 1:
        year = today.year - 1
    return year


@login_required
def assessment_page(request):
    _supervisor(request)
    from gongkai.supervision.models import AssessmentResult
    from gongkai.supervision.selectors import assessment_scheme, assessment_scores

    today = timezone.localdate()
    year = _assessment_year(request, today)
    if year > today.year:
        year = today.year
    if request.method == "POST":
        try:
            s.assessment_publish(actor=request.user, year=year, on=today)
        except s.SupervisionError as error:
            flash.error(request, str(error))
        else:
            flash.success(request, f"{year} 年度考核结果已公布")
        return redirect(f"{reverse('supervision:assessment')}?year={year}")
    published = AssessmentResult.objects.filter(year=year).first()
    if published is not None:
        results = published.results
        scheme_rows = published.scheme
    else:
        scheme = assessment_scheme(year)
        period, _trend, _at = desk_figures(date_of(year, 1, 1), min(today, date_of(year, 12, 31)))
        results = assessment_scores(period, scheme)
        scheme_rows = s.scheme_for_publication(scheme)
    return render(
        request,
        "supervision/assessment.html",
        {
            "year": year,
            "years": list(range(today.year, today.year - 6, -1)),
            "results": results,
            "published": published,
            "scheme": scheme_rows,
            "can_publish": published is None and year < today.year,
        },
    )


@login_required
def assessment_scheme_page(request):
    """考核方案: the supervising office edits the year's criteria (frozen once published)."""
    _supervisor(request)
    from gongkai.supervision import assessment
    from gongkai.supervision.selectors import assessment_published, assessment_scheme

    today = timezone.localdate()
    year = _assessment_year(request, today)
    frozen = assessment_published(year)
    errors: list[str] = []
    status = 200
    submitted = None
    if request.method == "POST" and request.GET.get("year") != str(year):
        # never save a scheme to a year the office did not name
        errors, status = ["请先选择考核年度"], 400
    elif request.method == "POST" and not frozen:
        rows = [
            {
                name: request.POST.get(f"{name}-{number}", "")[:200]
                for name in ("key", "label", "points", "rule", "per_case", "bands")
            }
            for number in range(len(assessment.INDICATORS))
        ]
        veto_fails = request.POST.get("veto_fails") == "on"
        veto_per_case = request.POST.get("veto_per_case", "0")[:20]
        submitted = {"fails": veto_fails, "per_case": veto_per_case}
        try:
            s.assessment_scheme_save(
                actor=request.user,
                year=year,
                rows=rows,
                veto_fails=veto_fails,
                veto_per_case=veto_per_case,
            )
        except assessment.SchemeError as error:
            errors, status = error.messages, 400
        except s.SupervisionError as error:
            errors, status = [str(error)], 400
        else:
            flash.success(request, f"{year} 年度考核方案已保存")
            return redirect(f"{reverse('supervision:assessment_scheme')}?year={year}")
    elif request.method == "POST":
        errors, status = [f"{year} 年度考核结果已经公布，考核方案不能再修改"], 400
    if submitted is not None:  # refused: show what was typed
        veto = submitted
    else:
        scheme = assessment_scheme(year)
        rows = [
            {**row, "per_case": row["per_case"] if row["rule"] == "deduction" else ""}
            for row in assessment.scheme_as_json(scheme)
        ]
        rows += [
            {"key": "", "label": "", "points": "", "rule": "", "per_case": "", "bands": ""}
            for _ in range(len(assessment.INDICATORS) - len(rows))
        ]
        veto = {"fails": scheme.veto_fails, "per_case": str(scheme.veto_per_case)}
    return render(
        request,
        "supervision/assessment_scheme.html",
        {
            "year": year,
            "years": list(range(today.year + 1, today.year - 6, -1)),
            "rows": [{"number": n, **row} for n, row in enumerate(rows)],
            "indicators": [(k, name) for k, (name, _kind) in assessment.INDICATORS.items()],
            "rules": list(assessment.RULES.items()),
            "veto": veto,
            "errors": errors,
            "frozen": frozen,
        },
        status=status,
    )


def public_assessment(request, year):
    from gongkai.supervision.models import AssessmentResult

    published = get_object_or_404(AssessmentResult, year=year)
    return render(request, "supervision/public_assessment.html", {"published": published})


def public_assessments(request):
    """The portal's list of published yearly assessment results."""
    from gongkai.supervision.models import AssessmentResult

    years = AssessmentResult.objects.order_by("-year").values_list("year", "published_on")
    return render(request, "supervision/public_assessments.html", {"years": years})
