"""Writes for the standard catalogue: the import (all or nothing) and the workbench's edits."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from gongkai.accounts.models import Agency
from gongkai.audit.services import Target, audit_record
from gongkai.core.snapshot import snapshot
from gongkai.inspection import standards
from gongkai.inspection.models import DisclosureMatter
from gongkai.inspection.services import InspectionError, _may_run

FIELDS = (
    "area",
    "level1",
    "level2",
    "content",
    "basis",
    "time_limit",
    "subject",
    "channels",
    "audience",
    "way",
    "levels",
    "agency",
)


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _agency_lookup() -> dict[str, Agency]:
    found: dict[str, Agency] = {}
    for agency in Agency.objects.all():
        found[agency.code] = agency
        if agency.short_name:
            found.setdefault(agency.short_name, agency)
        found.setdefault(agency.name, agency)
    return found


def standards_import(*, data: bytes, filename: str, actor) -> ImportResult:
    """Read the whole file; any problem (a cell, an unknown agency) refuses it all with every
    problem by row and column, and nothing is written. Rows update the 事项 with the same
    领域, 一级事项 and 二级事项, and add the others."""
    _may_run(actor)
    rows = standards.read_standards(data, filename)
    agencies = _agency_lookup()
    problems = [
        (row.row, "责任机关", f"没有名称或代码为“{row.agency}”的机关")
        for row in rows
        if row.agency and row.agency not in agencies
    ]
    if problems:
        raise standards.StandardFileError(problems)
    created = updated = 0
    with transaction.atomic():
        existing = {(m.area, m.level1, m.level2): m for m in DisclosureMatter.objects.all()}
        order = max((m.sort_order for m in existing.values()), default=0)
        for row in rows:
            limit = standards.parse_time_limit(row.time_limit)
            values = {
                "content": row.content,
                "basis": row.basis,
                "time_limit": row.time_limit,
                "limit_amount": limit.amount,
                "limit_unit": limit.unit,
                "subject": row.subject,
                "channels": list(row.channels),
                "audience": row.audience,
                "way": row.way,
                "levels": list(row.levels),
                "agency": agencies.get(row.agency) if row.agency else None,
            }
            matter = existing.get((row.area, row.level1, row.level2))
            if matter is None:
                order += 1
                DisclosureMatter.objects.create(
                    area=row.area, level1=row.level1, level2=row.level2, sort_order=order, **values
                )
                created += 1
            else:
                for name, value in values.items():
                    setattr(matter, name, value)
                matter.save()
                updated += 1
        audit_record(
            actor=actor,
            action="inspection.standards_import",
            target=Target(type="inspection.disclosurematter", id="import", label=filename[:255]),
            after={"created": created, "updated": updated},
        )
    return ImportResult(created, updated)


def disclosure_matter_save(*, matter: DisclosureMatter, actor, **fields) -> DisclosureMatter:
    """Create (matter without pk) or change a 事项 from the workbench."""
    _may_run(actor)
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    for channel in fields.get("channels", matter.channels):
        if channel not in standards.CHANNELS:
            raise InspectionError(f"“{channel}”不是规定的公开渠道")
    before = snapshot(matter, FIELDS) if matter.pk else None
    for name, value in fields.items():
        setattr(matter, name, value)
    limit = standards.parse_time_limit(matter.time_limit)
    matter.limit_amount, matter.limit_unit = limit.amount, limit.unit
    clash = DisclosureMatter.objects.filter(
        area=matter.area, level1=matter.level1, level2=matter.level2
    ).exclude(pk=matter.pk)
    if clash.exists():
        raise InspectionError("已有领域、一级事项、二级事项都相同的事项")
    with transaction.atomic():
        matter.save()
        audit_record(
            actor=actor,
            action="inspection.disclosure_matter_save",
            target=matter,
            before=before,
            after=snapshot(matter, FIELDS),
        )
    return matter
