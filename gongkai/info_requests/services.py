"""Writes for applications (依申请公开). Each service checks permission, validates, changes
state through the state machine (states.py), records a timeline event and an audit record in
one transaction, and recomputes the reply clock from the recorded facts (clock.py)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from gongkai.accounts.models import Agency, Department, Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.services import audit_record
from gongkai.core import dates
from gongkai.core.services import next_serial
from gongkai.core.snapshot import snapshot
from gongkai.info_requests import clock as rules
from gongkai.info_requests import idproof, states
from gongkai.info_requests import letters as letter_rules
from gongkai.info_requests.fees import METHODS, FeeError, fee_for, standard_text
from gongkai.info_requests.models import (
    Appeal,
    Consultation,
    Correction,
    FeeNotice,
    InfoRequest,
    Letter,
    LetterTemplate,
    RequestEvent,
)
from gongkai.info_requests.outcomes import (
    APPLICANT_TYPES,
    BY_CODE,
    CHANNELS,
    LITIGATION_KINDS,
)
from gongkai.info_requests.receipt import ReceiptError, receipt_date
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar, get_estimate_calendar

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 12  # 31^12 ≈ 7.9e17; docs/architecture.md "Limits, the client address…"
DEFAULT_CORRECTION_PERIOD = 15  # working days the notice gives the applicant (agency practice)
REQUEST_FIELDS = ("status", "outcome", "closed_on", "due_on", "department", "extended")


class RequestError(ValueError):
    """A write refused: the message is for people, and nothing was changed."""


class PermissionDenied(RequestError):
    pass


# -- helpers ---------------------------------------------------------------------------------


def _check_office(actor, agency: Agency) -> None:
    """The disclosure office of the agency (or an administrator) runs its cases."""
    if actor is None:  # system jobs and imports run as the system
        return
    scope = scope_for(actor)
    if (
        scope.has_role(Role.ADMIN)
        or agency.pk in scope.agency_ids
        and scope.has_role(Role.DISCLOSURE_OFFICE)
    ):
        return
    raise PermissionDenied(f"只有{agency.name}的政府信息公开工作机构可以办理该申请")


def _today() -> date:
    return timezone.localdate()


def _not_future(day: date, what: str) -> None:
    if problem := dates.future_problem(day, what, _today()):
        raise RequestError(problem)


def _not_before(day: date, floor: date, what: str, floor_what: str) -> None:
    if problem := dates.order_problem(day, floor, what, floor_what):
        raise RequestError(problem)


def query_code_digest(number: str, code: str) -> str:
    return salted_hmac("gongkai.info_requests.query_code", f"{number}:{code.upper()}").hexdigest()


def query_code_matches(request: InfoRequest, code: str) -> bool:
    if not request.query_code_hash or not code:
        return False
    return constant_time_compare(request.query_code_hash, query_code_digest(request.number, code))


def _move(request: InfoRequest, action: str) -> str:
    try:
        return states.next_status(request.status, action)
    except states.IllegalTransition as error:
        raise RequestError(str(error)) from None


def _event(request, action, on, actor, summary, public=True, **data) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        action=action,
        on=on,
        actor=actor,
        summary=summary[:300],
        public=public,
        data=data,
    )


def _save(request: InfoRequest, actor, action: str, before: dict, **extra) -> None:
    request_recompute_due(request)
    request.save()
    audit_record(
        actor=actor,
        action=f"info_requests.{action}",
        target=request,
        before=before,
        after=snapshot(request, REQUEST_FIELDS) | extra,
    )


def clock_facts(request: InfoRequest) -> rules.ClockFacts:
    if request.pk is None:
        return rules.ClockFacts(received_on=request.received_on)
    corrections = list(request.corrections.all())
    awaiting = request.status == states.AWAITING_CORRECTION
    completed = [c.completed_on for c in corrections if c.completed_on]
    return rules.ClockFacts(
        received_on=request.received_on,
        awaiting_correction=awaiting,
        correction_completed_on=max(completed) if completed else None,
        consultations=tuple(
            rules.ConsultationSpan(c.kind, c.sent_on, c.answered_on)
            for c in request.consultations.all()
        ),
        fees=tuple(
            rules.FeeSpan(f.notice_on, f.paid_on, lapsed=f.lapsed_on is not None)
            for f in request.fees.all()
        ),
        extended=request.extended,
    )


def request_clock(request: InfoRequest) -> rules.Clock:
    return rules.compute_clock(clock_facts(request), get_calendar(), get_estimate_calendar())


def request_recompute_due(request: InfoRequest) -> None:
    """`due_on` is always what the clock computes from the recorded facts (open cases);
    `due_on_estimate` the 暂估 date while the deadline reaches an unloaded year."""
    clock = request_clock(request) if request.is_open else None
    request.due_on = clock.due_on if clock else None
    request.due_on_estimate = clock.estimated_due_on if clock else None


def requests_recompute_due_open() -> int:
    """Recompute `due_on` and `due_on_estimate` of every open case (after the working-day
    schedules changed). Derived values only: the facts and the audit trail are untouched.
    Returns the number of cases whose dates changed."""
    changed = 0
    cases = (
        InfoRequest.objects.filter(status__in=states.OPEN)
        .prefetch_related("corrections", "consultations", "fees")
        .order_by("pk")
    )
    batch: list[InfoRequest] = []
    for case in cases.iterator(chunk_size=500):
        old = (case.due_on, case.due_on_estimate)
        request_recompute_due(case)
        if (case.due_on, case.due_on_estimate) != old:
            batch.append(case)
            changed += 1
        if len(batch) >= 500:
            InfoRequest.objects.bulk_update(batch, ["due_on", "due_on_estimate"])
            batch = []
    if batch:
        InfoRequest.objects.bulk_update(batch, ["due_on", "due_on_estimate"])
    return changed


# -- registration ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Applicant:
    type: str
    name: str
    contact_person: str = ""
    id_document_type: str = ""
    id_document_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    postcode: str = ""


def request_register(
    *,
    agency: Agency,
    actor,
    applicant: Applicant,
    channel: str,
    description: str,
    submitted_on: date | None = None,
    signed_on: date | None = None,
    confirmed_on: date | None = None,
    doc_numbers: str = "",
    delivery_form: str = InfoRequest.DeliveryForm.ELECTRONIC,
    delivery_way: str = InfoRequest.DeliveryWay.EMAIL,
    oral: bool = False,
    department: Department | None = None,
    source: str = "register",
    submission_key: str = "",
    id_proof=None,
    submitted_from: str | None = None,
) -> tuple[InfoRequest, str]:
    """Register an application (Art. 29, 31). Returns the case and its secret query code,
    which is shown once and stored only as a digest."""
    _check_office(actor, agency) if source == "register" else None
    if applicant.type not in APPLICANT_TYPES:
        raise RequestError(f"申请人类型无效：{applicant.type}")
    if channel not in CHANNELS:
        raise RequestError(f"申请方式无效：{channel}")
    if not applicant.name.strip():
        raise RequestError("申请人姓名或名称不能为空（第二十九条）")
    if not (applicant.phone.strip() or applicant.email.strip() or applicant.address.strip()):
        raise RequestError("至少填写一种联系方式：电话、电子邮箱或通信地址（第二十九条）")
    if not description.strip():
        raise RequestError("须描述所需政府信息的名称、文号或便于查询的其他特征（第二十九条）")
    if len(description) > 5000:
        raise RequestError("所需信息描述过长（不超过5000字）")
    if oral and channel != "in_person":
        raise RequestError("口头申请只能当面提出，由工作人员代为填写")
    if department is not None and department.agency_id != agency.pk:
        raise RequestError(f"科室“{department.name}”不属于{agency.name}")
    proof_kind = None
    if id_proof is not None:
        try:
            proof_kind = idproof.check_upload(id_proof)
        except idproof.IdProofError as error:
            raise RequestError(f"身份证明材料：{error}") from None
    try:
        received_on = receipt_date(
            channel, submitted_on=submitted_on, signed_on=signed_on, confirmed_on=confirmed_on
        )
    except ReceiptError as error:
        raise RequestError(str(error)) from None
    _not_future(received_on, "收到日期")
    for label, day in (
        ("提交日期", submitted_on),
        ("签收日期", signed_on),
        ("确认日期", confirmed_on),
    ):
        if day is not None:
            _not_future(day, label)
    if submitted_on and received_on < submitted_on:
        raise RequestError("收到日期不能早于提交日期")
    if submission_key:
        existing = InfoRequest.objects.filter(agency=agency, submission_key=submission_key).first()
        if existing is not None:
            return existing, ""
    code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
    stored: list[str] = []
    try:
        with transaction.atomic():
            year = received_on.year
            serial = next_serial(agency, year, "request")
            number = f"{agency.code}-{year}-{serial:05d}"
            request = InfoRequest(
                agency=agency,
                department=department,
                year=year,
                serial=serial,
                number=number,
                query_code_hash=query_code_digest(number, code),
                applicant_type=applicant.type,
                applicant_name=applicant.name.strip(),
                contact_person=applicant.contact_person,
                id_document_type=applicant.id_document_type,
                id_document_number=applicant.id_document_number,
                phone=applicant.phone,
                email=applicant.email,
                address=applicant.address,
                postcode=applicant.postcode,
                description=description.strip(),
                doc_numbers=doc_numbers.strip(),
                delivery_form=delivery_form,
                delivery_way=delivery_way,
                channel=channel,
                submitted_on=submitted_on,
                signed_on=signed_on,
                confirmed_on=confirmed_on,
                received_on=received_on,
                oral=oral,
                transcribed_by=actor if oral and getattr(actor, "pk", None) else None,
                source=source,
                submission_key=submission_key,
                submitted_from=submitted_from or None,
            )
            if id_proof is not None and proof_kind is not None:
                # Stored under a generated name with the extension of what it really is; the
                # upload itself keeps the name the person chose (a busy page shows it back).
                request.id_proof.save(idproof.stored_name(proof_kind), id_proof, save=False)
                stored.append(request.id_proof.name)
            request_recompute_due(request)
            request.save()
            _event(
                request,
                "register",
                received_on,
                actor if getattr(actor, "pk", None) else None,
                f"收到申请（{CHANNELS[channel]}）"
                + ("，口头申请由工作人员代为填写" if oral else ""),
            )
            audit_record(
                actor=actor,
                action="info_requests.register",
                target=request,
                after=snapshot(
                    request,
                    ("number", "channel", "received_on", "applicant_type", "status", "due_on"),
                ),
            )
    except BaseException as error:
        # The transaction rolled back: an identity proof already written must not stay on
        # disk with no case to answer for it (a process killed here leaves it to the nightly
        # sweep, core.services.orphan_files_remove).
        for name in stored:
            InfoRequest._meta.get_field("id_proof").storage.delete(name)
        if isinstance(error, IntegrityError) and submission_key:
            return InfoRequest.objects.get(agency=agency, submission_key=submission_key), ""
        raise
    return request, code


def request_assign(*, request: InfoRequest, actor, department: Department) -> InfoRequest:
    _check_office(actor, request.agency)
    _move(request, "assign")
    if department.agency_id != request.agency_id:
        raise RequestError(f"科室“{department.name}”不属于{request.agency.name}")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        request.department = department
        _event(request, "assign", _today(), actor, f"转{department.name}办理", public=False)
        _save(request, actor, "assign", before)
    return request


def request_accept(*, request: InfoRequest, actor) -> InfoRequest:
    _check_office(actor, request.agency)
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        request.status = _move(request, "accept")
        _event(request, "accept", _today(), actor, "开始办理")
        _save(request, actor, "accept", before)
    return request


# -- correction (Art. 30) --------------------------------------------------------------------


def request_correction_notice(
    *, request: InfoRequest, actor, notice_on: date, items: str, complete_by: date | None = None
) -> Correction:
    _check_office(actor, request.agency)
    status = _move(request, "correction_notice")
    if not items.strip():
        raise RequestError("须一次性写明需要补正的事项（第三十条）")
    _not_before(notice_on, request.received_on, "补正告知日期", "收到日期")
    _not_future(notice_on, "补正告知日期")
    if request.corrections.exists():
        raise RequestError("补正应一次性告知（第三十条），本申请已发出过补正告知")
    calendar = get_calendar()
    try:
        due = rules.correction_notice_due(request.received_on, calendar)
        complete_by = complete_by or calendar.add(notice_on, DEFAULT_CORRECTION_PERIOD)
    except ScheduleNotLoaded as error:
        raise RequestError(str(error)) from None
    if complete_by <= notice_on:
        raise RequestError("补正期限应晚于告知日期")
    late = notice_on > due
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        correction = Correction.objects.create(
            request=request, notice_on=notice_on, complete_by=complete_by, items=items.strip()
        )
        request.status = status
        _event(
            request,
            "correction_notice",
            notice_on,
            actor,
            f"发出补正告知，请于{complete_by.isoformat()}前补正"
            + (f"（应于{due.isoformat()}前告知，已逾期）" if late else ""),
            late=late,
        )
        _issue_letter(
            request,
            actor,
            "correction",
            notice_on,
            {"补正事项": items.strip(), "补正期限": letter_rules.cn(complete_by)},
        )
        _save(request, actor, "correction_notice", before, complete_by=complete_by)
    return correction


def request_correction_received(
    *,
    request: InfoRequest,
    actor,
    completed_on: date,
    summary: str = "收到补正后的申请，答复期限重新计算",
) -> InfoRequest:
    _check_office(actor, request.agency)
    status = _move(request, "correction_received")
    correction = request.corrections.filter(completed_on__isnull=True).last()
    _not_before(completed_on, correction.notice_on, "收到补正日期", "补正告知日期")
    _not_future(completed_on, "收到补正日期")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        correction.completed_on = completed_on
        correction.save(update_fields=["completed_on"])
        request.status = status
        _event(
            request,
            "correction_received",
            completed_on,
            actor,
            summary,
        )
        _save(request, actor, "correction_received", before)
    return request


MAX_CORRECTION_RESPONSE = 5000


def request_correction_submit_online(
    *, request: InfoRequest, response: str, on: date | None = None
) -> InfoRequest:
    """The applicant completes the application from the status page (Art. 30). An online
    submission is received the day it is made (Art. 31: the system confirms it at once), and
    the reply clock restarts from it. What was sent is kept with the correction notice."""
    text = response.strip()
    if not text:
        raise RequestError("请写明补正的内容：按补正告知书的要求补充或更正申请")
    if len(text) > MAX_CORRECTION_RESPONSE:
        raise RequestError(f"补正内容不能超过{MAX_CORRECTION_RESPONSE}个字")
    on = on or _today()
    correction = request.corrections.filter(completed_on__isnull=True).last()
    if request.status != states.AWAITING_CORRECTION or correction is None:
        raise RequestError("该申请当前不需要补正")
    if correction.complete_by < on:
        raise RequestError(
            f"补正期限已于{correction.complete_by.isoformat()}届满，请与受理机关联系"
        )
    with transaction.atomic():
        correction.response = text
        correction.save(update_fields=["response"])
        request_correction_received(
            request=request,
            actor=None,
            completed_on=on,
            summary="申请人在线提交补正，答复期限自收到之日起重新计算",
        )
    return request


def request_withdraw_online(*, request: InfoRequest, reason: str = "") -> InfoRequest:
    """The applicant withdraws from the status page; recorded like a withdrawal the office
    registers (其他处理-3), on the day it is made."""
    note = reason.strip()
    if len(note) > 300:
        raise RequestError("撤回说明不能超过300个字")
    return request_withdraw(
        request=request,
        actor=None,
        on=_today(),
        reason=f"申请人在线撤回申请{('：' + note) if note else ''}",
    )


def request_correction_lapse(*, request: InfoRequest, actor, on: date) -> InfoRequest:
    """Art. 30: no completion in time without good reason → abandoned (other_1)."""
    _check_office(actor, request.agency)
    status = _move(request, "correction_lapse")
    correction = request.corrections.filter(completed_on__isnull=True).last()
    if on <= correction.complete_by:
        raise RequestError(f"补正期限（{correction.complete_by.isoformat()}）尚未届满")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        correction.lapsed_on = on
        correction.save(update_fields=["lapsed_on"])
        _close(request, status, "other_1", on)
        _event(request, "correction_lapse", on, actor, "逾期未补正，视为放弃申请")
        _save(request, actor, "correction_lapse", before)
    return request


# -- consultation (Art. 32, 34) --------------------------------------------------------------


def request_consult(
    *, request: InfoRequest, actor, kind: str, party: str, sent_on: date
) -> Consultation:
    _check_office(actor, request.agency)
    status = _move(request, "consult")
    if kind not in Consultation.Kind.values:
        raise RequestError(f"征求意见类型无效：{kind}")
    if not party.strip():
        raise RequestError("须写明征求意见的对象")
    _not_before(sent_on, request.received_on, "征求意见日期", "收到日期")
    _not_future(sent_on, "征求意见日期")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        consultation = Consultation.objects.create(
            request=request, kind=kind, party=party.strip(), sent_on=sent_on
        )
        request.status = status
        label = Consultation.Kind(kind).label
        _event(
            request,
            "consult",
            sent_on,
            actor,
            f"{label}（所需时间不计入答复期限）",
            party=party.strip(),
        )
        if kind == Consultation.Kind.THIRD_PARTY:
            _issue_letter(
                request,
                actor,
                "consultation",
                sent_on,
                {"征求对象": party.strip()},
                recipient=party.strip(),
                for_applicant=False,
            )
        _save(request, actor, "consult", before, consultation=consultation.pk)
    return consultation


def consultation_answer(
    *, consultation: Consultation, actor, answered_on: date | None, answer: str, note: str = ""
) -> Consultation:
    request = consultation.request
    _check_office(actor, request.agency)
    _move(request, "consultation_answer")
    if consultation.answer:
        raise RequestError("该征求意见已记录答复")
    if answer not in Consultation.Answer.values:
        raise RequestError(f"意见无效：{answer}")
    calendar = get_calendar()
    limit = rules.consultation_due(consultation.sent_on, calendar)
    if answer == Consultation.Answer.NONE:
        # Silence: Art. 32 — the agency decides; Art. 34 — silence is consent.
        if _today() <= limit:
            raise RequestError(f"征求意见期限（{limit.isoformat()}）尚未届满")
        answered_on = limit
    else:
        if answered_on is None:
            raise RequestError("须填写收到意见的日期")
        _not_before(answered_on, consultation.sent_on, "收到意见日期", "发出日期")
        _not_future(answered_on, "收到意见日期")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        consultation.answered_on = answered_on
        consultation.answer = answer
        consultation.note = note
        consultation.save()
        if not request.consultations.filter(answered_on__isnull=True).exists():
            request.status = states.IN_PROGRESS
        _event(
            request,
            "consultation_answer",
            answered_on,
            actor,
            f"{consultation.get_kind_display()}：{Consultation.Answer(answer).label}",
        )
        _save(request, actor, "consultation_answer", before, consultation=consultation.pk)
    return consultation


# -- extension (Art. 33) ---------------------------------------------------------------------


def request_extend(
    *, request: InfoRequest, actor, approved_by: str, reason: str, on: date
) -> InfoRequest:
    """At most 20 more working days, approved by the head of the disclosure office, with a
    notice to the applicant (Art. 33 para. 2)."""
    _check_office(actor, request.agency)
    _move(request, "extend")
    if request.extended:
        raise RequestError("本申请已延期一次，延长期限最长不得超过20个工作日（第三十三条）")
    if not approved_by.strip():
        raise RequestError("延期须经政府信息公开工作机构负责人同意，请填写批准人")
    if not reason.strip():
        raise RequestError("请填写延期理由")
    _not_before(on, request.received_on, "延期日期", "收到日期")
    _not_future(on, "延期日期")
    if request.due_on and on > request.due_on:
        raise RequestError(f"已超过答复期限（{request.due_on.isoformat()}），不能再延期")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        request.extended = True
        request.extension_approved_by = approved_by.strip()
        request.extension_reason = reason.strip()
        request.extension_on = on
        request_recompute_due(request)
        _event(
            request,
            "extend",
            on,
            actor,
            f"延期答复（经{approved_by.strip()}同意），延长20个工作日",
            approved_by=approved_by.strip(),
        )
        _issue_letter(
            request,
            actor,
            "extension",
            on,
            {
                "延期理由": reason.strip(),
                "延期后期限": letter_rules.cn(request.due_on) if request.due_on else "规定期限",
            },
        )
        _save(request, actor, "extend", before, approved_by=approved_by.strip())
    return request


# -- fees (国办函〔2020〕109号) --------------------------------------------------------------


def items_earlier_this_month(request: InfoRequest, notice_on: date) -> int:
    """Per-piece fees count the same applicant's items cumulatively within a calendar month."""
    same_applicant = FeeNotice.objects.filter(
        request__agency=request.agency,
        request__applicant_name=request.applicant_name,
        request__id_document_number=request.id_document_number,
        method="per_piece",
        notice_on__year=notice_on.year,
        notice_on__month=notice_on.month,
    ).exclude(request=request)
    return sum(f.quantity for f in same_applicant)


