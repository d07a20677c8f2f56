"""Writes for the catalogue (主动公开). Every write is audited in its own transaction.

Workflow: draft → secrecy review (保密审查) → approval (审批) → published; then the validity
changes (amended, repealed) or the item is withdrawn. Nothing is published without a recorded
secrecy review and approval, nor while a privacy finding is open.
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.services import audit_record
from gongkai.catalogue import attachments as files
from gongkai.catalogue import index_numbers, privacy
from gongkai.catalogue.content_hash import content_hash
from gongkai.catalogue.models import (
    Attachment,
    Item,
    PrivacyFinding,
    PublicTally,
    Review,
    Workflow,
)
from gongkai.catalogue.selectors import tally_as_kept, tally_from_items
from gongkai.catalogue.taxonomy import ATTRIBUTES, GENRES, STATUTORY_CATEGORIES
from gongkai.core.services import next_serial
from gongkai.core.snapshot import snapshot
from gongkai.search.services import index_item_after_commit, index_remove_after_commit

EDITABLE = (
    "title",
    "doc_number",
    "issuing_agency",
    "written_on",
    "subject",
    "statutory_category",
    "genre",
    "keywords",
    "summary",
    "body",
    "attribute",
    "withheld_reason",
    "is_policy",
    "interprets",
    "department",
    "disclosure_matter",
)
TEXT_FIELDS = ("title", "summary", "body")
ITEM_FIELDS = ("status", "index_number", "published_on", "validity", "content_hash")


class CatalogueError(ValueError):
    """A write refused: the message is for people, and nothing was changed."""


class PermissionDenied(CatalogueError):
    pass


def _scope(actor):
    return scope_for(actor) if actor is not None else None


def _may_draft(actor, item_or_agency, department=None) -> None:
    if actor is None:
        return
    scope = _scope(actor)
    agency_id = getattr(item_or_agency, "agency_id", None) or item_or_agency.pk
    department = department or getattr(item_or_agency, "department", None)
    if scope.has_role(Role.ADMIN) or (agency_id in scope.agency_ids):
        return
    if department is not None and department.pk in scope.department_ids:
        return
    raise PermissionDenied("只有本科室经办人或本机关审核人、公开办可以编辑该条目")


def _may_review(actor, item: Item) -> None:
    if actor is None:
        return
    scope = _scope(actor)
    if scope.has_role(Role.ADMIN):
        return
    if scope.has_role(Role.REVIEWER) and (
        item.agency_id in scope.agency_ids or item.department_id in scope.department_ids
    ):
        return
    raise PermissionDenied(f"只有{item.agency.name}的审核人可以审查、审批该条目")


def _check_fields(fields: dict) -> None:
    if not str(fields.get("title", "")).strip():
        raise CatalogueError("标题不能为空")
    if fields.get("statutory_category") not in STATUTORY_CATEGORIES:
        raise CatalogueError("请选择第二十条类别")
    if fields.get("genre") not in GENRES:
        raise CatalogueError("请选择体裁")
    if fields.get("attribute", "proactive") not in ATTRIBUTES:
        raise CatalogueError("公开属性无效")
    if fields.get("attribute") == "withheld" and not fields.get("withheld_reason"):
        raise CatalogueError("不予公开的条目须写明法律依据（第十四条至第十六条）")
    written = fields.get("written_on")
    if not isinstance(written, date):
        raise CatalogueError("请填写成文日期")
    if written > timezone.localdate():
        raise CatalogueError("成文日期不能晚于今天")


def item_create(*, agency, actor, department=None, **fields) -> Item:
    _may_draft(actor, agency, department)
    if department is not None and department.agency_id != agency.pk:
        raise CatalogueError(f"科室“{department.name}”不属于{agency.name}")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    fields.setdefault("issuing_agency", agency.name)
    fields.setdefault("attribute", "proactive")
    _check_fields(fields)
    with transaction.atomic():
        item = Item.objects.create(
            agency=agency,
            department=department,
            created_by=actor if getattr(actor, "pk", None) else None,
            **fields,
        )
        audit_record(
            actor=actor,
            action="catalogue.item_create",
            target=item,
            after=snapshot(item, ("title", "genre", "statutory_category", "status")),
        )
    return item


def item_update(*, item: Item, actor, **fields) -> Item:
    _may_draft(actor, item)
    if item.status != Item.Status.DRAFT:
        raise CatalogueError("只有草稿可以修改；审查中的条目请先退回")
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"unknown item fields: {sorted(unknown)}")
    merged = {name: getattr(item, name) for name in EDITABLE} | fields
    _check_fields(merged)
    with transaction.atomic():
        before = snapshot(item, tuple(fields))
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        if set(fields) & set(TEXT_FIELDS):
            item.findings.filter(attachment__isnull=True).delete()
        audit_record(
            actor=actor,
            action="catalogue.item_update",
            target=item,
            before=before,
            after=snapshot(item, tuple(fields)),
        )
    return item


def attachment_add(*, item: Item, actor, data: bytes, name: str) -> Attachment:
    """Store an attachment after the cheap checks (size, type by content, a DOCX/XLSX's ZIP
    directory, an image's header); its text is extracted by the task worker
    (`attachment_extract`), and until then the item cannot be sent to review."""
    _may_draft(actor, item)
    if item.status != Item.Status.DRAFT:
        raise CatalogueError("只有草稿可以添加附件")
    try:
        mime = files.check(data, name)
    except files.AttachmentError as error:
        raise CatalogueError(str(error)) from None
    checking = files.needs_extraction(mime)
    with transaction.atomic():
        attachment = Attachment(
            item=item,
            name=name[:200],
            mime=mime,
            size=len(data),
            sha256=files.sha256(data),
            text="",
            status=Attachment.Status.CHECKING if checking else Attachment.Status.READY,
        )
        # Never the uploader's name (`shell.php`): a generated one, with the real type's
        # extension.
        attachment.file.save(files.stored_name(mime), ContentFile(data), save=False)
        attachment.save()
        audit_record(
            actor=actor,
            action="catalogue.attachment_add",
            target=item,
            after={"attachment": name, "sha256": attachment.sha256, "mime": mime},
        )
        if checking:
            transaction.on_commit(partial(_enqueue_extraction, attachment.pk), robust=True)
    return attachment


def _enqueue_extraction(attachment_id: int) -> None:
    from gongkai.catalogue.tasks import attachment_extract_task

    attachment_extract_task(attachment_id)


def attachment_extract(*, attachment_id: int) -> Attachment | None:
    """Extract an attachment's text within the file limits (in a child process) and scan it
    for personal data; a file over a limit is marked refused with the reason. Run by the task
    worker; safe to re-run (an attachment already checked is left alone)."""
    attachment = Attachment.objects.filter(pk=attachment_id).select_related("item").first()
    if attachment is None or attachment.status != Attachment.Status.CHECKING:
        return attachment
    with attachment.file.open("rb") as stored:
        data = stored.read(files.MAX_BYTES + 1)
    refusal = ""
    try:
        text = files.extract_text(data, attachment.mime)
    except files.AttachmentError as error:
        text, refusal = "", str(error)[:300]
    with transaction.atomic():
        current = Attachment.objects.select_for_update().filter(pk=attachment_id).first()
        if current is None or current.status != Attachment.Status.CHECKING:
            return current  # removed meanwhile, or checked by another worker
        current.text = text
        current.refusal = refusal
        current.status = Attachment.Status.REFUSED if refusal else Attachment.Status.READY
        current.save(update_fields=["text", "refusal", "status"])
        # The privacy scan, so that the drafter sees the findings before sending it on;
        # item_submit scans everything again from the stored text.
        current.findings.all().delete()
        PrivacyFinding.objects.bulk_create(_scan_attachment(current.item, current))
        audit_record(
            actor=None,
            action="catalogue.attachment_refused" if refusal else "catalogue.attachment_checked",
            target=current.item,
            after={"attachment": current.name, "sha256": current.sha256, "refusal": refusal},
        )
    return current


def attachment_remove(*, attachment: Attachment, actor) -> None:
    """Remove an attachment from a draft (e.g. one refused by the checks, to be replaced)."""
    item = attachment.item
    _may_draft(actor, item)
    if item.status != Item.Status.DRAFT:
        raise CatalogueError("只有草稿可以删除附件")
    stored = attachment.file.name
    storage = attachment.file.storage
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="catalogue.attachment_remove",
            target=item,
            after={"attachment": attachment.name, "sha256": attachment.sha256},
        )
        attachment.delete()
        transaction.on_commit(partial(storage.delete, stored), robust=True)


def _attachments_unchecked(item: Item) -> str:
    """Why the item's attachments hold it back from review, or ''."""
    for attachment in item.attachments.exclude(status=Attachment.Status.READY):
        if attachment.status == Attachment.Status.CHECKING:
            return f"附件正在检查（“{attachment.name}”），检查完成后才能送审"
        return f"附件“{attachment.name}”未通过检查：{attachment.refusal}。请删除或替换该附件"
    return ""


# -- privacy guard -----------------------------------------------------------------------------


def _scan(item: Item) -> list[PrivacyFinding]:
    found = []
    for field in TEXT_FIELDS:
        for f in privacy.scan(getattr(item, field) or ""):
            found.append(
                PrivacyFinding(
                    item=item, field=field, kind=f.kind, text=f.text[:100], masked=f.masked[:100]
                )
            )
    for attachment in item.attachments.all():
        found.extend(_scan_attachment(item, attachment))
    return found


def _scan_attachment(item: Item, attachment: Attachment) -> list[PrivacyFinding]:
    return [
        PrivacyFinding(
            item=item,
            attachment=attachment,
            field="attachment",
            kind=f.kind,
            text=f.text[:100],
            masked=f.masked[:100],
        )
        for f in privacy.scan(attachment.text)
    ]


def finding_mask(*, finding: PrivacyFinding, actor) -> PrivacyFinding:
    """One-click masking of a finding in the item's own text (去标识化)."""
    item = finding.item
    _may_review(actor, item)
    if finding.resolution != PrivacyFinding.Resolution.OPEN:
        raise CatalogueError("该项已处理")
    if finding.attachment_id:
        raise CatalogueError("附件中的个人信息须替换为去标识化后的附件，或说明依法保留的理由")
    with transaction.atomic():
        text = getattr(item, finding.field)
        if finding.text in text:
            setattr(item, finding.field, text.replace(finding.text, finding.masked))
            item.save(update_fields=[finding.field, "updated_at"])
        elif finding.masked not in text:
            # Absent but masked: another finding of the same text masked every occurrence.
            raise CatalogueError("正文已变化，未找到该内容，请重新检查")
        finding.resolution = PrivacyFinding.Resolution.MASKED
        finding.resolved_by = actor if getattr(actor, "pk", None) else None
        finding.save()
        audit_record(
            actor=actor,
            action="catalogue.finding_mask",
            target=item,
            after={"kind": finding.kind, "field": finding.field, "masked": finding.masked},
        )
    return finding


def findings_mask_all(*, item: Item, actor) -> int:
    """Mask every open finding in the item's own text at once (a list of 低保 recipients may
    hold a hundred names); attachments must be replaced instead. All or none."""
    _may_review(actor, item)
    findings = list(
        item.findings.filter(resolution=PrivacyFinding.Resolution.OPEN, attachment__isnull=True)
    )
    if not findings:
        raise CatalogueError("没有可一键去标识化的待处理项（附件中的须替换附件）")
    with transaction.atomic():
        for finding in findings:
            finding.item = item  # one object: each masking sees the text the last one left
            finding_mask(finding=finding, actor=actor)
    return len(findings)


def findings_justify_all(*, item: Item, actor, kind: str, reason: str) -> int:
    """Keep every open finding of one kind with one recorded reason (e.g. the names in a
    disciplinary publicity that the law requires to be shown). All or none."""
    _may_review(actor, item)
    findings = list(item.findings.filter(resolution=PrivacyFinding.Resolution.OPEN, kind=kind))
    if not findings:
        raise CatalogueError("没有这一类待处理项")
    with transaction.atomic():
        for finding in findings:
            finding_justify(finding=finding, actor=actor, reason=reason)
    return len(findings)


def finding_justify(*, finding: PrivacyFinding, actor, reason: str) -> PrivacyFinding:
    item = finding.item
    _may_review(actor, item)
    if finding.resolution != PrivacyFinding.Resolution.OPEN:
        raise CatalogueError("该项已处理")
    if len(reason.strip()) < 4:
        raise CatalogueError("请写明依法保留的理由（如：行政处罚决定依法公示）")
    with transaction.atomic():
        finding.resolution = PrivacyFinding.Resolution.JUSTIFIED
        finding.justification = reason.strip()
        finding.resolved_by = actor if getattr(actor, "pk", None) else None
        finding.save()
        audit_record(
            actor=actor,
            action="catalogue.finding_justify",
            target=item,
            after={"kind": finding.kind, "text": finding.masked, "reason": reason.strip()},
        )
    return finding


# -- workflow ----------------------------------------------------------------------------------


def item_submit(*, item: Item, actor) -> Item:
    """Send a draft to secrecy review; the privacy scan runs now (README: the privacy guard)."""
    _may_draft(actor, item)
    if item.status != Item.Status.DRAFT:
        raise CatalogueError(f"条目当前为“{item.get_status_display()}”，不能送审")
    if item.genre == "interpretation" and item.interprets_id is None:
        raise CatalogueError("政策解读须关联所解读的政策文件")
    # The privacy findings must exist before review: not while an attachment is unread.
    unchecked = _attachments_unchecked(item)
    if unchecked:
        raise CatalogueError(unchecked)
    with transaction.atomic():
        Workflow.objects.create(
            item=item,
            purpose=Workflow.Purpose.PUBLISH,
            started_by=actor if getattr(actor, "pk", None) else None,
        )
        item.findings.all().delete()
        PrivacyFinding.objects.bulk_create(_scan(item))
        item.status = Item.Status.SECRECY_REVIEW
        item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="catalogue.item_submit",
            target=item,
            after={"findings": item.findings.count()},
        )
    return item


