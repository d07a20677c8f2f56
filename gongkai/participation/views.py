"""Staff pages of comment calls: the list of the agency's calls, create and edit, the call's
page with its actions (open, close, withdraw), moderation, opinions and the adoption
summary, the link to the final document, and the XLSX export for the drafting unit."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.catalogue.models import Item
from gongkai.interaction.publication import Withheld, mask_text
from gongkai.participation import articles, states
from gongkai.participation import forms as f
from gongkai.participation import services as s
from gongkai.participation.export import write_comments_xlsx
from gongkai.participation.models import CallAttachment, Comment, CommentCall, Opinion
from gongkai.participation.selectors import (
    QUEUE_LIMIT,
    calls_visible_to,
    days_left,
    final_candidates,
    moderation_queue,
    with_counts,
)

CALL_FIELDS = (
    "department",
    "title",
    "kind",
    "draft",
    "drafting_note",
    "opens_on",
    "closes_on",
    "shortened_reason",
    "contact",
    "via_website",
    "letter_address",
    "email_address",
    "name_required",
    "contact_required",
)


def _office_agencies(user) -> list[Agency]:
    scope = scope_for(user)
    if scope.has_role(Role.ADMIN):
        return list(Agency.objects.filter(is_active=True))
    if scope.has_role(Role.DISCLOSURE_OFFICE):
        return list(Agency.objects.filter(pk__in=scope.agency_ids))
    return []


def _visible(user, pk: int) -> CommentCall:
    call = with_counts(calls_visible_to(user)).filter(pk=pk).first()
    if call is None:
        raise Http404("没有这项征求意见，或您无权查看")
    return call


def _is_office(user, call: CommentCall) -> bool:
    return call.agency in _office_agencies(user)


@login_required
def call_list_page(request):
    if not scope_for(request.user).is_staff_member:
        raise PermissionDenied("您没有查看征求意见的权限")
    today = timezone.localdate()
    calls = with_counts(calls_visible_to(request.user)).order_by("-opens_on", "-pk")
    return render(
        request,
        "participation/list.html",
        {
            "rows": [(c, days_left(c, today)) for c in calls],
            "office": bool(_office_agencies(request.user)),
            "today": today,
        },
    )


def _attach(request, call, form) -> bool:
    upload = form.cleaned_data.get("attachment")
    if not upload:
        return True
    try:
        s.call_attachment_add(call=call, actor=request.user, data=upload.read(), name=upload.name)
    except s.CallError as error:
        flash.error(request, str(error))
        return False
    return True


@login_required
def call_new_page(request):
    agencies = _office_agencies(request.user)
    if not agencies:
        raise PermissionDenied("只有政府信息公开工作机构可以发起征求意见")
    form = f.CallForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        try:
            call = s.call_create(
                agency=form.cleaned_data["agency"], actor=request.user, **form.service_values()
            )
        except s.CallError as error:
            form.add_error(None, str(error))
        else:
            _attach(request, call, form)
            flash.success(request, "征求意见草稿已保存")
            return redirect("participation:staff_call", pk=call.pk)
    return render(
        request,
        "participation/edit.html",
        {"form": form, "call": None},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def call_edit_page(request, pk: int):
    call = _visible(request.user, pk)
    if not _is_office(request.user, call):
        raise PermissionDenied("只有起草单位的政府信息公开工作机构可以修改征求意见")
    if call.status != states.DRAFT:
        flash.error(request, "只有草稿可以修改")
        return redirect("participation:staff_call", pk=call.pk)
    initial = {name: getattr(call, name) for name in CALL_FIELDS} | {"agency": call.agency}
    form = f.CallForm(
        request.POST or None,
        request.FILES or None,
        agencies=[call.agency],
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        try:
            s.call_update(call=call, actor=request.user, **form.service_values())
        except s.CallError as error:
            form.add_error(None, str(error))
        else:
            _attach(request, call, form)
            flash.success(request, "已保存")
            return redirect("participation:staff_call", pk=call.pk)
    return render(
        request,
        "participation/edit.html",
        {"form": form, "call": call},
        status=400 if form.is_bound and form.errors else 200,
    )


CALL_ACTIONS = {
    "open": ("发布征求意见", f.EmptyForm),
    "close": ("截止征求意见", f.EmptyForm),
    "withdraw": ("撤回", f.WithdrawForm),
}


def _call_forms(call, failed=None):
    names = [n for n in states.allowed_actions(call.status) if n in CALL_ACTIONS]
    if "close" in names and timezone.localdate() <= call.closes_on:
        names.remove("close")
    return [
        {
            "name": name,
            "label": CALL_ACTIONS[name][0],
            "form": (failed or {}).get(name) or CALL_ACTIONS[name][1](prefix=name),
            "open": name in (failed or {}),
        }
        for name in names
    ]


@login_required
def call_page(request, pk: int, failed: dict | None = None, status: int = 200):
    call = _visible(request.user, pk)
    office = _is_office(request.user, call)
    return render(
        request,
        "participation/call.html",
        {
            "call": call,
            "office": office,
            "forms": _call_forms(call, failed) if office else [],
            "blocks": articles.split(call.draft),
            "days_left": days_left(call, timezone.localdate()),
            "status_label": states.STATUS_LABELS[call.status],
            "attachments": call.attachments.all(),
        },
        status=status,
    )


@login_required
@require_POST
def call_action(request, pk: int, action: str):
    call = _visible(request.user, pk)
    if action not in CALL_ACTIONS:
        raise Http404("没有这个操作")
    form = CALL_ACTIONS[action][1](request.POST, prefix=action)
    if form.is_valid():
        try:
            if action == "open":
                s.call_open(call=call, actor=request.user)
            elif action == "close":
                s.call_close(call=call, actor=request.user)
            else:
                s.call_withdraw(call=call, actor=request.user, reason=form.cleaned_data["reason"])
        except s.CallError as error:
            form.add_error(None, str(error))
        else:
            flash.success(request, f"已{CALL_ACTIONS[action][0]}")
            return redirect("participation:staff_call", pk=call.pk)
    return call_page(request, pk, failed={action: form}, status=400)


@login_required
@require_POST
def attachment_remove(request, pk: int):
    attachment = CallAttachment.objects.filter(pk=pk).first()
    if attachment is None:
        raise Http404("没有这个附件")
    call = _visible(request.user, attachment.call_id)
    try:
        s.call_attachment_remove(attachment=attachment, actor=request.user)
    except s.CallError as error:
        flash.error(request, str(error))
    return redirect("participation:staff_call", pk=call.pk)


# -- comments received by letter or e-mail ---------------------------------------------------


def _may_record(call: CommentCall) -> bool:
    return call.status in s.RECORDABLE and any(
        getattr(call, field) for field in s.STAFF_CHANNELS.values()
    )


@login_required
def record_page(request, pk: int):
    """The drafting unit's staff enter a comment that came by letter or e-mail."""
    call = _visible(request.user, pk)
    if not _is_office(request.user, call):
        raise PermissionDenied("只有起草单位的政府信息公开工作机构可以录入意见")
    if not _may_record(call):
        flash.error(request, "该征求意见未公布信函或电子邮件渠道，或当前状态不能录入意见")
        return redirect("participation:moderation", pk=call.pk)
    form = f.RecordForm(request.POST or None, call=call)
    if request.method == "POST" and form.is_valid():
        try:
            comment = s.comment_record(call=call, actor=request.user, **form.cleaned_data)
        except s.CallError as error:
            form.add_error(None, str(error))
        else:
            flash.success(request, f"已录入意见，回执编号 {comment.receipt_number}")
            return redirect(f"{_moderation_url(call.pk)}#comment-{comment.pk}")
    return render(
        request,
        "participation/record.html",
        {"form": form, "call": call},
        status=400 if form.is_bound and form.errors else 200,
    )