def request_fee_notice(
    *,
    request: InfoRequest,
    actor,
    method: str,
    quantity: int,
    notice_on: date,
    payment_method: str = "银行转账",
) -> FeeNotice:
    _check_office(actor, request.agency)
    status = _move(request, "fee_notice")
    if method not in METHODS:
        raise RequestError(f"收费方式无效：{method}")
    if request.fees.exists():
        raise RequestError("同一申请只能按一种方式收费一次")
    _not_before(notice_on, request.received_on, "收费通知日期", "收到日期")
    _not_future(notice_on, "收费通知日期")
    earlier = items_earlier_this_month(request, notice_on) if method == "per_piece" else 0
    try:
        amount = fee_for(method, quantity, earlier)
    except FeeError as error:
        raise RequestError(str(error)) from None
    if amount <= 0:
        raise RequestError(
            f"{METHODS[method]}：{quantity}{'件' if method == 'per_piece' else '页'}"
            "不收费，无需发出收费通知"
        )
    try:
        pay_by = rules.fee_payment_due(notice_on, get_calendar())
    except ScheduleNotLoaded as error:
        raise RequestError(str(error)) from None
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        fee = FeeNotice.objects.create(
            request=request,
            method=method,
            quantity=quantity,
            earlier_items=earlier,
            amount=amount,
            notice_on=notice_on,
            pay_by=pay_by,
        )
        request.status = status
        _event(
            request,
            "fee_notice",
            notice_on,
            actor,
            f"发出收费通知：{amount}元，请于{pay_by.isoformat()}前缴纳（缴费期间不计入答复期限）",
            amount=str(amount),
        )
        _issue_letter(
            request,
            actor,
            "fee",
            notice_on,
            {
                "收费标准": standard_text(method),
                "计收方式": METHODS[method],
                "件数或页数": f"{quantity}{'件' if method == 'per_piece' else '页'}",
                "金额": f"{amount:.2f}",
                "缴费期限": letter_rules.cn(pay_by),
                "缴费方式": payment_method,
            },
        )
        _save(request, actor, "fee_notice", before, amount=str(amount))
    return fee


