"""Shared set-up of the search benchmarks: a throwaway database holding the generated corpus."""

from __future__ import annotations

import math
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DEBUG", "false")


def database(url: str | None, default_name: str) -> str:
    """Point Gongkai at a throwaway database (created on PostgreSQL if missing)."""
    url = url or os.environ.get("GONGKAI_DATABASE_URL") or ""
    if not url:
        folder = Path(tempfile.gettempdir()) / "gongkai-search-bench"
        folder.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{folder / (default_name + '.db')}"
    if url.startswith("postgres"):
        import psycopg

        base, _, name = url.rpartition("/")
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                conn.execute(f'CREATE DATABASE "{name}"')
    os.environ["GONGKAI_DATABASE_URL"] = url
    os.environ.setdefault(
        "GONGKAI_DATA_DIR", str(Path(tempfile.gettempdir()) / "gongkai-search-bench" / "data")
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    return url


def load_corpus(count: int, *, seed: int, extra=()) -> dict[str, int]:
    """The corpus in the database (loaded once; a second run reuses it): key → item id.
    `extra`: items added after the generated ones (the relevance set's EXTRA)."""
    from gongkai.catalogue.models import Item
    from gongkai.search.tests.corpus import generate as generated
    from gongkai.search.tests.corpus_load import corpus_load

    def generate(count, seed):
        return [*generated(count, seed=seed), *extra]

    there = Item.objects.filter(source="corpus").count()
    if there == count + len(extra):
        ids = Item.objects.filter(source="corpus").order_by("pk").values_list("pk", flat=True)
        return {c.key: pk for c, pk in zip(generate(count, seed), ids, strict=True)}
    if there:
        sys.exit(f"the database holds {there} corpus items, not {count}: use a fresh database")
    started = time.perf_counter()
    keys = corpus_load(generate(count, seed), batch_size=5000)
    print(f"corpus: {count:,} items loaded in {time.perf_counter() - started:.1f} s", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would, before the planner is relied on
    return keys


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def environment() -> str:
    import sqlite3

    from django.db import connection

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    version = (
        f"SQLite {sqlite3.sqlite_version}"
        if connection.vendor == "sqlite"
        else f"PostgreSQL {connection.cursor().connection.info.server_version}"
    )
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {version}, load {load:.2f}"
    )
