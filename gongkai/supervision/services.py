"""Writes for supervision: the day index, nudges (督办提醒) and circulars (通报).

Every write checks the actor, validates with a Chinese message, changes state and writes its
audit record in one transaction (docs/style.md); mail goes out on commit.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.services import audit_record
from gongkai.core.snapshot import snapshot
from gongkai.supervision.models import (
    Circular,
    CircularCounter,
    DayIndexVersion,
    Nudge,
    WorkdayDay,
)
from gongkai.workdays.selectors import calendar_version, get_calendar

NUDGE_FIELDS = ("agency", "kind", "subject_id", "subject_label", "note", "sent_on")
CIRCULAR_FIELDS = (
    "period_from",
    "period_to",
    "title",
    "body",
    "recipients",
    "status",
    "number",
    "issued_on",
    "published",
    "published_on",
)
ISSUER = "示范区政务公开办"  # the default issuer abbreviation of a circular's number


class SupervisionError(ValueError):
    """A refused supervision write; the message is for people."""


def _check_supervisor(actor) -> None:
    if not scope_for(actor).has_role(Role.SUPERVISING_OFFICE, Role.ADMIN):
        raise SupervisionError("只有政府信息公开工作主管部门可以办理督办和通报")


# -- the day index ---------------------------------------------------------------------------


def day_index_refresh() -> int:
    """Rebuild the day index from the loaded calendar (a cache: no audit record; also run by
    workdays.services.calendar_changed through GONGKAI_CALENDAR_CHANGED)."""
    version = calendar_version()
    calendar = get_calendar()
    rows = [
        WorkdayDay(day=day, rank=rank, segment=segment, loaded=loaded)
        for day, rank, segment, loaded in calendar.positions()
    ]
    with transaction.atomic():
        WorkdayDay.objects.all().delete()
        WorkdayDay.objects.bulk_create(rows, batch_size=2000)
        DayIndexVersion.objects.all().delete()
        DayIndexVersion.objects.create(version=version)
    return len(rows)


# -- nudges ----------------------------------------------------------------------------------


def nudge_send(
    *, actor, agency: Agency, kind: str, subject_id: int, subject_label: str, note: str = ""
) -> Nudge:
    """Record a reminder to the agency's disclosure office (Art. 6, 7) and mail it on commit.
    A second reminder about the same record while the first is unacknowledged is refused."""
    _check_supervisor(actor)
    if kind not in Nudge.Kind.values:
        raise SupervisionError(f"督办事项类型无效：{kind}")
    note = note.strip()
    if len(note) > 500:
        raise SupervisionError("督办意见不能超过500字")
    with transaction.atomic():
        if Nudge.objects.filter(
            kind=kind, subject_id=subject_id, acknowledged_at__isnull=True
        ).exists():
            raise SupervisionError("该事项已发出督办提醒，机关尚未知悉，不能重复督办")
        nudge = Nudge.objects.create(
            agency=agency,
            kind=kind,
            subject_id=subject_id,
            subject_label=subject_label[:300],
            note=note,
            sent_on=timezone.localdate(),
            sent_by=actor,
        )
        audit_record(
            actor=actor,
            action="supervision.nudge_send",
            target=nudge,
            after=snapshot(nudge, NUDGE_FIELDS),
        )
        from gongkai.supervision.tasks import nudge_mail_task

        transaction.on_commit(lambda: nudge_mail_task(nudge.pk))
    return nudge


def nudge_acknowledge(*, actor, nudge: Nudge) -> Nudge:
    """The agency's disclosure office has seen the reminder: it leaves their 我的待办."""
    scope = scope_for(actor)
    if not (
        scope.has_role(Role.ADMIN)
        or (scope.has_role(Role.DISCLOSURE_OFFICE) and nudge.agency_id in scope.agency_ids)
    ):
        raise SupervisionError("只有被督办机关的公开办可以确认知悉")
    if nudge.acknowledged_at is not None:
        raise SupervisionError("该督办提醒已确认知悉")
    with transaction.atomic():
        nudge.acknowledged_at = timezone.now()
        nudge.acknowledged_by = actor
        nudge.save(update_fields=["acknowledged_at", "acknowledged_by"])
        audit_record(actor=actor, action="supervision.nudge_acknowledge", target=nudge)
    return nudge


