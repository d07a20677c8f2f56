"""Workbench pages for the catalogue: drafting, review with the privacy guard, approval."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.catalogue import attachments as attachment_files
from gongkai.catalogue import forms as f
from gongkai.catalogue import services as s
from gongkai.catalogue.catalogue_file import CATALOGUE_COLUMNS
from gongkai.catalogue.catalogue_file import MAX_BYTES as CATALOGUE_MAX_BYTES
from gongkai.catalogue.models import Attachment, Item, PrivacyFinding
from gongkai.catalogue.privacy import KIND_LABELS
from gongkai.catalogue.selectors import (
    amending_candidates,
    items_visible_to,
    review_queue,
    timeliness,
    working_days_to_publish,
)
from gongkai.catalogue.tasks import catalogue_import_task
from gongkai.core.models import ImportJob
from gongkai.core.selectors import import_agencies
from gongkai.core.views import import_job_page, import_upload_page
from gongkai.workdays.selectors import get_calendar

FIELDS = (
    "title",
    "doc_number",
    "written_on",
    "statutory_category",
    "genre",
    "subject",
    "keywords",
    "summary",
    "body",
    "attribute",
    "withheld_reason",
    "is_policy",
    "interprets",
    "disclosure_matter",
)


def _drafting_place(user):
    """(agency, department) a person drafts for: a clerk's department, else their agency."""
    scope = scope_for(user)
    from gongkai.accounts.models import Department

    department = (
        Department.objects.filter(pk__in=scope.department_ids).select_related("agency").first()
    )
    if department is not None:
        return department.agency, department
    agency = Agency.objects.filter(pk__in=scope.agency_ids).first()
    if agency is None and scope.has_role(Role.ADMIN):
        agency = Agency.objects.filter(is_active=True).first()
    return agency, None


@login_required
def item_list(request):
    items = items_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Item.Status.values:
        items = items.filter(status=status)
    page = Paginator(items.order_by("-updated_at"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Item.Status.choices,
            "timeliness": timeliness(items_visible_to(request.user)),
            "can_draft": _drafting_place(request.user)[0] is not None,
            "can_import": bool(import_agencies(request.user)),
        },
    )


@login_required
def item_new(request):
    agency, department = _drafting_place(request.user)
    if agency is None:
        raise PermissionDenied("您的角色不能起草公开条目")
    form = f.ItemForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in FIELDS}
        try:
            item = s.item_create(agency=agency, department=department, actor=request.user, **data)
        except s.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "草稿已保存")
            return redirect("catalogue:item", pk=item.pk)
    return render(
        request,
        "catalogue/edit.html",
        {"form": form, "agency": agency},
        status=400 if form.errors else 200,
    )


def _visible(user, pk: int) -> Item:
    item = items_visible_to(user).filter(pk=pk).first()
    if item is None:
        raise Http404("没有这个条目，或您无权查看")
    return item


@login_required
def item_edit(request, pk: int):
    item = _visible(request.user, pk)
    initial = {k: getattr(item, k) for k in FIELDS}
    form = f.ItemForm(request.POST or None, initial=initial, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        try:
            s.item_update(
                item=item, actor=request.user, **{k: form.cleaned_data[k] for k in FIELDS}
            )
        except s.PermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except s.CatalogueError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "已保存")
            return redirect("catalogue:item", pk=pk)
    return render(
        request,
        "catalogue/edit.html",
        {"form": form, "item": item, "agency": item.agency},
        status=400 if form.errors else 200,
    )


@login_required
def item_page(request, pk: int, errors: dict | None = None):
    item = _visible(request.user, pk)
    scope = scope_for(request.user)
    reviewer = scope.has_role(Role.REVIEWER, Role.ADMIN)
    days = working_days_to_publish(item, get_calendar()) if item.published_on else None
    return render(
        request,
        "catalogue/item.html",
        {
            "item": item,
            "reviewer": reviewer,
            "days_to_publish": days,
            "findings": item.findings.select_related("attachment"),
            "open_findings": item.findings.filter(
                resolution=PrivacyFinding.Resolution.OPEN
            ).count(),
            # Open findings per kind, for "keep all of this kind" (label, kind, count).
            "open_kinds": [
                (KIND_LABELS.get(kind, kind), kind, n)
                for kind, n in item.findings.filter(resolution=PrivacyFinding.Resolution.OPEN)
                .order_by("kind")
                .values_list("kind")
                .annotate(n=Count("pk"))
            ],
            "attachment_form": f.AttachmentForm(),
            "review_form": f.ReviewForm(),
            "validity_form": f.ValidityForm(item=item),
            # The amending/repealing item is picked from a short search result, not a list
            # of every item (GET step without JavaScript; picker.js fetches the same list).
            "by_q": request.GET.get("by_q", "")[:100],
            "by_candidates": amending_candidates(item=item, query=request.GET.get("by_q", ""))
            if item.status == Item.Status.PUBLISHED
            else [],
            "withdraw_form": f.WithdrawForm(),
            "errors": errors or {},
            "reviews": [
                r
                for w in item.workflows.prefetch_related("reviews__reviewer")
                for r in w.reviews.all()
            ],
        },
        status=400 if errors else 200,
    )


def _run(request, pk, label, fn):
    item = _visible(request.user, pk)
    try:
        fn(item)
    except s.PermissionDenied as error:
        raise PermissionDenied(str(error)) from None
    except s.CatalogueError as error:
        return item_page(request, pk, errors={"action": f"{label}：{error}"})
    messages.success(request, f"{label}：已完成")
    return redirect("catalogue:item", pk=pk)


def _attachment_of(item: Item, attachment_id: str) -> Attachment:
    attachment = (
        item.attachments.filter(pk=attachment_id).first() if attachment_id.isdigit() else None
    )
    if attachment is None:
        raise Http404("没有这个附件")
    attachment.item = item
    return attachment


