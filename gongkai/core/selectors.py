"""Reads of import jobs: who may see which."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.accounts.models import Agency, Role
from gongkai.accounts.selectors import scope_for
from gongkai.core.models import ImportJob


def import_agencies(user) -> list[Agency]:
    """The agencies `user` may import for: all (an administrator), or those whose disclosure
    office they are — the same rule as the ledger and catalogue imports themselves."""
    scope = scope_for(user)
    if scope.has_role(Role.ADMIN):
        return list(Agency.objects.filter(is_active=True))
    if scope.has_role(Role.DISCLOSURE_OFFICE):
        return list(Agency.objects.filter(pk__in=scope.agency_ids))
    return []


def import_jobs_visible_to(user, kind: str) -> QuerySet[ImportJob]:
    """Jobs of `kind` for the agencies `user` may import for, newest first."""
    scope = scope_for(user)
    jobs = ImportJob.objects.filter(kind=kind).select_related("agency", "actor")
    if scope.has_role(Role.ADMIN):
        return jobs
    if scope.has_role(Role.DISCLOSURE_OFFICE):
        return jobs.filter(agency_id__in=scope.agency_ids)
    return jobs.none()