# -- moderation ------------------------------------------------------------------------------


def _candidates(call):
    return list(call.comments.exclude(status=states.MERGED).order_by("pk"))


@login_required
def moderation_page(request, pk: int, failed: dict | None = None, status: int = 200):
    call = _visible(request.user, pk)
    office = _is_office(request.user, call)
    comments = list(call.comments.select_related("moderated_by", "merged_into").order_by("pk"))
    candidates = _candidates(call)
    rows = []
    for comment in comments:
        forms_ = {}
        if office and comment.status != states.MERGED:
            mine = (failed or {}).get(comment.pk, {})
            forms_ = {
                "hide": mine.get("hide") or f.HideForm(prefix=f"hide-{comment.pk}"),
                "merge": mine.get("merge")
                or f.MergeForm(
                    prefix=f"merge-{comment.pk}", comment=comment, candidates=candidates
                ),
                "error": mine.get("error", ""),
            }
        rows.append(
            {
                "comment": comment,
                "forms": forms_,
                "label": articles.article_label(comment.article) if comment.article else "全文",
                "flags": [FLAG_LABELS.get(k, k) for k in comment.privacy_flags],
                "can_publish": office
                and comment.consent
                and comment.status in (states.PENDING, states.HIDDEN),
                "can_hide": office and comment.status in (states.PENDING, states.PUBLISHED),
                "preview": _preview(comment) if comment.status == states.PENDING else "",
            }
        )
    return render(
        request,
        "participation/moderation.html",
        {
            "call": call,
            "rows": rows,
            "office": office,
            "may_moderate": call.status in states.TRANSITIONS["moderate"][0],
            "may_record": office and _may_record(call),
        },
        status=status,
    )