def _open_workflow(item: Item) -> Workflow:
    workflow = item.workflows.filter(is_open=True).first()
    if workflow is None:
        raise CatalogueError("该条目没有进行中的审核流程")
    return workflow


def item_secrecy_review(*, item: Item, actor, passed: bool, note: str = "") -> Item:
    _may_review(actor, item)
    if item.status != Item.Status.SECRECY_REVIEW:
        raise CatalogueError(f"条目当前为“{item.get_status_display()}”，不在保密审查阶段")
    open_findings = item.findings.filter(resolution=PrivacyFinding.Resolution.OPEN).count()
    if passed and open_findings:
        raise CatalogueError(
            f"还有 {open_findings} 处个人信息未去标识化或说明保留理由，不能通过审查"
        )
    if not passed and not note.strip():
        raise CatalogueError("退回修改须写明意见")
    unchecked = _attachments_unchecked(item) if passed else ""
    if unchecked:
        raise CatalogueError(unchecked)
    with transaction.atomic():
        workflow = _open_workflow(item)
        Review.objects.create(
            workflow=workflow,
            stage=Review.Stage.SECRECY,
            reviewer=actor,
            decision=Review.Decision.PASS if passed else Review.Decision.RETURN,
            note=note.strip(),
        )
        if passed:
            item.status = Item.Status.APPROVAL
        else:
            item.status = Item.Status.DRAFT
            workflow.is_open = False
            workflow.save(update_fields=["is_open"])
        item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="catalogue.secrecy_review",
            target=item,
            after={"passed": passed, "note": note.strip()},
        )
    return item


