"""Writes for comment calls (征求意见, docs/law.md §9).

Each service checks permission, validates (a refusal raises CallError with a Chinese message
and changes nothing), moves the call or the comment through the state table (states.py) and
writes an audit record in the same transaction.
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, Department, Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.services import audit_record
from gongkai.catalogue import attachments as files
from gongkai.catalogue import privacy
from gongkai.core.services import next_serial
from gongkai.core.snapshot import snapshot
from gongkai.interaction.publication import Withheld, mask_text
from gongkai.participation import articles, periods, states
from gongkai.participation.labels import CHANNELS, DECISIONS, KINDS
from gongkai.participation.models import CallAttachment, Comment, CommentCall, Opinion
from gongkai.workdays.calendar import ScheduleNotLoaded
from gongkai.workdays.selectors import get_calendar

MAX_TITLE = 200
MAX_DRAFT = 100_000
MAX_NOTE = 30_000
MAX_CONTACT = 200
MAX_ADDRESS = 300
MAX_EMAIL = 200
MAX_REASON = 500
MAX_HIDE_REASON = 300
MAX_COMMENT = 5000
MAX_NAME = 50
MAX_COMMENT_CONTACT = 100
MAX_OPINION = 5000
MAX_SUMMARY = 20_000
MIN_COMMENT = 5
NO_CONSENT_REASON = "提交人未同意公开"
CALL_FIELDS = (
    "status",
    "title",
    "kind",
    "opens_on",
    "closes_on",
    "shortened_reason",
    "withdrawn_reason",
    "summary_published_on",
    "final_item",
)
COMMENT_FIELDS = ("status", "hidden_reason", "merged_into", "opinion")


class CallError(ValueError):
    """A write refused: the message is for people, and nothing was changed."""


class PermissionDenied(CallError):
    pass


def _today() -> date:
    return timezone.localdate()


def _check_office(actor, agency: Agency) -> None:
    """The drafting agency's disclosure office or an administrator (None is the system:
    the nightly close, the demo)."""
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.has_role(Role.ADMIN) or (
        agency.pk in scope.agency_ids and scope.has_role(Role.DISCLOSURE_OFFICE)
    ):
        return
    raise PermissionDenied(f"只有{agency.name}的政府信息公开工作机构可以办理该征求意见")


def _on(day: date | None) -> date:
    """The day of a decision: today, or an earlier day given for a record (never later)."""
    today = _today()
    if day is None:
        return today
    if day > today:
        raise CallError("日期不能晚于今天")
    return day


def _move(call: CommentCall, action: str) -> str:
    try:
        return states.next_status(call.status, action)
    except states.IllegalTransition as error:
        raise CallError(str(error)) from None


def _move_comment(comment: Comment, action: str) -> str:
    try:
        return states.next_comment_status(comment.status, action)
    except states.IllegalTransition as error:
        raise CallError(str(error)) from None


def _clean(value: str, what: str, limit: int, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CallError(f"{what}不能为空")
    if len(value) > limit:
        raise CallError(f"{what}过长：{len(value)} 字，最多 {limit} 字")
    return value


def _audit(actor, action: str, target, before: dict | None = None, **extra) -> None:
    after = snapshot(target, CALL_FIELDS if isinstance(target, CommentCall) else COMMENT_FIELDS)
    audit_record(
        actor=actor,
        action=f"participation.{action}",
        target=target,
        before=before,
        after=after | extra,
    )


def _date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# -- the call --------------------------------------------------------------------------------


def check_period(*, kind: str, opens_on: date, closes_on: date, reason: str) -> str:
    """The reason to keep: the stated one when the period is shorter than the minimum, ""
    otherwise (a reason is published only with a shortened period). Refuses a period below
    the minimum without a reason (重大行政决策程序暂行条例 Art. 14; docs/law.md §9)."""
    calendar = get_calendar()
    try:
        problem = periods.period_problem(
            kind=kind,
            opens_on=opens_on,
            closes_on=closes_on,
            reason=reason,
            add_workdays=calendar.add,
        )
        shortened = problem is None and periods.is_shortened(
            kind, opens_on, closes_on, calendar.add
        )
    except ScheduleNotLoaded as error:
        raise CallError(str(error)) from None
    if problem:
        raise CallError(problem)
    return reason.strip() if shortened else ""


def _validated(
    *,
    agency: Agency,
    department: Department | None,
    title: str,
    kind: str,
    draft: str,
    drafting_note: str,
    opens_on: date,
    closes_on: date,
    shortened_reason: str,
    contact: str,
    via_website: bool,
    letter_address: str,
    email_address: str,
) -> dict:
    if kind not in KINDS:
        raise CallError(f"文件类型无效：{kind}")
    if department is not None and department.agency_id != agency.pk:
        raise CallError(f"科室“{department.name}”不属于{agency.name}")
    values = {
        "title": _clean(title, "标题", MAX_TITLE),
        "draft": _clean(draft, "征求意见稿", MAX_DRAFT),
        "drafting_note": _clean(drafting_note, "起草说明", MAX_NOTE),
        "contact": _clean(contact, "联系人及电话", MAX_CONTACT),
        "letter_address": _clean(letter_address, "信函地址", MAX_ADDRESS, required=False),
        "email_address": _clean(email_address, "电子邮箱", MAX_EMAIL, required=False),
        "shortened_reason": _clean(shortened_reason, "缩短期限的理由", MAX_REASON, required=False),
    }
    if not (via_website or values["letter_address"] or values["email_address"]):
        raise CallError("请至少提供一种提交意见的渠道：网站、信函地址或电子邮箱")
    blocks = articles.split(values["draft"])
    if not articles.article_numbers(blocks):
        raise CallError("征求意见稿中没有找到条款（如“第一条　……”），请检查格式")
    if twice := articles.duplicate_numbers(blocks):
        # A comment names its article by number: each number must be one article.
        labels = "、".join(articles.article_label(n) for n in twice)
        raise CallError(f"征求意见稿中{labels}出现了不止一次，请检查条款编号")
    values["shortened_reason"] = check_period(
        kind=kind, opens_on=opens_on, closes_on=closes_on, reason=values["shortened_reason"]
    )
    return values | {
        "agency": agency,
        "department": department,
        "kind": kind,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "via_website": via_website,
    }


def call_create(
    *,
    agency: Agency,
    actor,
    title: str,
    kind: str,
    draft: str,
    drafting_note: str,
    opens_on: date,
    closes_on: date,
    contact: str,
    shortened_reason: str = "",
    department: Department | None = None,
    via_website: bool = True,
    letter_address: str = "",
    email_address: str = "",
    name_required: bool = False,
    contact_required: bool = False,
) -> CommentCall:
    _check_office(actor, agency)
    values = _validated(
        agency=agency,
        department=department,
        title=title,
        kind=kind,
        draft=draft,
        drafting_note=drafting_note,
        opens_on=opens_on,
        closes_on=closes_on,
        shortened_reason=shortened_reason,
        contact=contact,
        via_website=via_website,
        letter_address=letter_address,
        email_address=email_address,
    )
    with transaction.atomic():
        call = CommentCall.objects.create(
            **values,
            name_required=name_required,
            contact_required=contact_required,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        _audit(actor, "call_create", call)
    return call


def call_update(*, call: CommentCall, actor, **fields) -> CommentCall:
    """Edit a draft call (every field of call_create except the agency)."""
    _check_office(actor, call.agency)
    _move(call, "edit")
    current = {
        name: getattr(call, name)
        for name in (
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
    }
    unknown = set(fields) - set(current)
    if unknown:
        raise CallError(f"不能修改：{'、'.join(sorted(unknown))}")
    merged = current | fields
    flags = {k: merged.pop(k) for k in ("name_required", "contact_required")}
    values = _validated(agency=call.agency, **merged)
    with transaction.atomic():
        before = snapshot(call, CALL_FIELDS)
        for name, value in (values | flags).items():
            setattr(call, name, value)
        call.save()
        _audit(actor, "call_update", call, before)
    return call


def call_attachment_add(*, call: CommentCall, actor, data: bytes, name: str) -> CallAttachment:
    """Attach a file to a draft call after the catalogue's checks (size, type by content,
    a DOCX/XLSX's ZIP directory, an image's header: core.file_limits)."""
    _check_office(actor, call.agency)
    _move(call, "edit")
    try:
        mime = files.check(data, name)
    except files.AttachmentError as error:
        raise CallError(str(error)) from None
    with transaction.atomic():
        attachment = CallAttachment(
            call=call, name=name[:200], mime=mime, size=len(data), sha256=files.sha256(data)
        )
        attachment.file.save(files.stored_name(mime), ContentFile(data), save=False)
        attachment.save()
        audit_record(
            actor=actor,
            action="participation.attachment_add",
            target=call,
            after={"attachment": name[:200], "sha256": attachment.sha256, "mime": mime},
        )
    return attachment


def call_attachment_remove(*, attachment: CallAttachment, actor) -> None:
    call = attachment.call
    _check_office(actor, call.agency)
    _move(call, "edit")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="participation.attachment_remove",
            target=call,
            before={"attachment": attachment.name, "sha256": attachment.sha256},
        )
        attachment.delete()
        transaction.on_commit(lambda: attachment.file.delete(save=False))


def call_open(*, call: CommentCall, actor, on: date | None = None) -> CommentCall:
    """Publish the call (on `on`, default today; an earlier day only for records of calls
    published before, such as the demo). A call whose opening date is before the day it is
    published is refused: publishing late would shorten the period the public had (Art. 14)."""
    _check_office(actor, call.agency)
    status = _move(call, "open")
    today = on or _today()
    if today > _today():
        raise CallError("发布日期不能晚于今天")
    if call.opens_on < today:
        raise CallError(f"开始日期（{_date(call.opens_on)}）已过，请先修改开始日期和截止日期再发布")
    reason = check_period(
        kind=call.kind,
        opens_on=call.opens_on,
        closes_on=call.closes_on,
        reason=call.shortened_reason,
    )
    with transaction.atomic():
        before = snapshot(call, CALL_FIELDS)
        call.status = status
        call.shortened_reason = reason
        call.published_on = today
        call.save()
        _audit(actor, "call_open", call, before)
    return call


def call_close(*, call: CommentCall, actor, on: date | None = None) -> CommentCall:
    """End the period. Not before the closing date has passed: the public keeps every day
    it was promised."""
    _check_office(actor, call.agency)
    status = _move(call, "close")
    today = on or _today()
    if today > _today():
        raise CallError("截止处理日期不能晚于今天")
    if today <= call.closes_on:
        raise CallError(f"征求意见期限至{_date(call.closes_on)}，期限届满前不能截止")
    with transaction.atomic():
        before = snapshot(call, CALL_FIELDS)
        call.status = status
        call.closed_on = today
        call.save()
        _audit(actor, "call_close", call, before)
    return call


def calls_close_due() -> int:
    """Close every open call whose closing date has passed (the nightly task)."""
    today = _today()
    closed = 0
    for call in CommentCall.objects.filter(status=states.OPEN, closes_on__lt=today):
        call_close(call=call, actor=None)
        closed += 1
    return closed


def call_withdraw(*, call: CommentCall, actor, reason: str) -> CommentCall:
    _check_office(actor, call.agency)
    status = _move(call, "withdraw")
    reason = _clean(reason, "撤回理由", MAX_HIDE_REASON)
    with transaction.atomic():
        before = snapshot(call, CALL_FIELDS)
        call.status = status
        call.withdrawn_reason = reason
        call.withdrawn_on = _today()
        call.save()
        _audit(actor, "call_withdraw", call, before)
    return call


def call_link_final(*, call: CommentCall, actor, item) -> CommentCall:
    """Link the final document (a published catalogue item); None removes the link."""
    _check_office(actor, call.agency)
    _move(call, "link_final")
    if item is not None and item.status != "published":
        raise CallError("只能关联已公开的正式文件")
    with transaction.atomic():
        before = snapshot(call, CALL_FIELDS)
        call.final_item = item
        call.save()
        _audit(actor, "call_link_final", call, before)
    return call


# -- comments --------------------------------------------------------------------------------


def accepting_problem(call: CommentCall, today: date) -> str | None:
    """Why the call does not take comments today (None when it does)."""
    if call.status != states.OPEN:
        if call.status == states.WITHDRAWN:
            return "该征求意见已撤回，不再接受意见"
        if call.status == states.DRAFT:
            return "该征求意见尚未发布，不接受意见"
        return f"征求意见已于{_date(call.closes_on)}截止，不再接受意见"
    if today < call.opens_on:
        return f"征求意见自{_date(call.opens_on)}开始，尚未开始接受意见"
    if today > call.closes_on:
        return f"征求意见已于{_date(call.closes_on)}截止，不再接受意见"
    if not call.via_website:
        return "该征求意见不接受网站提交，请通过信函或电子邮件提出意见"
    return None


def receipt_number(call: CommentCall, year: int, serial: int) -> str:
    return f"{call.agency.code}-YJ{year}-{serial:05d}"


def comment_submit(
    *,
    call: CommentCall,
    body: str,
    article: int | None = None,
    name: str = "",
    contact: str = "",
    consent: bool = False,
    submission_key: str = "",
    submitted_from: str | None = None,
    on: date | None = None,
) -> Comment:
    """A citizen's comment from the portal. The same submission key twice gives the first
    comment back. The privacy guard runs on the text; a comment without consent to
    publication is never shown and needs no moderation (docs/law.md §9). `on` (default
    today) is for records of earlier comments, such as the demo's."""
    today = on or _today()
    if today > _today():
        raise CallError("提交日期不能晚于今天")
    if problem := accepting_problem(call, today):
        raise CallError(problem)
    body = _clean(body, "意见内容", MAX_COMMENT)
    if len(body) < MIN_COMMENT:
        raise CallError(f"意见内容过短，请至少写{MIN_COMMENT}个字")
    name = _clean(name, "姓名", MAX_NAME, required=call.name_required)
    contact = _clean(contact, "联系方式", MAX_COMMENT_CONTACT, required=call.contact_required)
    if article is not None and article not in articles.article_numbers(articles.split(call.draft)):
        raise CallError("征求意见稿中没有这一条")
    if submission_key:
        existing = Comment.objects.filter(call=call, submission_key=submission_key).first()
        if existing is not None:
            return existing
    try:
        return _save_comment(
            call=call,
            actor=None,
            action="comment_submit",
            received_on=today,
            decided_on=today,
            values={
                "article": article,
                "body": body,
                "name": name,
                "contact": contact,
                "consent": consent,
                "submission_key": submission_key,
                "submitted_from": submitted_from or None,
            },
        )
    except IntegrityError:
        if submission_key:
            return Comment.objects.get(call=call, submission_key=submission_key)
        raise