# -- circulars -------------------------------------------------------------------------------


def _check_period(start: date, end: date) -> None:
    if start > end:
        raise SupervisionError("统计起始日期不能晚于截止日期")
    if end > timezone.localdate():
        raise SupervisionError("统计截止日期不能晚于今天")


def circular_draft(*, actor, start: date, end: date) -> Circular:
    """A draft circular on [start, end]: the indicators, the ranking, the problems with the
    agencies named, the requirements (gongkai.supervision.circulars)."""
    _check_supervisor(actor)
    _check_period(start, end)
    from gongkai.supervision.circulars import draft_text
    from gongkai.supervision.selectors import period_indicators

    period = period_indicators(start, end)
    title, body = draft_text(period)
    with transaction.atomic():
        circular = Circular.objects.create(
            period_from=start,
            period_to=end,
            title=title,
            body=body,
            recipients="各有关单位",
            figures=period.as_json(),
            created_by=actor,
        )
        audit_record(
            actor=actor,
            action="supervision.circular_draft",
            target=circular,
            after=snapshot(circular, CIRCULAR_FIELDS),
        )
    return circular


def circular_update(
    *, actor, circular: Circular, title: str, body: str, recipients: str
) -> Circular:
    _check_supervisor(actor)
    title, body, recipients = title.strip(), body.strip(), recipients.strip()
    if not title:
        raise SupervisionError("请填写标题")
    if not body:
        raise SupervisionError("请填写正文")
    with transaction.atomic():
        current = Circular.objects.select_for_update().get(pk=circular.pk)
        if current.status != Circular.Status.DRAFT:
            raise SupervisionError("通报已印发，不能再修改")
        before = snapshot(current, CIRCULAR_FIELDS)
        current.title, current.body, current.recipients = title, body, recipients
        current.save()
        audit_record(
            actor=actor,
            action="supervision.circular_update",
            target=current,
            before=before,
            after=snapshot(current, CIRCULAR_FIELDS),
        )
    return current


def circular_issue(*, actor, circular: Circular, issued_on: date, publish: bool) -> Circular:
    """Number and issue the circular (示范区政务公开办〔YYYY〕第N号, gapless per year); from
    then on it is never edited. Published on the portal when `publish`."""
    _check_supervisor(actor)
    if issued_on > timezone.localdate():
        raise SupervisionError("印发日期不能晚于今天")
    if issued_on < circular.period_to:
        raise SupervisionError("印发日期不能早于统计截止日期")
    with transaction.atomic():
        current = Circular.objects.select_for_update().get(pk=circular.pk)
        if current.status != Circular.Status.DRAFT:
            raise SupervisionError("通报已印发，不能重复印发")
        before = snapshot(current, CIRCULAR_FIELDS)
        year = issued_on.year
        CircularCounter.objects.get_or_create(year=year)
        counter = CircularCounter.objects.select_for_update().get(year=year)
        counter.value += 1
        counter.save(update_fields=["value"])
        current.status = Circular.Status.ISSUED
        current.year, current.serial = year, counter.value
        current.number = f"{ISSUER}〔{year}〕第{counter.value}号"
        current.issued_on = issued_on
        current.published = publish
        current.published_on = issued_on if publish else None
        current.save()
        audit_record(
            actor=actor,
            action="supervision.circular_issue",
            target=current,
            before=before,
            after=snapshot(current, CIRCULAR_FIELDS),
        )
    return current


def circular_publish(*, actor, circular: Circular, on: date) -> Circular:
    """Publish an issued, internal circular on the portal (publication cannot be undone)."""
    _check_supervisor(actor)
    with transaction.atomic():
        current = Circular.objects.select_for_update().get(pk=circular.pk)
        if current.status != Circular.Status.ISSUED:
            raise SupervisionError("通报印发后才能公开")
        if current.published:
            raise SupervisionError("通报已在门户网站公开")
        before = snapshot(current, CIRCULAR_FIELDS)
        current.published, current.published_on = True, on
        current.save()
        audit_record(
            actor=actor,
            action="supervision.circular_publish",
            target=current,
            before=before,
            after=snapshot(current, CIRCULAR_FIELDS),
        )
    return current