def request_fee_paid(*, fee: FeeNotice, actor, paid_on: date) -> FeeNotice:
    request = fee.request
    _check_office(actor, request.agency)
    status = _move(request, "fee_paid")
    _not_before(paid_on, fee.notice_on, "缴费日期", "通知日期")
    _not_future(paid_on, "缴费日期")
    if paid_on > fee.pay_by:
        raise RequestError(f"缴费日期晚于缴费期限（{fee.pay_by.isoformat()}），应按逾期未缴费处理")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        fee.paid_on = paid_on
        fee.save(update_fields=["paid_on"])
        request.status = status
        _event(request, "fee_paid", paid_on, actor, f"已缴纳信息处理费{fee.amount}元")
        _save(request, actor, "fee_paid", before)
    return fee


def request_fee_lapse(*, fee: FeeNotice, actor, on: date) -> FeeNotice:
    request = fee.request
    _check_office(actor, request.agency)
    status = _move(request, "fee_lapse")
    if on <= fee.pay_by:
        raise RequestError(f"缴费期限（{fee.pay_by.isoformat()}）尚未届满")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        fee.lapsed_on = on
        fee.save(update_fields=["lapsed_on"])
        _close(request, status, "other_2", on)
        _event(request, "fee_lapse", on, actor, "逾期未缴费，视为放弃申请")
        _save(request, actor, "fee_lapse", before)
    return fee