def item_return(*, item: Item, actor, note: str) -> Item:
    """The approver sends the item back to its drafter."""
    _may_review(actor, item)
    if item.status != Item.Status.APPROVAL:
        raise CatalogueError(f"条目当前为“{item.get_status_display()}”，不在审批阶段")
    if not note.strip():
        raise CatalogueError("退回修改须写明意见")
    with transaction.atomic():
        workflow = _open_workflow(item)
        Review.objects.create(
            workflow=workflow,
            stage=Review.Stage.APPROVAL,
            reviewer=actor,
            decision=Review.Decision.RETURN,
            note=note.strip(),
        )
        workflow.is_open = False
        workflow.save(update_fields=["is_open"])
        item.status = Item.Status.DRAFT
        item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="catalogue.approval_return",
            target=item,
            after={"note": note.strip()},
        )
    return item


def item_approve(*, item: Item, actor, note: str = "", published_on: date | None = None) -> Item:
    """Approve and publish. A policy document goes out together with its interpretation
    (谁起草谁解读): both must have passed secrecy review, and both are published at once."""
    _may_review(actor, item)
    if (
        item.genre == "interpretation"
        and item.interprets_id
        and (item.interprets.status != Item.Status.PUBLISHED)
    ):
        raise CatalogueError("政策解读随所解读的政策文件一并发布：请审批该政策文件")
    partner = _interpretation_partner(item)
    published_on = published_on or timezone.localdate()
    with transaction.atomic():
        for each in [item] + ([partner] if partner else []):
            each = Item.objects.select_for_update().get(pk=each.pk)
            _publish(each, actor, note, published_on)
    item.refresh_from_db()
    return item


