"""Shared writes: gapless numbering."""

from __future__ import annotations

from gongkai.core.models import Counter


def next_serial(agency, year: int, kind: str) -> int:
    """The next number in a gapless series; call inside the numbering transaction."""
    return reserve_serials(agency, year, kind, 1)


def reserve_serials(agency, year: int, kind: str, count: int) -> int:
    """Take `count` consecutive numbers at once; returns the last one taken."""
    Counter.objects.get_or_create(agency=agency, year=year, kind=kind)
    counter = Counter.objects.select_for_update().get(agency=agency, year=year, kind=kind)
    counter.value += count
    counter.save(update_fields=["value"])
    return counter.value