# -- reply (Art. 36–39) ----------------------------------------------------------------------

OUTCOMES_BY_OTHER_SERVICES = {"other_1": "逾期未补正", "other_2": "逾期未缴费"}


def request_reply(
    *,
    request: InfoRequest,
    actor,
    outcome: str,
    replied_on: date,
    note: str = "",
    other_agency_name: str = "",
    signed_off_by: str = "",
    signed_off_on: date | None = None,
) -> InfoRequest:
    _check_office(actor, request.agency)
    status = _move(request, "reply")
    info = BY_CODE.get(outcome)
    if info is None:
        raise RequestError(f"办理结果无效：{outcome}")
    if outcome in OUTCOMES_BY_OTHER_SERVICES:
        raise RequestError(f"“{info.title}”请通过“{OUTCOMES_BY_OTHER_SERVICES[outcome]}”办理")
    if (
        outcome == "unable_3"
        and not request.corrections.filter(completed_on__isnull=False).exists()
    ):
        raise RequestError("“补正后申请内容仍不明确”只适用于已补正的申请")
    if request.consultations.filter(answered_on__isnull=True).exists():
        raise RequestError("仍有征求意见未答复；请先记录答复或逾期未答复")
    from gongkai.info_requests.disclosure_services import disclosure_problems

    problems = disclosure_problems(request, outcome)
    if problems:
        raise RequestError("；".join(problems))
    floor = request.received_on
    _not_before(replied_on, floor, "答复日期", "收到日期")
    _not_future(replied_on, "答复日期")
    signer = signed_off_by.strip()
    if signer or signed_off_on:
        if not (signer and signed_off_on):
            raise RequestError("签发须同时填写签发人和签发日期")
        _not_before(signed_off_on, floor, "签发日期", "收到日期")
        if signed_off_on > replied_on:
            raise RequestError("签发日期不能晚于答复日期：答复告知书签发后才能发出")
    elif request.agency.reply_sign_off_required:
        raise RequestError("本机关规定答复告知书须经领导签发后发出：请填写签发人和签发日期")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        due = request.due_on
        _close(request, status, outcome, replied_on)
        request.outcome_note = note.strip()
        request.other_agency_name = other_agency_name.strip()
        request.signed_off_by, request.signed_off_on = signer, signed_off_on
        late = due is not None and replied_on > due
        _event(
            request,
            "reply",
            replied_on,
            actor,
            f"作出答复：{info.title}"
            + (f"（{signer}于{signed_off_on.isoformat()}签发）" if signed_off_on else "")
            + ("（超过答复期限）" if late else ""),
            late=late,
        )
        other = (
            f"该信息由{other_agency_name.strip()}掌握，请向该机关申请。"
            if other_agency_name.strip()
            else ""
        )
        _issue_letter(
            request,
            actor,
            "reply",
            replied_on,
            {
                "答复说明": note.strip() or "",
                "法律依据": info.basis,
                "办理结果": info.title,
                "办理结果说明": letter_rules.OUTCOME_SENTENCES[outcome].replace(
                    "{其他机关说明}", other
                ),
                "其他机关": other_agency_name.strip(),
                "其他机关说明": other,
            },
            outcome=outcome,
        )
        _save(request, actor, "reply", before, late=late)
    return request


