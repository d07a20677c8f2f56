"""Workbench pages of the standard catalogue (标准目录) and the yearly self-check (自查)."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.inspection import selectors as q
from gongkai.inspection import selfcheck_services as checks
from gongkai.inspection.forms import (
    DisclosureMatterForm,
    SelfCheckStartForm,
    StandardUploadForm,
    WithheldDecisionForm,
)
from gongkai.inspection.frequent import THRESHOLD
from gongkai.inspection.models import DisclosureMatter, SelfCheck, WithheldReview
from gongkai.inspection.services import InspectionError
from gongkai.inspection.standard_services import disclosure_matter_save, standards_import
from gongkai.inspection.standards import StandardFileError

FIELDS = tuple(DisclosureMatterForm.base_fields)


@login_required
def standards_page(request):
    if not scope_for(request.user).is_staff_member:
        raise PermissionDenied("您没有查看标准目录的权限")
    area = request.GET.get("area", "")[:50]
    areas = q.standard_areas()
    if area not in areas:
        area = ""
    return render(
        request,
        "inspection/standards.html",
        {
            "areas": areas,
            "area": area,
            "matters": q.disclosure_matters(area),
            "may_edit": q.may_run(request.user),
        },
    )


@login_required
def standard_edit(request, pk: int | None = None):
    if not q.may_run(request.user):
        raise PermissionDenied("只有政府信息公开主管部门或管理员可以编辑标准目录")
    matter = DisclosureMatter() if pk is None else DisclosureMatter.objects.filter(pk=pk).first()
    if matter is None:
        raise Http404("没有这个事项")
    initial = {name: getattr(matter, name) for name in FIELDS} if matter.pk else None
    form = DisclosureMatterForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            disclosure_matter_save(matter=matter, actor=request.user, **form.cleaned_data)
        except InspectionError as error:
            form.add_error(None, str(error))
        else:
            flash.success(request, "已保存")
            return redirect("inspection:standards")
    return render(
        request,
        "inspection/standard_edit.html",
        {"form": form, "matter": matter},
        status=400 if form.errors else 200,
    )


@login_required
def standards_import_page(request):
    if not q.may_run(request.user):
        raise PermissionDenied("只有政府信息公开主管部门或管理员可以导入标准目录")
    form = StandardUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = standards_import(data=upload.read(), filename=upload.name, actor=request.user)
        except StandardFileError as error:
            problems = str(error).splitlines()
        else:
            flash.success(request, f"已导入：新增 {result.created} 项，更新 {result.updated} 项")
            return redirect("inspection:standards")
    return render(
        request,
        "inspection/standards_import.html",
        {"form": form, "problems": problems},
        status=400 if problems or (form.is_bound and form.errors) else 200,
    )


def _office_agencies(user) -> list[Agency]:
    scope = scope_for(user)
    if scope.has_role(Role.ADMIN):
        return list(Agency.objects.filter(is_active=True))
    if scope.has_role(Role.DISCLOSURE_OFFICE):
        return list(Agency.objects.filter(pk__in=scope.agency_ids))
    return []


@login_required
def selfchecks_page(request):
    if not scope_for(request.user).is_staff_member:
        raise PermissionDenied("您没有查看年度自查的权限")
    agencies = _office_agencies(request.user)
    form = None
    if agencies:
        form = SelfCheckStartForm(
            request.POST or None,
            agencies=agencies,
            initial={"year": timezone.localdate().year},
        )
        if request.method == "POST" and form.is_valid():
            agency = next(a for a in agencies if str(a.pk) == form.cleaned_data["agency"])
            try:
                check = checks.selfcheck_start(
                    agency=agency, year=form.cleaned_data["year"], actor=request.user
                )
            except InspectionError as error:
                form.add_error(None, str(error))
            else:
                return redirect("inspection:selfcheck", pk=check.pk)
    return render(
        request,
        "inspection/selfchecks.html",
        {"checks": q.selfchecks_visible_to(request.user), "form": form},
        status=400 if form is not None and form.errors else 200,
    )


def _check(user, pk: int) -> SelfCheck:
    check = q.selfchecks_visible_to(user).filter(pk=pk).first()
    if check is None:
        raise Http404("没有这次自查，或您无权查看")
    return check


@login_required
def selfcheck_page(request, pk: int):
    check = _check(request.user, pk)
    groups, numbers, received = q.frequent_groups(check)
    may_act = check.agency in _office_agencies(request.user) and check.finished_on is None
    return render(
        request,
        "inspection/selfcheck.html",
        {
            "check": check,
            "reviews": check.reviews.select_related("item", "decided_by", "draft"),
            "groups": [
                (group, proposal, [(c, numbers[c.id], received[c.id]) for c in group.cases])
                for group, proposal in groups
            ],
            "may_act": may_act,
            "threshold": round(THRESHOLD * 100),
        },
    )


@login_required
@require_POST
def withheld_decide(request, pk: int, review_pk: int):
    check = _check(request.user, pk)
    review = WithheldReview.objects.filter(self_check=check, pk=review_pk).first()
    if review is None:
        raise Http404("没有这个条目")
    form = WithheldDecisionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            flash.error(request, "；".join(errors))
        return redirect("inspection:selfcheck", pk=pk)
    try:
        checks.withheld_decide(review=review, actor=request.user, **form.cleaned_data)
    except InspectionError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "已记录审查结论")
    return redirect("inspection:selfcheck", pk=pk)


@login_required
@require_POST
def frequent_propose(request, pk: int, signature: str):
    check = _check(request.user, pk)
    groups, numbers, _ = q.frequent_groups(check)
    group = next((g for g, _ in groups if g.signature == signature), None)
    if group is None:
        raise Http404("没有这组申请")
    try:
        proposal = checks.frequent_propose(
            check=check, group=group, numbers=numbers, actor=request.user
        )
    except InspectionError as error:
        flash.error(request, str(error))
        return redirect("inspection:selfcheck", pk=pk)
    flash.success(request, "已在公开目录中生成草稿，请补充内容后送审")
    return redirect("catalogue:item", pk=proposal.item_id)


@login_required
@require_POST
def selfcheck_finish(request, pk: int):
    check = _check(request.user, pk)
    try:
        checks.selfcheck_finish(check=check, actor=request.user)
    except InspectionError as error:
        flash.error(request, str(error))
    else:
        flash.success(request, "年度自查已完成")
    return redirect("inspection:selfcheck", pk=pk)