@login_required
def queue_page(request):
    """One queue of the comments awaiting moderation across the calls this person may
    moderate, oldest first; each links to its call's moderation page."""
    if not _office_agencies(request.user):
        raise PermissionDenied("只有政府信息公开工作机构可以审核意见")
    queue = moderation_queue(request.user)
    total = queue.count()
    rows = [
        {
            "comment": c,
            "label": articles.article_label(c.article) if c.article else "全文",
            "flags": [FLAG_LABELS.get(k, k) for k in c.privacy_flags],
        }
        for c in queue[:QUEUE_LIMIT]
    ]
    return render(
        request,
        "participation/queue.html",
        {"rows": rows, "total": total, "calls": len({r["comment"].call_id for r in rows})},
    )


def _preview(comment: Comment) -> str:
    """What the portal would show if the comment were published (the privacy guard's masked
    copy), or why it cannot be."""
    if not comment.consent:
        return ""
    try:
        return mask_text(comment.body, comment.name, comment.contact)
    except Withheld as error:
        return f"无法公开：{error}"


def _flag_labels() -> dict[str, str]:
    from gongkai.catalogue.privacy import KIND_LABELS

    return dict(KIND_LABELS)


FLAG_LABELS = _flag_labels()


@login_required
@require_POST
def comment_action(request, pk: int, action: str):
    comment = Comment.objects.select_related("call").filter(pk=pk).first()
    if comment is None:
        raise Http404("没有这条意见")
    call = _visible(request.user, comment.call_id)
    error_form = None
    try:
        if action == "publish":
            s.comment_publish(comment=comment, actor=request.user)
        elif action == "hide":
            error_form = f.HideForm(request.POST, prefix=f"hide-{pk}")
            if not error_form.is_valid():
                raise _Invalid
            s.comment_hide(comment=comment, actor=request.user, **error_form.cleaned_data)
        elif action == "merge":
            error_form = f.MergeForm(
                request.POST, prefix=f"merge-{pk}", comment=comment, candidates=_candidates(call)
            )
            if not error_form.is_valid():
                raise _Invalid
            into = Comment.objects.get(pk=error_form.cleaned_data["into"])
            s.comment_merge(
                comment=comment,
                actor=request.user,
                into=into,
                reason=error_form.cleaned_data["reason"],
            )
        else:
            raise Http404("没有这个操作")
    except _Invalid:
        return moderation_page(request, call.pk, failed={pk: {action: error_form}}, status=400)
    except s.CallError as error:
        failed = {action: error_form} if error_form is not None else {}
        return moderation_page(
            request, call.pk, failed={pk: failed | {"error": str(error)}}, status=400
        )
    flash.success(request, f"意见 {comment.receipt_number} 已处理")
    return redirect(f"{_moderation_url(call.pk)}#comment-{pk}")


class _Invalid(Exception):
    pass


def _moderation_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("participation:moderation", args=[pk])


# -- opinions, the adoption summary, the final document ---------------------------------------