def _interpretation_partner(item: Item) -> Item | None:
    if not item.is_policy:
        return None
    interpretation = Item.objects.filter(interprets=item).first()
    if interpretation is None:
        raise CatalogueError("政策文件须有政策解读（谁起草谁解读），请先起草并送审解读材料")
    if interpretation.status != Item.Status.APPROVAL:
        raise CatalogueError(
            f"政策解读“{interpretation.title}”尚未通过保密审查，须与政策文件一并发布"
        )
    return interpretation


def _publish(item: Item, actor, note: str, published_on: date) -> None:
    if item.status != Item.Status.APPROVAL:
        raise CatalogueError(f"“{item.title}”当前为“{item.get_status_display()}”，不在审批阶段")
    workflow = _open_workflow(item)
    secrecy = workflow.reviews.filter(
        stage=Review.Stage.SECRECY, decision=Review.Decision.PASS
    ).first()
    if secrecy is None:
        raise CatalogueError("未经保密审查的条目不能发布")
    if item.agency.separate_review_approval and secrecy.reviewer_id == getattr(actor, "pk", None):
        raise CatalogueError(
            f"本机关规定保密审查与审批由不同人员办理：“{item.title}”的保密审查由您完成，"
            "请由另一位审核人审批"
        )
    if item.findings.filter(resolution=PrivacyFinding.Resolution.OPEN).exists():
        raise CatalogueError("还有未处理的个人信息，不能发布")
    unchecked = _attachments_unchecked(item)
    if unchecked:
        raise CatalogueError(unchecked)
    if published_on < item.written_on:
        raise CatalogueError("发布日期不能早于成文日期")
    Review.objects.create(
        workflow=workflow,
        stage=Review.Stage.APPROVAL,
        reviewer=actor,
        decision=Review.Decision.PASS,
        note=note.strip(),
    )
    workflow.is_open = False
    workflow.save(update_fields=["is_open"])
    agency = item.agency
    # An imported catalogue may already hold numbers in the agency's own pattern for this
    # year: skip those rather than collide (the only gaps are where history sits).
    while True:
        serial = next_serial(agency, published_on.year, "index")
        number = index_numbers.render(
            agency.index_pattern, code=agency.code, published_on=published_on, serial=serial
        )
        if not Item.objects.filter(index_number=number).exists():
            break
    item.index_year = published_on.year
    item.index_serial = serial
    item.index_number = number
    item.published_on = published_on
    item.status = Item.Status.PUBLISHED
    item.content_hash = item_content_hash(item)
    item.save()
    audit_record(
        actor=actor, action="catalogue.item_publish", target=item, after=snapshot(item, ITEM_FIELDS)
    )
    index_item_after_commit(item.pk)


