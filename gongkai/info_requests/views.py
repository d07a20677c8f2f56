"""Staff pages for applications: the work queue, registration, the case page and its actions,
letters, and the ledger's import and export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.catalogue import attachments as attachment_files
from gongkai.core.models import ImportJob
from gongkai.core.views import import_job_page, import_upload_page
from gongkai.info_requests import disclosure_services as disclosure
from gongkai.info_requests import forms as f
from gongkai.info_requests import services as s
from gongkai.info_requests import states
from gongkai.info_requests.documents import render_docx, render_pdf
from gongkai.info_requests.ledger import (
    LEDGER_COLUMNS,
    write_ledger_csv,
    write_ledger_xlsx,
)
from gongkai.info_requests.ledger import (
    MAX_BYTES as LEDGER_MAX_BYTES,
)
from gongkai.info_requests.letters import content_of
from gongkai.info_requests.models import DisclosedFile, Letter
from gongkai.info_requests.selectors import (
    case_with_history,
    ledger_rows,
    queue,
    requests_visible_to,
    urgency,
)
from gongkai.info_requests.tasks import ledger_import_task
from gongkai.workdays.selectors import get_calendar

PAGE_SIZE = 50


def _office_agencies(user) -> list[Agency]:
    scope = scope_for(user)
    if scope.has_role(Role.ADMIN):
        return list(Agency.objects.filter(is_active=True))
    if scope.has_role(Role.DISCLOSURE_OFFICE):
        return list(Agency.objects.filter(pk__in=scope.agency_ids))
    return []


@login_required
def queue_page(request):
    form = f.QueueFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = queue(
        request.user,
        status=filters.get("status", ""),
        channel=filters.get("channel", ""),
        applicant_type=filters.get("applicant_type", ""),
        outcome=filters.get("outcome", ""),
        search=filters.get("q", ""),
        open_only=not filters.get("status"),
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    calendar = get_calendar()
    rows = [(case, urgency(case, today, calendar)) for case in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "info_requests/queue.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_register": bool(_office_agencies(request.user)),
            "can_export": _may_export(request.user),
        },
    )


def _may_export(user) -> bool:
    """The ledger is the disclosure office's book: its office and the whole-government roles
    export it; a clerk or a reviewer is not offered what they would be refused."""
    return bool(_office_agencies(user)) or scope_for(user).whole_government


@login_required
def register_page(request):
    agencies = _office_agencies(request.user)
    if not agencies:
        raise PermissionDenied("只有政府信息公开工作机构可以登记申请")
    agency = agencies[0]
    if request.GET.get("agency") or request.POST.get("agency"):
        wanted = request.POST.get("agency") or request.GET.get("agency")
        agency = next((a for a in agencies if str(a.pk) == wanted), agency)
    form = f.RegisterForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case, _ = s.request_register(
                agency=agency,
                actor=request.user,
                applicant=s.Applicant(
                    type=data["applicant_type"],
                    name=data["applicant_name"],
                    contact_person=data["contact_person"],
                    id_document_type=data["id_document_type"],
                    id_document_number=data["id_document_number"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                    postcode=data["postcode"],
                ),
                channel=data["channel"],
                description=data["description"],
                submitted_on=data["submitted_on"],
                signed_on=data["signed_on"],
                confirmed_on=data["confirmed_on"],
                doc_numbers=data["doc_numbers"],
                delivery_form=data["delivery_form"],
                delivery_way=data["delivery_way"],
                oral=data["oral"],
                department=data["department"],
            )
        except s.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"已登记申请 {case.number}，答复期限 {case.due_on or '—'}")
            return redirect("info_requests:case", pk=case.pk)
    return render(
        request,
        "info_requests/register.html",
        {"form": form, "agency": agency, "agencies": agencies},
    )


def _visible_case(user, pk: int):
    if not requests_visible_to(user).filter(pk=pk).exists():
        raise Http404("没有这件申请，或您无权查看")
    return case_with_history(pk)


@dataclass(frozen=True)
class Action:
    label: str
    form: Any
    run: Any  # (case, cleaned_data, actor) -> None


def _consultation_answer(case, d, actor):
    s.consultation_answer(
        consultation=d["consultation"],
        actor=actor,
        answered_on=d["answered_on"],
        answer=d["answer"],
        note=d["note"],
    )


def _fee_paid(case, d, actor):
    s.request_fee_paid(
        fee=case.fees.filter(paid_on__isnull=True).last(), actor=actor, paid_on=d["paid_on"]
    )


def _fee_lapse(case, d, actor):
    s.request_fee_lapse(fee=case.fees.filter(paid_on__isnull=True).last(), actor=actor, on=d["on"])


def _appeal_decide(case, d, actor):
    s.appeal_decide(appeal=d["appeal"], actor=actor, result=d["result"], decided_on=d["decided_on"])


ACTIONS: dict[str, Action] = {
    "assign": Action(
        "转办科室",
        f.AssignForm,
        lambda c, d, a: s.request_assign(request=c, actor=a, department=d["department"]),
    ),
    "correction_notice": Action(
        "发出补正告知",
        f.CorrectionNoticeForm,
        lambda c, d, a: s.request_correction_notice(request=c, actor=a, **d),
    ),
    "correction_received": Action(
        "收到补正",
        f.CorrectionReceivedForm,
        lambda c, d, a: s.request_correction_received(request=c, actor=a, **d),
    ),
    "correction_lapse": Action(
        "逾期未补正",
        f.LapseForm,
        lambda c, d, a: s.request_correction_lapse(request=c, actor=a, **d),
    ),
    "consult": Action(
        "征求意见", f.ConsultForm, lambda c, d, a: s.request_consult(request=c, actor=a, **d)
    ),
    "consultation_answer": Action("记录意见", f.ConsultationAnswerForm, _consultation_answer),
    "extend": Action(
        "延期答复", f.ExtendForm, lambda c, d, a: s.request_extend(request=c, actor=a, **d)
    ),
    "fee_notice": Action(
        "发出收费通知",
        f.FeeNoticeForm,
        lambda c, d, a: s.request_fee_notice(request=c, actor=a, **d),
    ),
    "fee_paid": Action("记录缴费", f.FeePaidForm, _fee_paid),
    "fee_lapse": Action("逾期未缴费", f.LapseForm, _fee_lapse),
    "reply": Action("答复", f.ReplyForm, lambda c, d, a: s.request_reply(request=c, actor=a, **d)),
    "withdraw": Action(
        "撤回申请", f.WithdrawForm, lambda c, d, a: s.request_withdraw(request=c, actor=a, **d)
    ),
    "appeal": Action(
        "登记复议或诉讼", f.AppealForm, lambda c, d, a: s.appeal_record(request=c, actor=a, **d)
    ),
    "appeal_decide": Action("登记复议或诉讼结果", f.AppealDecideForm, _appeal_decide),
}
CASE_FORMS = {"assign", "consultation_answer", "appeal_decide"}


def _action_form(name: str, case, data=None):
    action = ACTIONS[name]
    if name in CASE_FORMS:
        return action.form(data, case=case, prefix=name)
    return action.form(data, prefix=name)


# -- the information itself (disclosure_services) --------------------------------------------


def _office_case(request, pk: int):
    """A case the person may see, and may act on as its agency's disclosure office."""
    case = _visible_case(request.user, pk)
    if case.agency not in _office_agencies(request.user):
        raise PermissionDenied("只有受理机关的政府信息公开工作机构可以提供文件、登记提供情况")
    return case