def _summary_context(call, **forms_):
    comments = list(call.comments.exclude(status=states.MERGED).order_by("pk"))
    opinions = list(call.opinions.prefetch_related("comments"))
    edit_forms = {
        o.pk: forms_.get(f"opinion-{o.pk}")
        or f.OpinionForm(
            prefix=f"opinion-{o.pk}",
            comments=comments,
            initial={
                "summary": o.summary,
                "decision": o.decision,
                "reason": o.reason,
                "comments": [c.pk for c in o.comments.all()],
            },
        )
        for o in opinions
    }
    return {
        "call": call,
        "comments": comments,
        "ungrouped": [c for c in comments if c.opinion_id is None],
        "opinions": [(o, edit_forms[o.pk]) for o in opinions],
        "new_form": forms_.get("new") or f.OpinionForm(prefix="new", comments=comments),
        "summary_form": forms_.get("summary")
        or f.SummaryForm(prefix="summary", initial={"intro": call.summary_intro}),
        "final_form": forms_.get("final")
        or f.FinalForm(
            prefix="final",
            candidates=final_candidates(call),
            initial={"index_number": call.final_item.index_number if call.final_item else ""},
        ),
        "editable": call.status == states.CLOSED,
        "may_link": call.status in (states.CLOSED, states.SUMMARISED),
        "pending": call.comments.filter(status=states.PENDING).count(),
    }


@login_required
def summary_page(request, pk: int):
    call = _visible(request.user, pk)
    office = _is_office(request.user, call)
    if request.method == "POST":
        if not office:
            raise PermissionDenied("只有起草单位的政府信息公开工作机构可以编辑采纳情况反馈")
        form, error = _summary_post(request, call)
        if error is None:
            return redirect("participation:summary", pk=call.pk)
        name, bound = form
        if error:
            bound.add_error(None, error)
        context = _summary_context(call, **{name: bound}) | {"office": office}
        return render(request, "participation/summary.html", context, status=400)
    context = _summary_context(call) | {"office": office}
    return render(request, "participation/summary.html", context)


def _summary_post(request, call):
    """Returns ((form name, bound form), error): error None on success, "" when the form's
    own errors say it."""
    comments = list(call.comments.exclude(status=states.MERGED))
    which = request.POST.get("form", "")
    if which == "new" or which.startswith("opinion-"):
        opinion = None
        if which != "new":
            opinion_pk = which.removeprefix("opinion-")
            opinion = (
                Opinion.objects.filter(call=call, pk=int(opinion_pk)).first()
                if opinion_pk.isdigit()
                else None
            )
            if opinion is None:
                raise Http404("没有这条意见归类")
        form = f.OpinionForm(request.POST, prefix=which, comments=comments)
        if not form.is_valid():
            return (which, form), ""
        if request.POST.get("delete") and opinion is not None:
            try:
                s.opinion_delete(opinion=opinion, actor=request.user)
            except s.CallError as error:
                return (which, form), str(error)
            return (which, form), None
        chosen = [c for c in comments if c.pk in set(form.cleaned_data["comments"])]
        try:
            s.opinion_save(
                call=call,
                actor=request.user,
                opinion=opinion,
                summary=form.cleaned_data["summary"],
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
                comments=chosen,
            )
        except s.CallError as error:
            return (which, form), str(error)
        flash.success(request, "意见归类已保存")
        return (which, form), None
    if which == "summary":
        form = f.SummaryForm(request.POST, prefix="summary")
        if not form.is_valid():
            return (which, form), ""
        try:
            s.summary_publish(call=call, actor=request.user, intro=form.cleaned_data["intro"])
        except s.CallError as error:
            return (which, form), str(error)
        flash.success(request, "意见采纳情况反馈已在网站发布")
        return (which, form), None
    if which == "final":
        candidates = final_candidates(call)
        form = f.FinalForm(request.POST, prefix="final", candidates=candidates)
        if not form.is_valid():
            return (which, form), ""
        number = form.cleaned_data["index_number"].strip()
        item = next((i for i in candidates if i.pk == form.cleaned_data["item"]), None)
        if number and item is None:
            item = Item.objects.filter(index_number=number, status="published").first()
            if item is None:
                return (which, form), f"公开目录中没有已发布的索引号为“{number}”的信息"
        try:
            s.call_link_final(call=call, actor=request.user, item=item)
        except s.CallError as error:
            return (which, form), str(error)
        flash.success(request, "已关联正式文件" if item else "已取消关联正式文件")
        return (which, form), None
    raise Http404("没有这个表单")


@login_required
def comments_export(request, pk: int):
    call = _visible(request.user, pk)
    if not _is_office(request.user, call) and not scope_for(request.user).whole_government:
        raise PermissionDenied("只有起草单位的政府信息公开工作机构可以导出意见")
    body = write_comments_xlsx(call)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    name = f"征求意见-{call.pk}-{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