def item_batch_approve(*, items, actor, note: str = "") -> dict[int, str]:
    """Approve many; each item goes alone, so one refusal does not hold up the rest.
    Returns {item id: "" on success or the refusal message}."""
    results = {}
    for item in items:
        try:
            item_approve(item=item, actor=actor, note=note)
            results[item.pk] = ""
        except CatalogueError as error:
            results[item.pk] = str(error)
    return results


def item_content_hash(item: Item) -> str:
    fields = {
        "index_number": item.index_number,
        "title": item.title,
        "doc_number": item.doc_number,
        "issuing_agency": item.issuing_agency,
        "written_on": item.written_on,
        "published_on": item.published_on,
        "statutory_category": item.statutory_category,
        "genre": item.genre,
        "subject": item.subject.name if item.subject_id else "",
        "keywords": item.keywords,
        "validity": item.validity,
        "body": item.body,
    }
    return content_hash(fields, [a.sha256 for a in item.attachments.order_by("pk")])


# -- after publication ---------------------------------------------------------------------


def item_change_validity(
    *, item: Item, actor, validity: str, on: date, by: Item | None = None
) -> Item:
    """Record that a published item was amended or repealed, linking what did it."""
    _may_review(actor, item)
    if item.status != Item.Status.PUBLISHED:
        raise CatalogueError("只有已发布的条目才能标记修改或废止")
    if validity not in ("amended", "repealed", "in_force"):
        raise CatalogueError(f"有效性无效：{validity}")
    if on < item.written_on or on > timezone.localdate():
        raise CatalogueError("变更日期应在成文日期之后、今天之前")
    if by is not None and (by.pk == item.pk or by.status != Item.Status.PUBLISHED):
        raise CatalogueError("关联的修改或废止文件须是另一份已发布的条目")
    with transaction.atomic():
        before = snapshot(
            item, ("validity", "validity_changed_on", "amended_by", "repealed_by", "content_hash")
        )
        item.validity = validity
        item.validity_changed_on = on
        if validity == "amended":
            item.amended_by = by
        elif validity == "repealed":
            item.repealed_by = by
        item.content_hash = item_content_hash(item)
        item.save()
        audit_record(
            actor=actor,
            action=f"catalogue.item_{validity}",
            target=item,
            before=before,
            after=snapshot(
                item,
                ("validity", "validity_changed_on", "amended_by", "repealed_by", "content_hash"),
            ),
        )
        index_item_after_commit(item.pk)
    return item