def request_withdraw(*, request: InfoRequest, actor, on: date, reason: str = "") -> InfoRequest:
    """The applicant withdraws; the report counts it under 其他处理 (other_3)."""
    _check_office(actor, request.agency)
    status = _move(request, "withdraw")
    _not_before(on, request.received_on, "撤回日期", "收到日期")
    _not_future(on, "撤回日期")
    with transaction.atomic():
        before = snapshot(request, REQUEST_FIELDS)
        _close(request, status, "other_3", on)
        request.outcome_note = reason.strip() or "申请人撤回申请"
        _event(request, "withdraw", on, actor, "申请人撤回申请")
        _save(request, actor, "withdraw", before)
    return request


def _close(request: InfoRequest, status: str, outcome: str, on: date) -> None:
    request.status = status
    request.outcome = outcome
    request.closed_on = on
    request.due_on = None
    request.due_on_estimate = None


# -- appeals ---------------------------------------------------------------------------------


def appeal_record(
    *,
    request: InfoRequest,
    actor,
    kind: str,
    filed_on: date,
    litigation_kind: str = "",
    body: str = "",
    result: str = "pending",
    decided_on: date | None = None,
) -> Appeal:
    _check_office(actor, request.agency)
    _move(request, "appeal")
    if kind not in Appeal.Kind.values:
        raise RequestError(f"类型无效：{kind}")
    if kind == "litigation" and litigation_kind not in LITIGATION_KINDS:
        raise RequestError("行政诉讼须注明直接起诉或复议后起诉")
    if kind == "reconsideration":
        litigation_kind = ""
    if (
        litigation_kind == "after_reconsideration"
        and not request.appeals.filter(kind="reconsideration", filed_on__lt=filed_on).exists()
    ):
        raise RequestError("复议后起诉须先有行政复议记录")
    _not_before(filed_on, request.closed_on, "复议或起诉日期", "答复日期")
    _not_future(filed_on, "复议或起诉日期")
    with transaction.atomic():
        appeal = Appeal.objects.create(
            request=request,
            kind=kind,
            filed_on=filed_on,
            litigation_kind=litigation_kind,
            body=body.strip(),
            result=result,
            decided_on=decided_on,
        )
        _event(
            request,
            "appeal",
            filed_on,
            actor,
            f"申请人提起{appeal.get_kind_display()}",
            public=False,
        )
        audit_record(
            actor=actor,
            action="info_requests.appeal_record",
            target=request,
            after=snapshot(appeal, ("kind", "litigation_kind", "filed_on", "result")),
        )
    return appeal


