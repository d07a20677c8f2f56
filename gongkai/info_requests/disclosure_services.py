"""The information itself: files the disclosure office provides with a reply (所申请的信息随本
告知书提供), and deliveries on paper or on site. Writes; each records its audit entry.

A file is stored after the cheap checks of the attachment rules (size, type by content, a
DOCX's ZIP directory, an image's header) under a generated name; the task worker extracts its
text within the file limits and runs the privacy guard on it. Art. 37: a partial disclosure
withholds what may not be disclosed — personal data among it (Art. 15) — so a file whose
text still holds a finding cannot go out with a 部分公开 reply; the office provides the redacted
version. Images cannot be read by the guard: the office checks them by eye (said on the page).
"""

from __future__ import annotations

from datetime import date
from functools import partial

from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.audit.services import audit_record
from gongkai.catalogue import attachments as files
from gongkai.catalogue import privacy
from gongkai.core import dates
from gongkai.info_requests.models import DisclosedFile, InfoRequest

DISCLOSING_OUTCOMES = ("granted", "partial")
MAX_FILES = 50
DELIVERY_WAYS = {"paper": "纸质材料已送达（邮寄或当面领取）", "on_site": "申请人已现场查阅"}


class DisclosureError(ValueError):
    pass


def _check(actor, request: InfoRequest) -> None:
    from gongkai.info_requests.services import _check_office

    _check_office(actor, request.agency)


def _may_add(request: InfoRequest) -> None:
    if request.is_open:
        return
    if request.outcome in DISCLOSING_OUTCOMES:
        return
    raise DisclosureError("只有办理中、或已答复予以公开或部分公开的申请可以提供文件")


def disclosed_file_add(*, request: InfoRequest, actor, data: bytes, name: str) -> DisclosedFile:
    _check(actor, request)
    _may_add(request)
    if request.disclosed_files.count() >= MAX_FILES:
        raise DisclosureError(f"一件申请最多提供 {MAX_FILES} 个文件")
    try:
        mime = files.check(data, name)
    except files.AttachmentError as error:
        raise DisclosureError(str(error)) from None
    checking = files.needs_extraction(mime)
    with transaction.atomic():
        disclosed = DisclosedFile(
            request=request,
            name=name[:200],
            mime=mime,
            size=len(data),
            sha256=files.sha256(data),
            status=DisclosedFile.Status.CHECKING if checking else DisclosedFile.Status.READY,
            added_by=actor if getattr(actor, "pk", None) else None,
        )
        disclosed.file.save(files.stored_name(mime), ContentFile(data), save=False)
        disclosed.save()
        audit_record(
            actor=actor,
            action="info_requests.disclosed_file_add",
            target=request,
            after={"file": disclosed.name, "sha256": disclosed.sha256, "mime": mime},
        )
        if checking:
            transaction.on_commit(partial(_enqueue, disclosed.pk), robust=True)
    return disclosed


def _enqueue(file_id: int) -> None:
    from gongkai.info_requests.tasks import disclosed_file_check_task

    disclosed_file_check_task(file_id)


def disclosed_file_check(*, file_id: int) -> DisclosedFile | None:
    """Extract the text within the file limits and scan it for personal data (the task
    worker; safe to re-run: a file already checked is left alone)."""
    disclosed = DisclosedFile.objects.filter(pk=file_id).first()
    if disclosed is None or disclosed.status != DisclosedFile.Status.CHECKING:
        return disclosed
    with disclosed.file.open("rb") as stored:
        data = stored.read(files.MAX_BYTES + 1)
    refusal = ""
    try:
        text = files.extract_text(data, disclosed.mime)
    except files.AttachmentError as error:
        text, refusal = "", str(error)[:300]
    found = [[f.label, f.masked] for f in privacy.scan(text)] if text else []
    with transaction.atomic():
        current = DisclosedFile.objects.select_for_update().filter(pk=file_id).first()
        if current is None or current.status != DisclosedFile.Status.CHECKING:
            return current
        current.refusal = refusal
        current.findings = found
        current.status = DisclosedFile.Status.REFUSED if refusal else DisclosedFile.Status.READY
        current.save(update_fields=["refusal", "findings", "status"])
        audit_record(
            actor=None,
            action="info_requests.disclosed_file_checked",
            target=current.request,
            after={"file": current.name, "refusal": refusal, "findings": len(found)},
        )
    return current


def disclosed_file_remove(*, disclosed: DisclosedFile, actor) -> None:
    request = disclosed.request
    _check(actor, request)
    if not request.is_open and request.outcome == "partial" and not disclosed.findings:
        # What went out with a partial disclosure stays on the record.
        raise DisclosureError("已随部分公开答复提供的文件不能删除")
    stored, storage = disclosed.file.name, disclosed.file.storage
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="info_requests.disclosed_file_remove",
            target=request,
            before={"file": disclosed.name, "sha256": disclosed.sha256},
        )
        disclosed.delete()
        transaction.on_commit(lambda: storage.delete(stored), robust=True)


def disclosure_problems(request: InfoRequest, outcome: str) -> list[str]:
    """What stops a reply with `outcome` from going out with the files provided so far:
    files still being checked or refused, and for a partial disclosure (Art. 37) files whose
    text still holds personal data."""
    problems = []
    for disclosed in request.disclosed_files.all():
        if disclosed.status == DisclosedFile.Status.CHECKING:
            problems.append(f"文件“{disclosed.name}”正在检查，请稍候再答复")
        elif disclosed.status == DisclosedFile.Status.REFUSED:
            problems.append(f"文件“{disclosed.name}”未通过检查：{disclosed.refusal}，请删除或更换")
        elif outcome == "partial" and disclosed.findings:
            kinds = "、".join(sorted({label for label, _masked in disclosed.findings}))
            problems.append(
                f"部分公开（第三十七条）：文件“{disclosed.name}”仍含个人信息（{kinds}），"
                "请提供去除个人信息后的版本"
            )
    return problems


def files_for_applicant(request: InfoRequest):
    """The files the applicant may download: once the reply granted the information in whole
    or part, those checked (and for a partial disclosure, clean)."""
    if request.is_open or request.outcome not in DISCLOSING_OUTCOMES:
        return DisclosedFile.objects.none()
    ready = request.disclosed_files.filter(status=DisclosedFile.Status.READY)
    if request.outcome == "partial":
        ready = ready.filter(findings=[])
    return ready


def delivery_record(*, request: InfoRequest, actor, on: date, way: str, note: str = "") -> None:
    """A delivery on paper or a viewing on site (提供形式 纸质 / 现场查阅), on the case's
    public history."""
    from gongkai.info_requests.services import _event, _today

    _check(actor, request)
    if request.is_open or request.outcome not in DISCLOSING_OUTCOMES:
        raise DisclosureError("答复予以公开或部分公开后才能登记提供情况")
    if way not in DELIVERY_WAYS:
        raise DisclosureError("请选择提供方式")
    problem = dates.order_problem(
        on, request.closed_on, "提供日期", "答复日期"
    ) or dates.future_problem(on, "提供日期", _today())
    if problem:
        raise DisclosureError(problem)
    text = note.strip()[:200]
    with transaction.atomic():
        _event(request, "delivery", on, actor, DELIVERY_WAYS[way] + (f"：{text}" if text else ""))
        audit_record(
            actor=actor,
            action="info_requests.delivery_record",
            target=request,
            after={"on": on.isoformat(), "way": way, "note": text},
        )