def item_withdraw(*, item: Item, actor, reason: str) -> Item:
    """Take a published item off the portal (e.g. published in error); recorded with reason."""
    _may_review(actor, item)
    if item.status != Item.Status.PUBLISHED:
        raise CatalogueError("只有已发布的条目才能撤回")
    if len(reason.strip()) < 4:
        raise CatalogueError("请写明撤回理由")
    with transaction.atomic():
        item.status = Item.Status.WITHDRAWN
        item.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            action="catalogue.item_withdraw",
            target=item,
            after={"reason": reason.strip(), "index_number": item.index_number},
        )
        index_remove_after_commit(item.pk)
    return item


def tally_recount() -> int:
    """Rebuild the public tally from the items; the number of keys whose count differed (0
    when the triggers kept it, as they should). Safe to re-run."""
    with transaction.atomic():
        # Keep the triggers out meanwhile: an item written during the GROUP BY would be
        # counted twice or not at all. SQLite's write transaction is exclusive already.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("LOCK TABLE catalogue_publictally IN EXCLUSIVE MODE")
        wanted, kept = tally_from_items(), tally_as_kept()
        differing = sum(
            1 for key in wanted.keys() | kept.keys() if wanted.get(key) != kept.get(key)
        )
        if differing:
            PublicTally.objects.all().delete()
            PublicTally.objects.bulk_create(
                PublicTally(
                    agency_id=agency_id,
                    statutory_category=category,
                    subject_key=subject,
                    year=year,
                    validity=validity,
                    items=n,
                )
                for (agency_id, category, subject, year, validity), n in wanted.items()
            )
    return differing