def appeal_decide(*, appeal: Appeal, actor, result: str, decided_on: date) -> Appeal:
    _check_office(actor, appeal.request.agency)
    if result not in ("upheld", "corrected", "other"):
        raise RequestError(f"结果无效：{result}")
    _not_before(decided_on, appeal.filed_on, "审结日期", "申请或起诉日期")
    _not_future(decided_on, "审结日期")
    with transaction.atomic():
        before = snapshot(appeal, ("result", "decided_on"))
        appeal.result = result
        appeal.decided_on = decided_on
        appeal.save(update_fields=["result", "decided_on"])
        audit_record(
            actor=actor,
            action="info_requests.appeal_decide",
            target=appeal.request,
            before=before,
            after=snapshot(appeal, ("result", "decided_on")),
        )
    return appeal


# -- letters ---------------------------------------------------------------------------------


def template_for(kind: str, outcome: str = "") -> tuple[str, str, str]:
    """(title, number prefix, body): an administrator's template, else the default."""
    for key in ((kind, outcome), (kind, "")):
        row = LetterTemplate.objects.filter(kind=key[0], outcome=key[1]).first()
        if row is not None:
            return row.title, row.number_prefix, row.body
    return letter_rules.DEFAULTS[(kind, "")]


def _issue_letter(
    request, actor, kind, issued_on, values, *, recipient=None, for_applicant=True, outcome=""
) -> Letter:
    title, prefix, body = template_for(kind, outcome)
    agency = request.agency
    context = {
        "申请人": request.applicant_name,
        "编号": request.number,
        "收到日期": letter_rules.cn(request.received_on),
        "申请内容": request.description,
        "机关": agency.name,
        "答复期限": letter_rules.cn(request.due_on),
        "复议机关": agency.government.name,
        "联系电话": agency.office_phone,
        "办公地址": agency.office_address,
    } | values
    serial = next_serial(agency, issued_on.year, f"letter:{kind}")
    footer = [
        line
        for line in (
            f"联系机构：{agency.office_name}" if agency.office_name else "",
            f"联系电话：{agency.office_phone}" if agency.office_phone else "",
            f"通信地址：{agency.office_address}" if agency.office_address else "",
        )
        if line
    ]
    return Letter.objects.create(
        request=request,
        kind=kind,
        serial=serial,
        number=letter_rules.letter_number(
            agency.short_name or agency.name, prefix, issued_on.year, serial
        ),
        title=title,
        recipient=recipient or request.applicant_name,
        paragraphs=letter_rules.fill(body, context),
        footer_lines=footer,
        agency_name=agency.name,
        issued_on=issued_on,
        for_applicant=for_applicant,
    )


def letter_templates_seed(*, using: str = "default") -> list[str]:
    """Create a LetterTemplate row with the built-in wording for each letter that has none,
    so administrators see and edit the text from the start (`gongkai migrate` runs this).
    Idempotent: an existing row, edited or not, is never touched. Returns the kinds created."""
    created: list[str] = []
    with transaction.atomic(using=using):
        existing = set(
            LetterTemplate.objects.using(using).values_list("kind", "outcome").distinct()
        )
        for (kind, outcome), (title, prefix, body) in letter_rules.DEFAULTS.items():
            if (kind, outcome) in existing:
                continue
            row = LetterTemplate.objects.using(using).create(
                kind=kind, outcome=outcome, title=title, number_prefix=prefix, body=body
            )
            audit_record(
                actor=None,
                action="info_requests.letter_templates_seed",
                target=row,
                after=snapshot(row, ("kind", "outcome", "title", "number_prefix")),
                using=using,
            )
            created.append(kind)
    return created