@login_required
@require_POST
def item_action(request, pk: int, action: str):
    user = request.user
    post = request.POST
    note = post.get("note", "")
    handlers = {
        "submit": ("送审", lambda item: s.item_submit(item=item, actor=user)),
        "secrecy_pass": (
            "保密审查通过",
            lambda item: s.item_secrecy_review(item=item, actor=user, passed=True, note=note),
        ),
        "secrecy_return": (
            "退回修改",
            lambda item: s.item_secrecy_review(item=item, actor=user, passed=False, note=note),
        ),
        "approve": ("审批发布", lambda item: s.item_approve(item=item, actor=user, note=note)),
        "approval_return": (
            "退回修改",
            lambda item: s.item_return(item=item, actor=user, note=note),
        ),
        "mask_all": ("全部去标识化", lambda item: s.findings_mask_all(item=item, actor=user)),
        "justify_all": (
            "全部依法保留",
            lambda item: s.findings_justify_all(
                item=item, actor=user, kind=post.get("kind", ""), reason=post.get("reason", "")
            ),
        ),
        "withdraw": (
            "撤回",
            lambda item: s.item_withdraw(item=item, actor=user, reason=post.get("reason", "")),
        ),
    }
    if action == "attach":
        form = f.AttachmentForm(post, request.FILES)
        if not form.is_valid():
            return item_page(request, pk, errors={"action": "请选择要上传的附件"})
        upload = form.cleaned_data["file"]
        if upload.size > attachment_files.MAX_BYTES:  # refused before a byte is read
            _visible(user, pk)
            too_large = attachment_files.too_large(upload.name, upload.size)
            return item_page(request, pk, errors={"action": f"上传附件：{too_large}"})
        return _run(
            request,
            pk,
            "上传附件",
            lambda item: s.attachment_add(
                item=item, actor=user, data=upload.read(), name=upload.name
            ),
        )
    if action == "detach":
        return _run(
            request,
            pk,
            "删除附件",
            lambda item: s.attachment_remove(
                attachment=_attachment_of(item, post.get("attachment", "")), actor=user
            ),
        )
    if action == "validity":
        item = _visible(user, pk)
        form = f.ValidityForm(post, item=item)
        if not form.is_valid():
            return item_page(request, pk, errors={"action": "请填写有效性和变更日期"})
        return _run(
            request,
            pk,
            "变更有效性",
            lambda item: s.item_change_validity(
                item=item,
                actor=user,
                validity=form.cleaned_data["validity"],
                on=form.cleaned_data["on"],
                by=form.cleaned_data["by"],
            ),
        )
    if action not in handlers:
        raise Http404("未知操作")
    label, fn = handlers[action]
    return _run(request, pk, label, fn)


@login_required
@require_safe
def item_candidates(request, pk: int):
    """JSON for the picker: the items that could amend or repeal this one."""
    item = _visible(request.user, pk)
    found = amending_candidates(item=item, query=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "pk": other.pk,
                    "title": other.title,
                    "doc_number": other.doc_number,
                    "index_number": other.index_number,
                    "published_on": other.published_on.isoformat() if other.published_on else "",
                }
                for other in found
            ]
        }
    )


@login_required
@require_POST
def finding_action(request, pk: int, action: str):
    finding = PrivacyFinding.objects.select_related("item").filter(pk=pk).first()
    if finding is None or not items_visible_to(request.user).filter(pk=finding.item_id).exists():
        raise Http404("没有这一项")
    item_pk = finding.item_id
    if action == "mask":
        return _run(
            request,
            item_pk,
            "去标识化",
            lambda item: s.finding_mask(finding=finding, actor=request.user),
        )
    if action == "justify":
        return _run(
            request,
            item_pk,
            "依法保留",
            lambda item: s.finding_justify(
                finding=finding, actor=request.user, reason=request.POST.get("reason", "")
            ),
        )
    raise Http404("未知操作")


@login_required
def review_page(request):
    queue = review_queue(request.user)
    if request.method == "POST":
        chosen = queue.filter(pk__in=request.POST.getlist("items"), status=Item.Status.APPROVAL)
        results = s.item_batch_approve(items=list(chosen), actor=request.user)
        done = sum(1 for message in results.values() if not message)
        messages.success(request, f"批量审批：发布 {done} 件")
        for pk, message in results.items():
            if message:
                messages.error(request, f"条目 {pk}：{message}")
        return redirect("catalogue:review")
    return render(request, "catalogue/review.html", {"items": queue})


CATALOGUE_INTRO = (
    "CSV（UTF-8）或 Excel（.xlsx），首行为表头：" + "、".join(CATALOGUE_COLUMNS) + "。"
    "导入的条目为已发布的主动公开信息；索引号为空的按本机关格式编号。"
    "任何一行有错，整个文件都不导入。"
)


@login_required
def import_page(request):
    """Upload a catalogue file: stored and imported in the background (core.ImportJob)."""
    return import_upload_page(
        request,
        kind=ImportJob.Kind.CATALOGUE,
        title="导入公开目录",
        intro=CATALOGUE_INTRO,
        label="公开目录（CSV 或 XLSX）",
        max_bytes=CATALOGUE_MAX_BYTES,
        refusal="只有管理员或政府信息公开工作机构可以导入公开目录",
        start=catalogue_import_task,
        job_url="catalogue:import_job",
    )


@login_required
def import_job_page_view(request, pk: int):
    return import_job_page(
        request,
        pk,
        kind=ImportJob.Kind.CATALOGUE,
        title="导入公开目录",
        upload_url=reverse("catalogue:import"),
        done_url=reverse("catalogue:list") + "?status=published",
    )
