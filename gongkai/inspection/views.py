"""Workbench pages of the site inspection: the findings (单项否决 apart, at the top), the
run-now button and a run's progress."""

from __future__ import annotations

import re

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency
from gongkai.accounts.selectors import scope_for
from gongkai.inspection import selectors as q
from gongkai.inspection import services as s
from gongkai.inspection.forms import FindingFilterForm, RunForm
from gongkai.inspection.models import InspectionRun

PAGE_SIZE = 50
REFRESH_SECONDS = 3


def _agencies(user):
    scope = scope_for(user)
    agencies = Agency.objects.filter(is_active=True).order_by("sort_order", "code")
    if scope.whole_government:
        return list(agencies)
    return list(agencies.filter(pk__in=scope.agency_ids | scope.member_agency_ids))


@login_required
def findings_page(request):
    if not q.may_see_findings(request.user):
        raise PermissionDenied("您没有查看网站检查结果的权限")
    agencies = _agencies(request.user)
    form = FindingFilterForm(request.GET or None, agencies=agencies)
    findings = q.findings_visible_to(request.user)
    status = "open"
    if form.is_valid():
        data = form.cleaned_data
        status = data["status"] or "open"
        if data["agency"] == "portal":
            findings = findings.filter(agency__isnull=True)
        elif data["agency"]:
            findings = findings.filter(agency_id=int(data["agency"]))
        if data["rule"]:
            findings = findings.filter(rule=data["rule"])
    if status == "open":
        findings = findings.filter(closed_on__isnull=True)
    elif status == "closed":
        findings = findings.filter(closed_on__isnull=False)
    findings = findings.order_by("closed_on", "-found_on", "agency__sort_order", "rule", "pk")
    vetoes = list(findings.filter(veto=True)[:PAGE_SIZE])
    page = Paginator(findings.filter(veto=False), PAGE_SIZE).get_page(request.GET.get("page"))
    _links_the_user_may_open(request.user, [*vetoes, *page.object_list])
    query = request.GET.copy()
    query.pop("page", None)
    may_run = q.may_run(request.user)
    return render(
        request,
        "inspection/findings.html",
        {
            "form": form,
            "vetoes": vetoes,
            "page": page,
            "query": query.urlencode(),
            "may_run": may_run,
            "run_form": RunForm(agencies=agencies) if may_run else None,
            "running": q.run_in_progress(),
            "runs": q.latest_runs() if may_run else [],
        },
    )


MESSAGE_PAGE = re.compile(r"^/workbench/messages/(\d+)/$")


def _links_the_user_may_open(user, findings) -> None:
    """Each finding's `link`: its page, except a message's workbench page the user may not
    open (a department's clerk sees the agency's findings, not every message of it) — the
    page is then named without a link that would end on 页面不存在."""
    from gongkai.interaction.selectors import messages_visible_to

    wanted = {
        int(match.group(1)) for f in findings if (match := MESSAGE_PAGE.match(f.page_url or ""))
    }
    visible = (
        set(messages_visible_to(user).filter(pk__in=wanted).values_list("pk", flat=True))
        if wanted
        else set()
    )
    for f in findings:
        match = MESSAGE_PAGE.match(f.page_url or "")
        f.link = "" if match and int(match.group(1)) not in visible else f.page_url


@login_required
@require_POST
def run_start(request):
    if not q.may_run(request.user):
        raise PermissionDenied("只有政府信息公开主管部门或管理员可以发起网站检查")
    form = RunForm(request.POST, agencies=_agencies(request.user))
    if not form.is_valid():
        flash.error(request, "请选择检查范围")
        return redirect("inspection:findings")
    agency = None
    if form.cleaned_data["agency"]:
        agency = Agency.objects.get(pk=int(form.cleaned_data["agency"]))
    try:
        run = s.inspection_run_start(actor=request.user, agency=agency)
    except s.InspectionError as error:
        flash.error(request, str(error))
        return redirect("inspection:findings")
    return redirect("inspection:run", pk=run.pk)


@login_required
def run_page(request, pk: int):
    if not q.may_run(request.user):
        raise PermissionDenied("只有政府信息公开主管部门或管理员可以查看检查任务")
    run = InspectionRun.objects.select_related("agency", "actor").filter(pk=pk).first()
    if run is None:
        raise Http404("没有这个检查任务")
    response = render(request, "inspection/run.html", {"run": run, "refresh": REFRESH_SECONDS})
    if not run.finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