@login_required
@require_POST
def disclosed_file_upload(request, pk: int):
    case = _office_case(request, pk)
    form = f.DisclosedFileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, "提供文件：" + "；".join(form.errors.get("file", ["请选择文件"])))
        return redirect("info_requests:case", pk=case.pk)
    upload = form.cleaned_data["file"]
    try:
        if upload.size > attachment_files.MAX_BYTES:  # refused before a byte is read
            raise disclosure.DisclosureError(attachment_files.too_large(upload.name, upload.size))
        disclosure.disclosed_file_add(
            request=case, actor=request.user, data=upload.read(), name=upload.name
        )
    except disclosure.DisclosureError as error:
        messages.error(request, f"提供文件：{error}")
    else:
        messages.success(request, f"已上传“{upload.name}”，正在检查")
    return redirect("info_requests:case", pk=case.pk)


@login_required
@require_POST
def disclosed_file_remove(request, pk: int, file_pk: int):
    case = _office_case(request, pk)
    disclosed = get_object_or_404(DisclosedFile, pk=file_pk, request=case)
    try:
        disclosure.disclosed_file_remove(disclosed=disclosed, actor=request.user)
    except disclosure.DisclosureError as error:
        messages.error(request, f"删除文件：{error}")
    else:
        messages.success(request, f"已删除“{disclosed.name}”")
    return redirect("info_requests:case", pk=case.pk)


@login_required
@require_POST
def delivery_record_page(request, pk: int):
    case = _office_case(request, pk)
    form = f.DeliveryForm(request.POST)
    if not form.is_valid():
        messages.error(request, "登记提供情况：请填写提供方式和日期")
        return redirect("info_requests:case", pk=case.pk)
    try:
        disclosure.delivery_record(request=case, actor=request.user, **form.cleaned_data)
    except disclosure.DisclosureError as error:
        messages.error(request, f"登记提供情况：{error}")
    else:
        messages.success(request, "已登记提供情况")
    return redirect("info_requests:case", pk=case.pk)


