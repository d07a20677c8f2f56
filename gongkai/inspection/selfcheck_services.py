"""Writes for the yearly self-check (自查): starting it, the decision on each withheld item, and
proposing information often applied for (Art. 44) as a catalogue draft."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.services import audit_record
from gongkai.catalogue import services as catalogue
from gongkai.catalogue.selectors import withheld_items
from gongkai.inspection.frequent import Group
from gongkai.inspection.models import FrequentProposal, SelfCheck, WithheldReview
from gongkai.inspection.services import InspectionError

MAX_REASON = 500
COPIED = (
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
)


def _may_check(actor, agency: Agency) -> None:
    if actor is None:
        return
    scope = scope_for(actor)
    if scope.has_role(Role.ADMIN):
        return
    if scope.has_role(Role.DISCLOSURE_OFFICE) and agency.pk in scope.agency_ids:
        return
    raise InspectionError(f"只有{agency.name}的政府信息公开工作机构可以办理本机关的年度自查")


def selfcheck_start(*, agency: Agency, year: int, actor, on: date | None = None) -> SelfCheck:
    """Open the year's self-check and list the withheld items to re-examine."""
    _may_check(actor, agency)
    on = on or timezone.localdate()
    if year > on.year:
        raise InspectionError("不能开展未来年度的自查")
    try:
        with transaction.atomic():
            check = SelfCheck.objects.create(
                agency=agency,
                year=year,
                started_on=on,
                started_by=actor if getattr(actor, "pk", None) else None,
            )
            WithheldReview.objects.bulk_create(
                WithheldReview(self_check=check, item=item) for item in withheld_items(agency.pk)
            )
            audit_record(
                actor=actor,
                action="inspection.selfcheck_start",
                target=check,
                after={"agency": agency.code, "year": year, "withheld": check.reviews.count()},
            )
    except IntegrityError:
        raise InspectionError(f"{agency.name}{year}年度的自查已经开始") from None
    return check


def withheld_decide(
    *, review: WithheldReview, actor, decision: str, reason: str, on: date | None = None
) -> WithheldReview:
    """继续不予公开 or 转为主动公开, with the reason. 转为主动公开 puts a proactive draft of the
    item into the catalogue (a draft withheld item is changed itself), which then goes through the
    usual secrecy review and approval."""
    check = review.self_check
    _may_check(actor, check.agency)
    if review.decision:
        raise InspectionError("该条目已作出审查结论")
    if decision not in (WithheldReview.Decision.KEEP, WithheldReview.Decision.DISCLOSE):
        raise InspectionError("请选择“继续不予公开”或“转为主动公开”")
    reason = reason.strip()
    if not reason:
        raise InspectionError("请写明审查理由")
    if len(reason) > MAX_REASON:
        raise InspectionError(f"审查理由不能超过{MAX_REASON}个字")
    item = review.item
    with transaction.atomic():
        if decision == WithheldReview.Decision.DISCLOSE:
            try:
                if item.status == item.Status.DRAFT:
                    review.draft = catalogue.item_update(
                        item=item, actor=actor, attribute="proactive", withheld_reason=""
                    )
                else:
                    review.draft = catalogue.item_create(
                        agency=item.agency,
                        department=item.department,
                        actor=actor,
                        attribute="proactive",
                        **{name: getattr(item, name) for name in COPIED},
                    )
            except catalogue.CatalogueError as error:
                raise InspectionError(str(error)) from None
        review.decision = decision
        review.reason = reason
        review.decided_by = actor if getattr(actor, "pk", None) else None
        review.decided_on = on or timezone.localdate()
        review.save()
        audit_record(
            actor=actor,
            action="inspection.withheld_decide",
            target=item,
            after={"decision": decision, "reason": reason, "draft": review.draft_id},
        )
    return review


def frequent_propose(
    *, check: SelfCheck, group: Group, numbers: dict[int, str], actor, on: date | None = None
) -> FrequentProposal:
    """One click: a catalogue draft for information several applicants asked for (Art. 44),
    naming the applications; the agency completes it and sends it to review."""
    _may_check(actor, check.agency)
    if FrequentProposal.objects.filter(self_check=check, signature=group.signature).exists():
        raise InspectionError("这组申请已经提出过公开建议")
    on = on or timezone.localdate()
    first = group.cases[0].description.strip()
    listed = "、".join(numbers.get(c.id, str(c.id)) for c in group.cases)
    title = f"（依申请公开较多）{first}"[:300]
    with transaction.atomic():
        try:
            item = catalogue.item_create(
                agency=check.agency,
                actor=actor,
                title=title,
                written_on=on,
                statutory_category="20-15",
                genre="other_document",
                summary=(
                    f"{check.year}年度自查：{group.applicants}位申请人就同一信息提出"
                    f"{len(group.cases)}件申请（{listed}），依《条例》第四十四条"
                    "建议纳入主动公开范围。"
                )[:2000],
            )
        except catalogue.CatalogueError as error:
            raise InspectionError(str(error)) from None
        proposal = FrequentProposal.objects.create(
            self_check=check,
            signature=group.signature,
            case_ids=[c.id for c in group.cases],
            item=item,
            proposed_by=actor if getattr(actor, "pk", None) else None,
            proposed_on=on,
        )
        audit_record(
            actor=actor,
            action="inspection.frequent_propose",
            target=proposal,
            after={"item": item.pk, "cases": proposal.case_ids},
        )
    return proposal


def selfcheck_finish(*, check: SelfCheck, actor, on: date | None = None) -> SelfCheck:
    _may_check(actor, check.agency)
    if check.reviews.filter(decision="").exists():
        raise InspectionError("还有未作出审查结论的不予公开条目")
    with transaction.atomic():
        check.finished_on = on or timezone.localdate()
        check.save(update_fields=["finished_on"])
        audit_record(actor=actor, action="inspection.selfcheck_finish", target=check)
    return check
