"""Writes for messages (留言 / 领导信箱) and enquiries (咨询), docs/law.md §8.

Each service checks permission, validates, moves the message through the state table
(states.py), records a timeline event and an audit record in one transaction, and rewrites
the stored due date from the message clock (clock.py).
"""

from __future__ import annotations

import secrets
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
from gongkai.interaction import clock as rules
from gongkai.interaction import states
from gongkai.interaction.labels import CHANNELS, ENQUIRY_CHANNELS, SATISFACTION, TYPES
from gongkai.interaction.models import (
    Enquiry,
    Message,
    MessageEvent,
    MessageSettings,
    MessageTransfer,
    ReplyTemplate,
)
from gongkai.interaction.publication import Withheld, public_texts
from gongkai.workdays.selectors import get_calendar

QUERY_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
QUERY_CODE_LENGTH = 8
MAX_TITLE = 100
MAX_BODY = 5000
MAX_REPLY = 10000
MAX_NAME = 50
MAX_CONTACT = 100
MAX_REASON = 300
MAX_TOPIC = 300
MAX_ANSWER = 5000
MAX_MINUTES = 600
MESSAGE_FIELDS = (
    "agency",
    "department",
    "status",
    "valid",
    "due_on",
    "replied_on",
    "public",
    "satisfaction",
)

DEFAULT_REPLY_TEMPLATES = [
    (
        "已办理",
        "{留言人}：您好！您于{收到日期}的留言（编号{编号}）收悉。经核实，现答复如下：\n"
        "……\n感谢您对我们工作的关心和支持。\n{机关}",
    ),
    (
        "政策解答",
        "{留言人}：您好！您于{收到日期}的留言（编号{编号}）收悉。关于您咨询的问题，"
        "根据有关规定答复如下：\n……\n如有疑问，请在工作时间致电我单位咨询。\n{机关}",
    ),
    (
        "已转交有关单位",
        "{留言人}：您好！您于{收到日期}的留言（编号{编号}）收悉。您反映的问题已交有关单位"
        "调查处理，处理结果将及时告知。\n{机关}",
    ),
]


class MessageError(ValueError):
    """A write refused: the message is for people, and nothing was changed."""


class PermissionDenied(MessageError):
    pass


# -- helpers ---------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _check_office(actor, agency: Agency) -> None:
    """The agency's disclosure office (which runs its messages) or an administrator; None is
    the system (imports, the portal)."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.has_role(Role.ADMIN) or (
        agency.pk in scope.agency_ids and scope.has_role(Role.DISCLOSURE_OFFICE)
    ):
        return
    raise PermissionDenied(f"只有{agency.name}的政府信息公开工作机构可以办理该留言")


def _check_handler(actor, message: Message) -> None:
    """Replying is open also to the staff of the department the message was assigned to."""
    if actor is not None and message.department_id:
        scope = scope_for(actor)
        if message.department_id in scope.department_ids:
            return
    _check_office(actor, message.agency)


def _not_future(day: date, what: str) -> None:
    if problem := dates.future_problem(day, what, _today()):
        raise MessageError(problem)


def _not_before(day: date, floor: date, what: str, floor_what: str) -> None:
    if problem := dates.order_problem(day, floor, what, floor_what):
        raise MessageError(problem)


def _move(message: Message, action: str) -> str:
    try:
        return states.next_status(message.status, action)
    except states.IllegalTransition as error:
        raise MessageError(str(error)) from None


def _event(message, action, on, actor, summary, public=True) -> MessageEvent:
    return MessageEvent.objects.create(
        message=message,
        action=action,
        on=on,
        actor=actor if getattr(actor, "pk", None) else None,
        summary=summary[:300],
        public=public,
    )


def _save(
    message: Message, actor, action: str, before: dict, *, clock_changed=False, **extra
) -> None:
    """Save and audit. Only a step that changes the clock's facts (a transfer, a conversion,
    marking invalid) recomputes the due date; the others leave it as it stands."""
    if clock_changed:
        message_recompute_due(message)
    message.save()
    audit_record(
        actor=actor,
        action=f"interaction.{action}",
        target=message,
        before=before,
        after=snapshot(message, MESSAGE_FIELDS) | extra,
    )


def query_code_digest(number: str, code: str) -> str:
    return salted_hmac("gongkai.interaction.query_code", f"{number}:{code.upper()}").hexdigest()


def query_code_matches(message: Message, code: str) -> bool:
    if not message.query_code_hash or not code:
        return False
    return constant_time_compare(message.query_code_hash, query_code_digest(message.number, code))


def reply_days_for(agency: Agency, type_: str) -> int:
    settings = MessageSettings.objects.filter(agency=agency).first()
    if settings is None:
        return rules.DEFAULT_REPLY_DAYS
    return settings.question_reply_days if type_ == "question" else settings.reply_days


def clock_facts(message: Message) -> rules.ClockFacts:
    restarts = [t.on for t in message.transfers.all()] if message.pk else []
    if message.converted_on:
        restarts.append(message.converted_on)
    return rules.ClockFacts(
        received_on=message.received_on,
        reply_days=reply_days_for(message.agency, message.type),
        restarts=tuple(restarts),
    )


def message_clock(message: Message) -> rules.Clock:
    return rules.compute_clock(clock_facts(message), get_calendar())


def message_recompute_due(message: Message) -> None:
    """`due_on` is what the clock computes from the facts (it changes only on receipt, a
    transfer and an Art. 39 conversion); kept after the reply so that "on time" can be read
    from it (docs/law.md §8), cleared for an invalid message."""
    if message.status == states.INVALID:
        message.due_on = None
    elif message.is_open:
        message.due_on = message_clock(message).due_on


def _clean_text(value: str, what: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise MessageError(f"{what}不能为空")
    if len(value) > limit:
        raise MessageError(f"{what}过长：{len(value)} 字，最多 {limit} 字")
    return value


# -- receiving -------------------------------------------------------------------------------


def government_office(agency: Agency | None = None) -> Agency | None:
    """The agency that receives the leader's mailbox (领导信箱): the government's office."""
    offices = Agency.objects.filter(kind=Agency.Kind.GOVERNMENT_OFFICE, is_active=True)
    if agency is not None:
        offices = offices.filter(government_id=agency.government_id)
    return offices.order_by("sort_order", "code").first()


def message_receive(
    *,
    agency: Agency,
    actor,
    channel: str,
    type: str,  # noqa: A002 - the field's name
    title: str,
    body: str,
    writer_name: str = "",
    contact: str = "",
    consent: bool = False,
    received_on: date | None = None,
    department: Department | None = None,
    source: str = "register",
    submission_key: str = "",
    submitted_from: str | None = None,
) -> tuple[Message, str]:
    """Register a message. Returns it and its secret query code, shown once and stored only
    as a digest ("" when the submission key was seen before: the first message is returned)."""
    if source == "register":
        _check_office(actor, agency)
    if channel not in CHANNELS:
        raise MessageError(f"渠道无效：{channel}")
    if type not in TYPES:
        raise MessageError(f"留言类型无效：{type}")
    title = _clean_text(title, "标题", MAX_TITLE)
    body = _clean_text(body, "留言内容", MAX_BODY)
    writer_name = _clean_text(writer_name, "姓名", MAX_NAME, required=False)
    contact = _clean_text(contact, "联系方式", MAX_CONTACT, required=False)
    if department is not None and department.agency_id != agency.pk:
        raise MessageError(f"科室“{department.name}”不属于{agency.name}")
    received_on = received_on or _today()
    _not_future(received_on, "收到日期")
    if submission_key:
        existing = Message.objects.filter(home_agency=agency, submission_key=submission_key).first()
        if existing is not None:
            return existing, ""
    code = "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(QUERY_CODE_LENGTH))
    try:
        with transaction.atomic():
            year = received_on.year
            serial = next_serial(agency, year, "message")
            number = f"{agency.code}-LY{year}-{serial:05d}"
            message = Message(
                home_agency=agency,
                agency=agency,
                department=department,
                year=year,
                serial=serial,
                number=number,
                query_code_hash=query_code_digest(number, code),
                channel=channel,
                type=type,
                title=title,
                body=body,
                writer_name=writer_name,
                contact=contact,
                consent=consent,
                received_on=received_on,
                status=states.ASSIGNED if department else states.RECEIVED,
                source=source,
                submission_key=submission_key,
                submitted_from=submitted_from or None,
            )
            message_recompute_due(message)
            message.save()
            _event(message, "receive", received_on, actor, f"收到留言（{CHANNELS[channel]}）")
            audit_record(
                actor=actor,
                action="interaction.receive",
                target=message,
                after=snapshot(message, ("number", "channel", "type", "received_on", "due_on")),
            )
    except IntegrityError:
        if submission_key:
            return Message.objects.get(home_agency=agency, submission_key=submission_key), ""
        raise
    return message, code


# -- handling --------------------------------------------------------------------------------


def message_assign(
    *, message: Message, actor, department: Department, on: date | None = None
) -> Message:
    _check_office(actor, message.agency)
    status = _move(message, "assign")
    if department.agency_id != message.agency_id:
        raise MessageError(f"科室“{department.name}”不属于{message.agency.name}")
    on = on or _today()
    _not_before(on, message.received_on, "交办日期", "收到日期")
    with transaction.atomic():
        before = snapshot(message, MESSAGE_FIELDS)
        message.department = department
        message.status = status
        _event(message, "assign", on, actor, f"交{department.name}办理", public=False)
        _save(message, actor, "assign", before)
    return message


def message_transfer(
    *, message: Message, actor, to_agency: Agency, reason: str, on: date | None = None
) -> MessageTransfer:
    """Send the message on to the agency that should answer it; the limit restarts from the
    day that agency gets it (docs/law.md §8). The tracking number stays."""
    _check_office(actor, message.agency)
    status = _move(message, "transfer")
    reason = _clean_text(reason, "转办理由", MAX_REASON)
    if to_agency.pk == message.agency_id:
        raise MessageError("不能转办给本机关")
    if not to_agency.is_active:
        raise MessageError(f"{to_agency.name}已停用，不能转办")
    on = on or _today()
    _not_before(on, message.received_on, "转办日期", "收到日期")
    _not_future(on, "转办日期")
    with transaction.atomic():
        before = snapshot(message, MESSAGE_FIELDS)
        transfer = MessageTransfer.objects.create(
            message=message,
            from_agency=message.agency,
            to_agency=to_agency,
            reason=reason,
            on=on,
            actor=actor if getattr(actor, "pk", None) else None,
        )
        _event(message, "transfer", on, actor, f"由{message.agency.name}转交{to_agency.name}办理")
        message.agency = to_agency
        message.department = None
        message.status = status
        _save(message, actor, "transfer", before, clock_changed=True, reason=reason)
    return transfer


def message_reply(
    *, message: Message, actor, reply: str, replied_on: date | None = None
) -> Message:
    _check_handler(actor, message)
    status = _move(message, "reply")
    reply = _clean_text(reply, "答复内容", MAX_REPLY)
    replied_on = replied_on or _today()
    _not_before(replied_on, message.received_on, "答复日期", "收到日期")
    _not_future(replied_on, "答复日期")
    with transaction.atomic():
        before = snapshot(message, MESSAGE_FIELDS)
        late = not rules.on_time(replied_on, message.due_on)
        message.status = status
        message.reply = reply
        message.replied_on = replied_on
        message.replied_by = actor if getattr(actor, "pk", None) else None
        _event(
            message, "reply", replied_on, actor, "作出答复" + ("（超过答复期限）" if late else "")
        )
        if message.consent and message.valid:
            _apply_publication(message, replied_on)
        _save(message, actor, "reply", before, late=late)
    return message


def message_mark_invalid(
    *, message: Message, actor, reason: str, on: date | None = None
) -> Message:
    """Spam, abuse, a duplicate or no content (docs/law.md §8): counted as received, not valid."""
    _check_office(actor, message.agency)
    status = _move(message, "mark_invalid")
    reason = _clean_text(reason, "无效原因", MAX_REASON)
    on = on or _today()
    _not_before(on, message.received_on, "日期", "收到日期")
    with transaction.atomic():
        before = snapshot(message, MESSAGE_FIELDS)
        message.status = status
        message.valid = False
        message.invalid_reason = reason
        message.closed_on = on
        message.public = False
        _event(message, "mark_invalid", on, actor, f"经审核为无效留言：{reason}")
        _save(message, actor, "mark_invalid", before, clock_changed=True, reason=reason)
    return message


def message_rate(*, message: Message, satisfaction: str, on: date | None = None) -> Message:
    """The writer rates the reply, once (from the status page, with the query code)."""
    status = _move(message, "rate")
    if satisfaction not in SATISFACTION:
        raise MessageError("请选择满意、基本满意或不满意")
    on = on or _today()
    with transaction.atomic():
        before = snapshot(message, MESSAGE_FIELDS)
        message.status = status
        message.satisfaction = satisfaction
        message.rated_on = on
        message.closed_on = on
        _event(message, "rate", on, None, f"留言人评价：{SATISFACTION[satisfaction]}")
        _save(message, None, "rate", before)
    return message


def message_close(*, message: Message, actor, on: date | None = None) -> Message:
    _check_office(actor, message.agency)
    status = _move(message, "close")
    on = on or _today()
    with transaction.atomic():
        before = snapshot(message, MESSAGE_FIELDS)
        message.status = status
        message.closed_on = on
        _event(message, "close", on, actor, "办结")
        _save(message, actor, "close", before)
    return message


def _apply_publication(message: Message, on: date) -> None:
    try:
        texts = public_texts(
            title=message.title,
            body=message.body,
            reply=message.reply,
            writer_name=message.writer_name,
            contact=message.contact,
        )
    except Withheld as error:
        message.public = False
        message.public_title = message.public_body = message.public_reply = ""
        message.hidden_reason = str(error)
        message.hidden_on = on
        return
    message.public = True
    message.public_title, message.public_body, message.public_reply = texts
    message.published_on = on
    message.hidden_reason = ""
    message.hidden_on = None


def message_publish(*, message: Message, actor) -> Message:
    """Show a replied message on the portal: only with the writer's consent, and only the
    texts the privacy guard has masked (docs/law.md §8)."""
    _check_office(actor, message.agency)
    _move(message, "publish")
    if not message.consent:
        raise MessageError("留言人未同意公开，不能公开")
    if not message.valid:
        raise MessageError("无效留言不能公开")
    with transaction.atomic():
        before = snapshot(message, MESSAGE_FIELDS)
        _apply_publication(message, _today())
        if not message.public:
            raise MessageError(f"不能公开：{message.hidden_reason}")
        _event(message, "publish", _today(), actor, "在网站公开（已做个人信息保护处理）")
        _save(message, actor, "publish", before)
    return message


def message_hide(*, message: Message, actor, reason: str) -> Message:
    _check_office(actor, message.agency)
    _move(message, "hide")
    reason = _clean_text(reason, "不予公开原因", MAX_REASON)
    with transaction.atomic():
        before = snapshot(message, MESSAGE_FIELDS)
        message.public = False
        message.public_title = message.public_body = message.public_reply = ""
        message.hidden_reason = reason
        message.hidden_on = _today()
        _event(message, "hide", _today(), actor, f"不予公开：{reason}")
        _save(message, actor, "hide", before, reason=reason)
    return message


# -- reply templates -------------------------------------------------------------------------


def reply_templates() -> list[tuple[str, str]]:
    rows = [(t.name, t.body) for t in ReplyTemplate.objects.all()]
    return rows or list(DEFAULT_REPLY_TEMPLATES)


def fill_template(body: str, message: Message) -> str:
    values = {
        "留言人": message.writer_name or "网友",
        "编号": message.number,
        "机关": message.agency.name,
        "收到日期": f"{message.received_on.year}年{message.received_on.month}月"
        f"{message.received_on.day}日",
    }
    for key, value in values.items():
        body = body.replace("{" + key + "}", value)
    return body


# -- Art. 39: an application that is really a complaint --------------------------------------

_CHANNEL_FROM_REQUEST = {"online": "website", "email": "email"}


def message_from_request(
    *,
    request,
    actor,
    type: str = "complaint",
    on: date | None = None,  # noqa: A002
) -> Message:
    """Turn an application that is really a 信访、投诉、举报 (Art. 39) into a message: the
    application closes as not_processed_1 through the applications' own reply service, and
    the message's clock starts on the day of the conversion."""
    from gongkai.info_requests import services as requests

    _check_office(actor, request.agency)
    if type not in TYPES:
        raise MessageError(f"留言类型无效：{type}")
    if Message.objects.filter(from_request=request).exists():
        raise MessageError("该申请已转为留言")
    on = on or _today()
    contact = "，".join(p for p in (request.phone, request.email, request.address) if p)
    with transaction.atomic():
        message, _ = message_receive(
            agency=request.agency,
            actor=actor,
            channel=_CHANNEL_FROM_REQUEST.get(request.channel, "letter"),
            type=type,
            title=f"（由政府信息公开申请{request.number}转入）"[:MAX_TITLE],
            body=request.description,
            writer_name=request.applicant_name[:MAX_NAME],
            contact=contact[:MAX_CONTACT],
            consent=False,
            received_on=request.received_on,
        )
        before = snapshot(message, MESSAGE_FIELDS)
        message.from_request = request
        message.converted_on = on
        _event(
            message,
            "convert",
            on,
            actor,
            f"由政府信息公开申请{request.number}转为留言办理（条例第三十九条）",
        )
        _save(message, actor, "convert", before, clock_changed=True, request=request.number)
        try:
            requests.request_reply(
                request=request,
                actor=actor,
                outcome="not_processed_1",
                replied_on=on,
                note=f"您的申请属于信访、投诉、举报类事项，已转为留言办理，留言编号{message.number}。",
            )
        except requests.RequestError as error:
            raise MessageError(str(error)) from None
    return message


# -- enquiries -------------------------------------------------------------------------------


def enquiry_register(
    *,
    agency: Agency,
    actor,
    channel: str,
    topic: str,
    answer: str = "",
    minutes: int | None = None,
    on: date | None = None,
    source: str = "register",
) -> Enquiry:
    """Record an enquiry answered at the counter, by phone or online (not an application)."""
    if actor is not None:
        scope = scope_for(actor)
        if not (
            scope.has_role(Role.ADMIN)
            or agency.pk in scope.agency_ids
            or agency.pk in scope.member_agency_ids
        ):
            raise PermissionDenied(f"只有{agency.name}的工作人员可以登记咨询")
    if channel not in ENQUIRY_CHANNELS:
        raise MessageError("渠道应为电话、当面或网上")
    topic = _clean_text(topic, "咨询事项", MAX_TOPIC)
    answer = _clean_text(answer, "答复", MAX_ANSWER, required=False)
    if minutes is not None and not 0 < minutes <= MAX_MINUTES:
        raise MessageError(f"用时应为 1 到 {MAX_MINUTES} 分钟")
    on = on or _today()
    _not_future(on, "日期")
    with transaction.atomic():
        enquiry = Enquiry.objects.create(
            agency=agency,
            on=on,
            channel=channel,
            topic=topic,
            answer=answer,
            minutes=minutes,
            by=actor if getattr(actor, "pk", None) else None,
            source=source,
        )
        audit_record(
            actor=actor,
            action="interaction.enquiry_register",
            target=enquiry,
            after=snapshot(enquiry, ("agency", "on", "channel", "minutes")),
        )
    return enquiry