def _save_comment(
    *, call, actor, action: str, received_on: date, decided_on: date, values: dict
) -> Comment:
    """Number, privacy-scan, save and audit a comment (portal or staff-recorded). Without
    consent to publication it is never shown and needs no moderation (docs/law.md §9)."""
    flags = sorted({finding.kind for finding in privacy.scan(values["body"])})
    with transaction.atomic():
        year = received_on.year
        serial = next_serial(call.agency, year, "comment")
        comment = Comment(
            call=call,
            receipt_number=receipt_number(call, year, serial),
            received_on=received_on,
            privacy_flags=flags,
            **values,
        )
        if not comment.consent:
            comment.status = states.HIDDEN
            comment.hidden_reason = NO_CONSENT_REASON
            comment.moderated_on = decided_on
        comment.save()
        audit_record(
            actor=actor,
            action=f"participation.{action}",
            target=comment,
            after=snapshot(comment, ("receipt_number", "article", "consent", "status", "channel"))
            | {"call": call.pk, "privacy_flags": flags},
        )
    return comment


# Channels a call may name besides the website, with the call field that names each.
STAFF_CHANNELS = {"letter": "letter_address", "email": "email_address"}
RECORDABLE = frozenset({states.OPEN, states.CLOSED})


def comment_record(
    *,
    call: CommentCall,
    actor,
    channel: str,
    received_on: date,
    body: str,
    postmarked_on: date | None = None,
    article: int | None = None,
    name: str = "",
    contact: str = "",
    consent: bool = False,
) -> Comment:
    """A comment received by letter or e-mail, entered by the drafting unit's staff with the
    name, contact and consent as the commenter gave them. It counts when received within the
    period, or — a letter — when postmarked by the closing date (the period the public was
    promised, docs/law.md §9); it then goes through the same guard and moderation as a
    portal comment."""
    _check_office(actor, call.agency)
    if channel not in STAFF_CHANNELS:
        raise CallError("请选择信函或电子邮件")
    label = CHANNELS[channel]
    if not getattr(call, STAFF_CHANNELS[channel]):
        raise CallError(f"该征求意见未公布{label}渠道，不能录入{label}意见")
    if call.status not in RECORDABLE:
        if call.status == states.SUMMARISED:
            raise CallError("意见采纳情况反馈已发布，不能再录入意见")
        raise CallError(f"征求意见当前状态为“{states.STATUS_LABELS[call.status]}”，不能录入意见")
    today = _today()
    if received_on > today:
        raise CallError("收到日期不能晚于今天")
    if received_on < call.opens_on:
        raise CallError(f"收到日期早于征求意见开始日期（{_date(call.opens_on)}）")
    if postmarked_on is not None:
        if channel != "letter":
            raise CallError("只有信函有邮戳日期")
        if postmarked_on > received_on:
            raise CallError("邮戳日期不能晚于收到日期")
    if received_on > call.closes_on:
        if channel != "letter":
            raise CallError(f"征求意见已于{_date(call.closes_on)}截止，该电子邮件收到时已过期限")
        if postmarked_on is None:
            raise CallError(f"信函收到时已过截止日期（{_date(call.closes_on)}），请填写邮戳日期")
        if postmarked_on > call.closes_on:
            raise CallError(f"邮戳日期晚于截止日期（{_date(call.closes_on)}），该意见已过期限")
    body = _clean(body, "意见内容", MAX_COMMENT)
    if len(body) < MIN_COMMENT:
        raise CallError(f"意见内容过短，请至少写{MIN_COMMENT}个字")
    name = _clean(name, "姓名", MAX_NAME, required=False)
    contact = _clean(contact, "联系方式", MAX_COMMENT_CONTACT, required=False)
    if article is not None and article not in articles.article_numbers(articles.split(call.draft)):
        raise CallError("征求意见稿中没有这一条")
    return _save_comment(
        call=call,
        actor=actor,
        action="comment_record",
        received_on=received_on,
        decided_on=today,
        values={
            "article": article,
            "body": body,
            "name": name,
            "contact": contact,
            "consent": consent,
            "channel": channel,
            "postmarked_on": postmarked_on,
            "entered_by": actor if getattr(actor, "pk", None) else None,
        },
    )


