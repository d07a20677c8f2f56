"""Reads of the inspection's findings and runs, for the workbench, the supervising office's
desk and circulars (gongkai.supervision reads findings only through here)."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.inspection.models import Finding, InspectionRun


def _findings() -> QuerySet[Finding]:
    return Finding.objects.select_related("agency")


def open_findings(*, agency_ids=None, veto: bool | None = None) -> QuerySet[Finding]:
    """Findings not yet found fixed; vetoes first. `agency_ids` None: every agency and the
    portal's common pages."""
    findings = _findings().filter(closed_on__isnull=True)
    if agency_ids is not None:
        findings = findings.filter(agency_id__in=agency_ids)
    if veto is not None:
        findings = findings.filter(veto=veto)
    return findings.order_by("-veto", "agency__sort_order", "agency__code", "rule", "pk")


def findings_in_period(start: date, end: date, agency_ids=None) -> QuerySet[Finding]:
    """Findings that were open at some time in [start, end] (both included): found by `end`
    and not closed before `start` — what a circular for the period reports."""
    findings = (
        _findings()
        .filter(found_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    )
    if agency_ids is not None:
        findings = findings.filter(agency_id__in=agency_ids)
    return findings.order_by("-veto", "agency__sort_order", "agency__code", "rule", "pk")


CIRCULAR_EXAMPLES = 3  # findings named per agency and rule in a circular; the rest counted


def circular_findings(start: date, end: date) -> list[tuple[str, list[str]]]:
    """The site inspection's part of a circular for [start, end] (gongkai.supervision reads it
    through `circulars.problem_sections`): the 单项否决 findings apart, then the others, one
    paragraph per agency and rule naming a few pages and counting the rest."""
    sections: list[tuple[str, list[str]]] = []
    for veto, heading in ((True, "网站检查发现的单项否决问题"), (False, "网站检查发现的其他问题")):
        grouped: dict[tuple[str, str], list[Finding]] = {}
        for finding in findings_in_period(start, end).filter(veto=veto):
            owner = finding.agency.name if finding.agency else "门户网站公共页面"
            grouped.setdefault((owner, finding.rule_label), []).append(finding)
        paragraphs = []
        for (owner, label), found in grouped.items():
            named = "；".join(f.detail for f in found[:CIRCULAR_EXAMPLES])
            more = f"等{len(found)}处" if len(found) > CIRCULAR_EXAMPLES else f"{len(found)}处"
            fixed = sum(1 for f in found if f.closed_on is not None)
            state = f"，已整改{fixed}处" if fixed else ""
            paragraphs.append(f"{owner}：{label}{more}（{named}）{state}。")
        if paragraphs:
            sections.append((heading, paragraphs))
    return sections


def may_see_findings(user) -> bool:
    return scope_for(user).is_staff_member


def may_run(user) -> bool:
    return scope_for(user).has_role(Role.SUPERVISING_OFFICE, Role.ADMIN)


def findings_visible_to(user) -> QuerySet[Finding]:
    """The supervising office and administrators see every finding; anyone else their own
    agencies' (a clerk's department belongs to an agency, whose findings they see)."""
    scope = scope_for(user)
    if scope.whole_government:
        return _findings()
    return _findings().filter(agency_id__in=scope.agency_ids | scope.member_agency_ids)


def latest_runs(limit: int = 5) -> list[InspectionRun]:
    return list(InspectionRun.objects.select_related("agency", "actor")[:limit])


def run_in_progress() -> InspectionRun | None:
    return (
        InspectionRun.objects.filter(
            status__in=[InspectionRun.Status.QUEUED, InspectionRun.Status.RUNNING]
        )
        .order_by("-pk")
        .first()
    )


# -- self-check and the standard catalogue --------------------------------------------------


def selfchecks_visible_to(user):
    from gongkai.inspection.models import SelfCheck

    scope = scope_for(user)
    checks = SelfCheck.objects.select_related("agency")
    if scope.whole_government:
        return checks
    return checks.filter(agency_id__in=scope.agency_ids | scope.member_agency_ids)


def frequent_groups(check):
    """The groups of similar applications of the self-check's agency and year (Art. 44), each
    with the application numbers and the proposal already made, if any."""
    from gongkai.info_requests.selectors import request_descriptions
    from gongkai.inspection.frequent import Case, group_similar

    rows = request_descriptions(
        agency_id=check.agency_id, start=date(check.year, 1, 1), end=date(check.year, 12, 31)
    )
    numbers = {pk: number for pk, number, *_ in rows}
    received = {pk: on for pk, _, _, _, on in rows}
    groups = group_similar([Case(pk, name, text) for pk, _, name, text, _ in rows])
    proposals = {p.signature: p for p in check.proposals.select_related("item")}
    return [(g, proposals.get(g.signature)) for g in groups], numbers, received


def disclosure_matters(area: str = ""):
    from gongkai.inspection.models import DisclosureMatter

    matters = DisclosureMatter.objects.select_related("agency")
    if area:
        matters = matters.filter(area=area)
    return matters


def standard_areas() -> list[str]:
    from gongkai.inspection.models import DisclosureMatter

    areas = DisclosureMatter.objects.order_by("sort_order", "pk").values_list("area", flat=True)
    return list(dict.fromkeys(areas))
