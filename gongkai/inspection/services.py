"""Writes for the site inspection: starting a run, running it, and the findings it opens and
closes. A finding is closed only by a run that checks its rule again and no longer sees the
problem (never ticked by hand), with the date it was found fixed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.audit.services import audit_record
from gongkai.inspection import checks
from gongkai.inspection.crawl import Crawler
from gongkai.inspection.models import Finding, InspectionRun
from gongkai.inspection.rules import RULES

PROGRESS_EVERY = 25  # pages between progress writes


class InspectionError(ValueError):
    """A request refused: the message is for people, and nothing was changed."""


def _may_run(actor) -> None:
    if actor is None:
        return
    if not scope_for(actor).has_role(Role.SUPERVISING_OFFICE, Role.ADMIN):
        raise InspectionError("只有政府信息公开主管部门或管理员可以发起网站检查")


def inspection_run_start(*, actor, agency: Agency | None = None, start=None) -> InspectionRun:
    """Queue a run (the workbench's 立即检查): `start(run_id)` is called on commit (the task)."""
    _may_run(actor)
    if InspectionRun.objects.filter(
        status__in=[InspectionRun.Status.QUEUED, InspectionRun.Status.RUNNING]
    ).exists():
        raise InspectionError("已有一次检查正在进行，请待其完成后再发起")
    with transaction.atomic():
        run = InspectionRun.objects.create(actor=actor, agency=agency)
        audit_record(
            actor=actor,
            action="inspection.run_start",
            target=run,
            after={"agency": agency.code if agency else ""},
        )
        if start is None:
            from gongkai.inspection.tasks import inspection_run_task

            start = inspection_run_task
        transaction.on_commit(partial(start, run.pk))
    return run


@dataclass(frozen=True)
class Outcome:
    opened: int
    closed: int
    still_open: int
    pages: int
    pages_per_second: float | None


def _progress(run: InspectionRun, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=[*fields, "updated_at"])


def inspection_run(
    *,
    run: InspectionRun | None = None,
    agency: Agency | None = None,
    actor=None,
    today: date | None = None,
    crawl: bool = True,
) -> Outcome:
    """Check every rule over the whole government (or one agency), open a finding for each
    new problem and close those no longer seen. Returns the counts."""
    today = today or timezone.localdate()
    if run is None:
        run = InspectionRun.objects.create(actor=actor, agency=agency)
    agency = run.agency if run.agency_id else agency
    run.agency = agency
    _progress(run, status=InspectionRun.Status.RUNNING, started_at=timezone.now(), agency=agency)
    try:
        outcome = _run(run, agency, today, crawl)
    except Exception as error:
        _progress(
            run,
            status=InspectionRun.Status.FAILED,
            finished_at=timezone.now(),
            message=f"检查中断：{type(error).__name__}",
        )
        raise
    return outcome


def _run(run: InspectionRun, agency: Agency | None, today: date, crawl: bool) -> Outcome:
    whole = agency is None
    agencies = list(Agency.objects.filter(is_active=True)) if whole else [agency]
    agency_ids = None if whole else {agency.pk}
    problems: list[checks.Problem] = []
    ran: set[str] = set()

    _progress(run, stage="检查栏目更新")
    problems += checks.check_columns(agencies, today)
    ran |= {"column_stale", "column_empty", "columns_stale_veto", "columns_empty_veto"}

    _progress(run, stage="检查互动留言")
    problems += checks.check_messages(agency_ids, today)
    ran |= {"message_unanswered", "question_late"}

    _progress(run, stage="核对发布日期与审计日志")
    problems += checks.check_publication_dates(agency_ids)
    ran.add("forged_publication_date")

    _progress(run, stage="检查附件文件")
    problems += checks.check_attachments(agency_ids)
    ran.add("missing_attachment")

    _progress(run, stage="用当前隐私规则重新扫描已公开信息")
    problems += checks.check_privacy(agency_ids)
    ran.add("privacy_unmasked")

    crawled = None
    if crawl:
        seeds = checks.portal_seeds(agencies, whole)
        _progress(run, stage="抓取门户网站页面", pages_total=len(seeds))

        def progress(done: int) -> None:
            if done % PROGRESS_EVERY == 0:
                _progress(run, pages_checked=done)

        crawled = Crawler(check_target=checks.target_status()).crawl(seeds, progress=progress)
        problems += checks.check_links(crawled, agencies)
        ran.add("dead_link")
        _progress(run, pages_checked=crawled.fetched, pages_per_second=crawled.pages_per_second)

    more, linked = checks.check_interpretations(agency_ids, crawled)
    problems += more
    ran.add("policy_no_interpretation")
    if linked:
        ran.add("policy_not_linked")

    from gongkai.inspection.standards_checks import check_standard_gaps

    problems += check_standard_gaps(agencies, today)
    ran.add("standard_gap")

    _progress(run, stage="汇总检查发现")
    opened, closed, still = _reconcile(run, problems, ran, agency, today)
    _progress(
        run,
        status=InspectionRun.Status.DONE,
        stage="",
        finished_at=timezone.now(),
        findings_opened=opened,
        findings_closed=closed,
        message=f"新发现问题 {opened} 个，已整改关闭 {closed} 个，仍未整改 {still} 个",
    )
    return Outcome(
        opened,
        closed,
        still,
        crawled.fetched if crawled else 0,
        crawled.pages_per_second if crawled else None,
    )


def _reconcile(
    run: InspectionRun,
    problems: list[checks.Problem],
    ran: set[str],
    agency: Agency | None,
    today: date,
) -> tuple[int, int, int]:
    seen: dict[tuple[str, str], checks.Problem] = {}
    for problem in problems:
        seen.setdefault((problem.rule, problem.key), problem)
    with transaction.atomic():
        open_findings = Finding.objects.select_for_update().filter(
            closed_on__isnull=True, rule__in=ran
        )
        if agency is not None:
            open_findings = open_findings.filter(agency=agency)
        existing = {(f.rule, f.key): f for f in open_findings}
        closed = []
        for key, finding in existing.items():
            problem = seen.get(key)
            if problem is None:
                finding.closed_on = today
                finding.last_run = run
                closed.append(finding)
            else:
                finding.detail = problem.detail
                finding.page_url = problem.page_url
                finding.last_run = run
        Finding.objects.bulk_update(
            list(existing.values()), ["closed_on", "last_run", "detail", "page_url"], batch_size=500
        )
        new = [
            Finding(
                agency_id=problem.agency_id,
                rule=problem.rule,
                key=problem.key,
                veto=RULES[problem.rule].veto,
                page_url=problem.page_url,
                detail=problem.detail,
                found_on=today,
                first_run=run,
                last_run=run,
            )
            for key, problem in seen.items()
            if key not in existing
        ]
        Finding.objects.bulk_create(new, batch_size=500)
        audit_record(
            actor=run.actor,
            action="inspection.run",
            target=run,
            after={
                "agency": agency.code if agency else "",
                "opened": len(new),
                "closed": len(closed),
                "closed_ids": [f.pk for f in closed][:200],
                "open": len(existing) - len(closed) + len(new),
                "veto_open": sum(f.veto for f in new)
                + sum(f.veto for f in existing.values() if f.closed_on is None),
            },
        )
    return len(new), len(closed), len(existing) - len(closed) + len(new)