def _moderator(actor, comment: Comment) -> None:
    _check_office(actor, comment.call.agency)
    _move(comment.call, "moderate")


def comment_publish(*, comment: Comment, actor, on: date | None = None) -> Comment:
    """Show the comment on the portal: only with consent, and only the copy the privacy
    guard has masked (the commenter's own name and contact masked wherever they appear)."""
    _moderator(actor, comment)
    status = _move_comment(comment, "publish")
    day = _on(on)
    if not comment.consent:
        raise CallError("提交人未同意公开，不能公开该意见")
    try:
        public = mask_text(comment.body, comment.name, comment.contact)
    except Withheld as error:
        raise CallError(f"该意见{error}，请选择不予公开") from None
    with transaction.atomic():
        before = snapshot(comment, COMMENT_FIELDS)
        comment.status = status
        comment.public_body = public
        comment.hidden_reason = ""
        comment.moderated_on = day
        comment.moderated_by = actor
        comment.save()
        _audit(actor, "comment_publish", comment, before)
    return comment


def comment_hide(*, comment: Comment, actor, reason: str, on: date | None = None) -> Comment:
    """Not shown, with the reason shown publicly instead (never silently removed)."""
    _moderator(actor, comment)
    status = _move_comment(comment, "hide")
    day = _on(on)
    reason = _clean(reason, "不予公开原因", MAX_HIDE_REASON)
    with transaction.atomic():
        before = snapshot(comment, COMMENT_FIELDS)
        comment.status = status
        comment.public_body = ""
        comment.hidden_reason = reason
        comment.moderated_on = day
        comment.moderated_by = actor
        comment.save()
        _audit(actor, "comment_hide", comment, before, reason=reason)
    return comment


