"""Staff pages for messages and enquiries: the message queue, the message page and its
actions, export and import of the message ledger, the enquiry quick register, and turning
an application into a message (Art. 39)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.interaction import forms as f
from gongkai.interaction import services as s
from gongkai.interaction import states
from gongkai.interaction.import_services import messages_import
from gongkai.interaction.message_file import (
    MessageFileError,
    write_messages_csv,
    write_messages_xlsx,
)
from gongkai.interaction.models import Message
from gongkai.interaction.selectors import (
    enquiries_visible_to,
    message_rows,
    messages_visible_to,
    queue,
    urgency,
)
from gongkai.workdays.selectors import get_calendar

PAGE_SIZE = 50


def _office_agencies(user) -> list[Agency]:
    scope = scope_for(user)
    if scope.has_role(Role.ADMIN):
        return list(Agency.objects.filter(is_active=True))
    if scope.has_role(Role.DISCLOSURE_OFFICE):
        return list(Agency.objects.filter(pk__in=scope.agency_ids))
    return []


def _staff_agencies(user) -> list[Agency]:
    """Where a person may register enquiries: their own agencies (all, for administrators)."""
    scope = scope_for(user)
    if scope.has_role(Role.ADMIN):
        return list(Agency.objects.filter(is_active=True))
    return list(Agency.objects.filter(pk__in=scope.agency_ids | scope.member_agency_ids))


@login_required
def queue_page(request):
    if not scope_for(request.user).is_staff_member:
        raise PermissionDenied("您没有办理留言的权限")
    form = f.QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = queue(
        request.user,
        status=filters.get("status", ""),
        type_=filters.get("type", ""),
        channel=filters.get("channel", ""),
        search=filters.get("q", ""),
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    calendar = get_calendar()
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "interaction/queue.html",
        {
            "form": form,
            "page": page,
            "rows": [(m, urgency(m, today, calendar)) for m in page],
            "query": query.urlencode(),
            "office": bool(_office_agencies(request.user)),
        },
    )


def _visible(user, pk: int) -> Message:
    message = messages_visible_to(user).filter(pk=pk).first()
    if message is None:
        raise Http404("没有这条留言，或您无权查看")
    return message


@dataclass(frozen=True)
class Action:
    label: str
    form: Any
    run: Any  # (message, cleaned_data, actor) -> None
    takes_message: bool = False


ACTIONS: dict[str, Action] = {
    "assign": Action(
        "交办科室",
        f.AssignForm,
        lambda m, d, a: s.message_assign(message=m, actor=a, department=d["department"]),
        takes_message=True,
    ),
    "reply": Action(
        "答复",
        f.ReplyForm,
        lambda m, d, a: s.message_reply(
            message=m, actor=a, reply=d["reply"], replied_on=d["replied_on"]
        ),
    ),
    "transfer": Action(
        "转办其他机关",
        f.TransferForm,
        lambda m, d, a: s.message_transfer(
            message=m, actor=a, to_agency=d["to_agency"], reason=d["reason"]
        ),
        takes_message=True,
    ),
    "mark_invalid": Action(
        "标记为无效留言",
        f.InvalidForm,
        lambda m, d, a: s.message_mark_invalid(message=m, actor=a, reason=d["reason"]),
    ),
    "close": Action("办结", f.EmptyForm, lambda m, d, a: s.message_close(message=m, actor=a)),
    "publish": Action(
        "在网站公开", f.EmptyForm, lambda m, d, a: s.message_publish(message=m, actor=a)
    ),
    "hide": Action(
        "不予公开",
        f.HideForm,
        lambda m, d, a: s.message_hide(message=m, actor=a, reason=d["reason"]),
    ),
}


def _form(name: str, message, data=None, initial=None):
    action = ACTIONS[name]
    kwargs = {"prefix": name, "initial": initial}
    if action.takes_message:
        kwargs["message"] = message
    return action.form(data, **kwargs)


def _available(message: Message, office: bool, handler: bool) -> list[str]:
    names = [n for n in states.allowed_actions(message.status) if n in ACTIONS]
    if not office:
        names = [n for n in names if n == "reply" and handler]
    if "publish" in names and (message.public or not message.consent):
        names.remove("publish")
    if "hide" in names and not message.public:
        names.remove("hide")
    return names


@login_required
def message_page(request, pk: int, failed: dict | None = None):
    message = _visible(request.user, pk)
    scope = scope_for(request.user)
    office = message.agency in _office_agencies(request.user)
    handler = office or (message.department_id in scope.department_ids)
    templates = s.reply_templates()
    initial_reply = None
    chosen = request.GET.get("template", "")
    if chosen.isdigit() and int(chosen) < len(templates):
        initial_reply = {"reply": s.fill_template(templates[int(chosen)][1], message)}
    forms_ = []
    for name in _available(message, office, handler):
        form = (failed or {}).get(name) or _form(
            name, message, initial=initial_reply if name == "reply" else None
        )
        forms_.append(
            {
                "name": name,
                "label": ACTIONS[name].label,
                "form": form,
                "open": name in (failed or {}) or (name == "reply" and initial_reply is not None),
            }
        )
    return render(
        request,
        "interaction/message.html",
        {
            "message": message,
            "forms": forms_,
            "templates": [name for name, _ in templates],
            "clock": s.message_clock(message),
            "urgency": urgency(message, timezone.localdate(), get_calendar()),
            "status_label": states.STATUS_LABELS[message.status],
            "events": message.events.select_related("actor").all(),
            "transfers": message.transfers.select_related("from_agency", "to_agency").all(),
        },
        status=400 if failed else 200,
    )


@login_required
@require_POST
def message_action(request, pk: int, action: str):
    message = _visible(request.user, pk)
    if action not in ACTIONS:
        raise Http404("未知操作")
    form = _form(action, message, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action].run(message, form.cleaned_data, request.user)
        except s.PermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except s.MessageError as error:
            form.add_error(None, str(error))
        else:
            flash.success(request, f"{ACTIONS[action].label}：已完成")
            if messages_visible_to(request.user).filter(pk=pk).exists():
                return redirect("interaction:message", pk=pk)
            return redirect("interaction:queue")
    message.refresh_from_db()
    return message_page(request, pk, failed={action: form})


@login_required
def message_export(request, fmt: str):
    scope = scope_for(request.user)
    if not _office_agencies(request.user) and not scope.whole_government:
        raise PermissionDenied("只有政府信息公开工作机构可以导出留言台账")
    rows = message_rows(messages_visible_to(request.user).select_related(None))
    if fmt == "csv":
        body, mime = write_messages_csv(rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = write_messages_xlsx(rows)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404("格式无效")
    response = HttpResponse(body, content_type=mime)
    name = f"留言台账-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
def message_import_page(request):
    agencies = _office_agencies(request.user)
    if not agencies:
        raise PermissionDenied("只有政府信息公开工作机构可以导入留言台账")
    form = f.UploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), agencies[0])
        try:
            result = messages_import(
                agency=agency, data=upload.read(), filename=upload.name, actor=request.user
            )
        except MessageFileError as error:
            problems = str(error).splitlines()
        else:
            flash.success(request, f"已导入 {result.created} 条留言")
            return redirect("interaction:queue")
    return render(
        request,
        "interaction/import.html",
        {"form": form, "agencies": agencies, "problems": problems},
        status=400 if problems or (form.is_bound and form.errors) else 200,
    )


@login_required
def enquiry_page(request):
    agencies = _staff_agencies(request.user)
    if not agencies and not scope_for(request.user).whole_government:
        raise PermissionDenied("您没有登记咨询的权限")
    if not agencies and request.method == "POST":
        raise PermissionDenied("您没有登记咨询的权限")
    # The supervising office reads every agency's records; it registers none of its own.
    form = f.EnquiryForm(request.POST or None, agencies=agencies) if agencies else None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            s.enquiry_register(
                agency=data["agency"],
                actor=request.user,
                channel=data["channel"],
                topic=data["topic"],
                answer=data["answer"],
                minutes=data["minutes"],
                on=data["on"],
            )
        except s.PermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except s.MessageError as error:
            form.add_error(None, str(error))
        else:
            flash.success(request, "已登记一条咨询")
            return redirect("interaction:enquiries")
    page = Paginator(enquiries_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "interaction/enquiries.html",
        {"form": form, "page": page},
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
def from_request_page(request, pk: int):
    """Art. 39: an application that is really a complaint, turned into a message."""
    from gongkai.info_requests.selectors import requests_visible_to

    case = requests_visible_to(request.user).filter(pk=pk).first()
    if case is None:
        raise Http404("没有这件申请，或您无权查看")
    if case.agency not in _office_agencies(request.user):
        raise PermissionDenied("只有政府信息公开工作机构可以将申请转为留言")
    form = f.ConvertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            message = s.message_from_request(
                request=case, actor=request.user, type=form.cleaned_data["type"]
            )
        except s.MessageError as error:
            form.add_error(None, str(error))
        else:
            flash.success(
                request, f"申请 {case.number} 已按不予处理（信访举报投诉类申请）办结，转为留言办理"
            )
            return redirect("interaction:message", pk=message.pk)
    return render(
        request,
        "interaction/from_request.html",
        {"case": case, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )
