"""Shared writes: gapless numbering."""

from __future__ import annotations

from django.db import connection

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


def statistics_refresh() -> None:
    """Refresh the query planner's statistics (ANALYZE).

    SQLite never gathers them on its own: without them it guesses, and at a million items it
    guessed wrong (a look-up of twenty items by primary key scanned an index of a million rows;
    docs/benchmarks.md). Run nightly (core.tasks) and after bulk loads (the demo, catalogue and
    ledger imports from the command line, a search reindex). SQLite reads every index: about
    12 s for a million items. PostgreSQL's autovacuum analyses on its own; this only makes it
    happen now.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 0")  # exact: sampled figures misled it
        cursor.execute("ANALYZE")