def comment_merge(
    *, comment: Comment, actor, into: Comment, reason: str, on: date | None = None
) -> Comment:
    """A duplicate (the same person's same comment twice, a copied mass comment) is merged
    into the first: counted once, and shown publicly as merged."""
    _moderator(actor, comment)
    status = _move_comment(comment, "merge")
    day = _on(on)
    reason = _clean(reason, "合并理由", MAX_HIDE_REASON)
    if into.call_id != comment.call_id:
        raise CallError("只能合并同一征求意见下的意见")
    if into.pk == comment.pk or into.status == states.MERGED:
        raise CallError("不能合并到该意见：请选择一条未被合并的其他意见")
    with transaction.atomic():
        before = snapshot(comment, COMMENT_FIELDS)
        comment.status = status
        comment.merged_into = into
        comment.public_body = ""
        comment.hidden_reason = reason
        comment.moderated_on = day
        comment.moderated_by = actor
        comment.save()
        _audit(actor, "comment_merge", comment, before, reason=reason, into=into.receipt_number)
    return comment


# -- after closing: opinions and the adoption summary -----------------------------------------


def opinion_save(
    *,
    call: CommentCall,
    actor,
    summary: str,
    decision: str,
    reason: str,
    comments: list[Comment],
    opinion: Opinion | None = None,
) -> Opinion:
    """Group comments into one opinion with the decision; a reason is required unless the
    opinion is adopted in full (docs/law.md §9)."""
    _check_office(actor, call.agency)
    _move(call, "edit_opinions")
    summary = _clean(summary, "意见内容", MAX_OPINION)
    if decision not in DECISIONS:
        raise CallError("请选择采纳、部分采纳或未采纳")
    reason = _clean(reason, "理由", MAX_OPINION, required=decision != "adopted")
    if any(c.call_id != call.pk for c in comments):
        raise CallError("只能归入本征求意见收到的意见")
    if opinion is not None and opinion.call_id != call.pk:
        raise CallError("该意见归类不属于本征求意见")
    with transaction.atomic():
        before = None
        if opinion is None:
            opinion = Opinion(call=call, sort_order=call.opinions.count() + 1)
        else:
            before = {"summary": opinion.summary, "decision": opinion.decision}
        opinion.summary = summary
        opinion.decision = decision
        opinion.reason = reason
        opinion.save()
        opinion.comments.exclude(pk__in=[c.pk for c in comments]).update(opinion=None)
        Comment.objects.filter(pk__in=[c.pk for c in comments]).update(opinion=opinion)
        audit_record(
            actor=actor,
            action="participation.opinion_save",
            target=call,
            before=before,
            after={
                "opinion": opinion.pk,
                "decision": decision,
                "reason": reason,
                "comments": sorted(c.receipt_number for c in comments),
            },
        )
    return opinion


def opinion_delete(*, opinion: Opinion, actor) -> None:
    call = opinion.call
    _check_office(actor, call.agency)
    _move(call, "edit_opinions")
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="participation.opinion_delete",
            target=call,
            before={"opinion": opinion.pk, "summary": opinion.summary[:200]},
        )
        opinion.delete()


def summary_publish(*, call: CommentCall, actor, intro: str, on: date | None = None) -> CommentCall:
    """Publish the adoption summary (意见采纳情况反馈). Every comment must have been
    moderated, and when comments were received at least one opinion must state the
    decision on them."""
    _check_office(actor, call.agency)
    status = _move(call, "summarise")
    day = _on(on)
    intro = _clean(intro, "采纳情况说明", MAX_SUMMARY)
    if call.comments.filter(status=states.PENDING).exists():
        raise CallError("还有待审核的意见，请先审核全部意见")
    if call.comments.exclude(status=states.MERGED).exists() and not call.opinions.exists():
        raise CallError("请先将收到的意见归类并说明采纳情况")
    with transaction.atomic():
        before = snapshot(call, CALL_FIELDS)
        call.status = status
        call.summary_intro = intro
        call.summary_published_on = day
        call.save()
        _audit(actor, "summary_publish", call, before)
    return call