def disclosed_file_response(disclosed: DisclosedFile) -> FileResponse:
    try:
        handle = disclosed.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件已不存在，请联系受理机关") from None
    response = FileResponse(handle, content_type=disclosed.mime)
    extension = Path(disclosed.file.name).suffix.lower()
    response["Content-Disposition"] = (
        f"attachment; filename=file-{disclosed.pk}{extension}; "
        f"filename*=UTF-8''{_quote(disclosed.name)}"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def disclosed_file_download(request, pk: int, file_pk: int):
    case = _visible_case(request.user, pk)
    return disclosed_file_response(get_object_or_404(DisclosedFile, pk=file_pk, request=case))


ID_PROOF_TYPES = {".jpg": "image/jpeg", ".png": "image/png", ".pdf": "application/pdf"}


@login_required
def id_proof_download(request, pk: int):
    """The identity proof an online applicant uploaded, for the staff who can see the case
    to verify the applicant (Art. 29). Stored under a generated name with the extension of
    what it really is (core.file_limits), so the type below is the file's own."""
    case = _visible_case(request.user, pk)
    if not case.id_proof:
        raise Http404("该申请没有上传身份证明材料")
    extension = Path(case.id_proof.name).suffix.lower()
    mime = ID_PROOF_TYPES.get(extension)
    if mime is None:
        raise Http404("身份证明材料的类型无法识别")
    try:
        handle = case.id_proof.open("rb")
    except FileNotFoundError:
        raise Http404("身份证明材料的文件已不存在，请联系系统管理员") from None
    response = FileResponse(handle, content_type=mime)
    response["Content-Disposition"] = f"inline; filename=id-proof-{case.number}{extension}"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def case_page(request, pk: int, failed: dict | None = None):
    case = _visible_case(request.user, pk)
    office = case.agency in _office_agencies(request.user)
    available = [name for name in states.allowed_actions(case.status) if name in ACTIONS]
    if "appeal" in available and case.appeals.filter(result="pending").exists():
        available.append("appeal_decide")
    if "fee_paid" in available and not case.fees.filter(paid_on__isnull=True).exists():
        available = [a for a in available if a not in ("fee_paid", "fee_lapse")]
    forms_ = []
    if office:
        for name in available:
            form = (failed or {}).get(name) or _action_form(name, case)
            forms_.append(
                {
                    "name": name,
                    "label": ACTIONS[name].label,
                    "form": form,
                    "open": name in (failed or {}),
                }
            )
    clock = s.request_clock(case)
    return render(
        request,
        "info_requests/case.html",
        {
            "case": case,
            "clock": clock,
            "forms": forms_,
            "office": office,
            "file_form": f.DisclosedFileForm(),
            "delivery_form": f.DeliveryForm(initial={"on": timezone.localdate()}),
            "urgency": urgency(case, timezone.localdate(), get_calendar()),
            "status_label": states.STATUS_LABELS[case.status],
        },
        status=400 if failed else 200,
    )


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    case = _visible_case(request.user, pk)
    if action not in ACTIONS:
        raise Http404("未知操作")
    form = _action_form(action, case, request.POST)
    if form.is_valid():
        try:
            ACTIONS[action].run(case, form.cleaned_data, request.user)
        except s.PermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        except s.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{ACTIONS[action].label}：已完成")
            return redirect("info_requests:case", pk=pk)
    return case_page(request, pk, failed={action: form})


@login_required
def letter_download(request, pk: int, fmt: str):
    letter = get_object_or_404(Letter.objects.select_related("request"), pk=pk)
    if not requests_visible_to(request.user).filter(pk=letter.request_id).exists():
        raise Http404("没有这份文书，或您无权查看")
    return letter_response(letter, fmt)


def letter_response(letter: Letter, fmt: str) -> HttpResponse:
    content = content_of(letter)
    if fmt == "pdf":
        body, mime = render_pdf(content), "application/pdf"
    elif fmt == "docx":
        body = render_docx(content)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404("格式无效")
    response = HttpResponse(body, content_type=mime)
    filename = f"{letter.number}{letter.title}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


@login_required
def ledger_export(request, fmt: str):
    if not _may_export(request.user):
        raise PermissionDenied("只有政府信息公开工作机构可以导出登记台账")
    cases = requests_visible_to(request.user)
    rows = ledger_rows(cases)
    if fmt == "csv":
        body, mime = write_ledger_csv(rows), "text/csv; charset=utf-8"
    elif fmt == "xlsx":
        body = write_ledger_xlsx(rows)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Http404("格式无效")
    response = HttpResponse(body, content_type=mime)
    name = f"登记台账-{timezone.localdate().isoformat()}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(name)}"
    return response


LEDGER_INTRO = (
    "CSV（UTF-8）或 Excel（.xlsx），首行为表头：" + "、".join(LEDGER_COLUMNS) + "。"
    "任何一行有错，整个文件都不导入。"
)


@login_required
def ledger_import_page(request):
    """Upload a ledger: stored and imported in the background (core.ImportJob)."""
    return import_upload_page(
        request,
        kind=ImportJob.Kind.LEDGER,
        title="导入登记台账",
        intro=LEDGER_INTRO,
        label="登记台账（CSV 或 XLSX）",
        max_bytes=LEDGER_MAX_BYTES,
        refusal="只有政府信息公开工作机构可以导入登记台账",
        start=ledger_import_task,
        job_url="info_requests:ledger_import_job",
    )


@login_required
def ledger_import_job_page(request, pk: int):
    return import_job_page(
        request,
        pk,
        kind=ImportJob.Kind.LEDGER,
        title="导入登记台账",
        upload_url=reverse("info_requests:ledger_import"),
        done_url=reverse("info_requests:queue") + "?status=",
    )