def circular_delete_draft(*, actor, circular: Circular) -> None:
    _check_supervisor(actor)
    with transaction.atomic():
        current = Circular.objects.select_for_update().get(pk=circular.pk)
        if current.status != Circular.Status.DRAFT:
            raise SupervisionError("已印发的通报不能删除")
        audit_record(
            actor=actor,
            action="supervision.circular_delete",
            target=current,
            before=snapshot(current, CIRCULAR_FIELDS),
        )
        current.delete()


# -- assessment ------------------------------------------------------------------------------


def assessment_publish(*, actor, year: int, on: date):
    """Score every agency on the year's indicators by the year's own scheme and publish the
    results (frozen, with the scheme). Only a finished year, and once."""
    from gongkai.supervision.models import AssessmentResult
    from gongkai.supervision.selectors import (
        assessment_scheme,
        assessment_scores,
        period_indicators,
    )

    _check_supervisor(actor)
    if year >= on.year:
        raise SupervisionError(f"{year} 年度尚未结束，不能公布考核结果")
    period = period_indicators(date(year, 1, 1), date(year, 12, 31))
    with transaction.atomic():
        if AssessmentResult.objects.select_for_update().filter(year=year).exists():
            raise SupervisionError(f"{year} 年度考核结果已经公布")
        scheme = assessment_scheme(year)
        results = assessment_scores(period, scheme)
        published = AssessmentResult.objects.create(
            year=year,
            scheme=scheme_for_publication(scheme),
            results=results,
            published_on=on,
            published_by=actor,
        )
        audit_record(
            actor=actor,
            action="supervision.assessment_publish",
            target=published,
            after={"year": year, "agencies": len(results)},
        )
    return published


def scheme_for_publication(scheme) -> list[dict[str, str]]:
    """The scheme's rows with how each scores, in Chinese, plus the veto as a last row."""
    from gongkai.supervision import assessment

    rows = [
        {**row, "rule_text": assessment.rule_text(row)} for row in assessment.scheme_as_json(scheme)
    ]
    rows.append(
        {
            "key": "veto",
            "label": "单项否决",
            "points": "",
            "rule": "veto",
            "rule_text": veto_text(scheme),
        }
    )
    return rows


def veto_text(scheme) -> str:
    parts = []
    if scheme.veto_fails:
        parts.append("等次定为不合格")
    if scheme.veto_per_case:
        parts.append(f"每条扣 {scheme.veto_per_case} 分")
    consequence = "，".join(parts) if parts else "不扣分，只列明"
    return f"年末有有效留言超过三个月未答复的，{consequence}"


def assessment_scheme_save(
    *, actor, year: int, rows: list[dict[str, str]], veto_fails: bool, veto_per_case: str
):
    """Save the year's scheme as the supervising office edited it (Art. 51–53). Refused with
    every problem listed (assessment.SchemeError) and nothing saved; frozen once the year's
    results are published."""
    from gongkai.supervision import assessment
    from gongkai.supervision.models import AssessmentResult, AssessmentScheme

    _check_supervisor(actor)
    if not 2008 <= year <= 2100:
        raise SupervisionError("考核年度不对")
    scheme = assessment.parse_scheme(rows, veto_fails=veto_fails, veto_per_case=veto_per_case)
    criteria = assessment.scheme_as_json(scheme)
    with transaction.atomic():
        if AssessmentResult.objects.select_for_update().filter(year=year).exists():
            raise SupervisionError(f"{year} 年度考核结果已经公布，考核方案不能再修改")
        saved = AssessmentScheme.objects.select_for_update().filter(year=year).first()
        before = (
            None
            if saved is None
            else {
                "criteria": saved.criteria,
                "veto_fails": saved.veto_fails,
                "veto_per_case": str(saved.veto_per_case),
            }
        )
        if saved is None:
            saved = AssessmentScheme(year=year)
        saved.criteria = criteria
        saved.veto_fails = scheme.veto_fails
        saved.veto_per_case = scheme.veto_per_case
        saved.updated_by = actor
        saved.save()
        audit_record(
            actor=actor,
            action="supervision.assessment_scheme_update",
            target=saved,
            before=before,
            after={
                "criteria": criteria,
                "veto_fails": scheme.veto_fails,
                "veto_per_case": str(scheme.veto_per_case),
            },
        )
    return saved
