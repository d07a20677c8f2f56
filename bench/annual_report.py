"""Benchmark: one agency's annual report (年度报告) with 100,000 applications and 100,000 items.

Run from the repository root against the database filled by bench/catalogue_pages.py (1,000,000
published items, 100,000 of them 住建局's), with DEBUG off:

    export GONGKAI_DATA_DIR=/tmp/bench1m GONGKAI_DEBUG=0 GONGKAI_ALLOWED_HOSTS=localhost,127.0.0.1
    .venv/bin/python bench/annual_report.py [--year 2025] [--profile]

PostgreSQL: the same with GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>.

What it does: unless 住建局 already has 100,000 applications more than the demo gave it, builds
a valid 100,000-row ledger with bench/ledger_import.py's `generate_rows` (fixed seed, received
2019-06-03..2026-10-30, its own number prefix so as not to collide with the demo's cases) and
imports it with `ledger_import`; then times `agency_report(agency, year)` (the JSON), and
`documents.render(data, "docx")` and `render(data, "pdf")`, best of 3 each. Targets are printed
with PASS/FAIL and never asserted by tests.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

AGENCY = "住建局"
ROWS = 100_000
SEED = 20261124
PREFIX = "示住建台账"
RUNS = 3
TARGET_JSON_SECONDS = 2.0


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def best_of(fn, runs: int = RUNS) -> tuple[float, list[float], object]:
    times = []
    result = None
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), times, result


def ensure_applications(agency) -> None:
    from django.utils import timezone
    from ledger_import import generate_rows

    from gongkai.accounts.models import User
    from gongkai.info_requests.ledger import write_ledger_csv
    from gongkai.info_requests.ledger_services import ledger_import
    from gongkai.info_requests.models import InfoRequest
    from gongkai.workdays.selectors import get_calendar

    existing = InfoRequest.objects.filter(agency=agency, number__startswith=PREFIX).count()
    if existing >= ROWS:
        print(f"  {existing:,} bench applications already imported")
        return
    rows = generate_rows(
        ROWS, calendar=get_calendar(), today=timezone.localdate(), seed=SEED, prefix=PREFIX
    )
    data = write_ledger_csv(rows)
    actor = User.objects.filter(username="admin").first()
    started = time.perf_counter()
    result = ledger_import(agency=agency, data=data, filename="登记台账.csv", actor=actor)
    print(
        f"  imported {result.created:,} applications ({result.open_cases:,} open) in "
        f"{time.perf_counter() - started:.1f} s [load avg {load()}]"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--profile", action="store_true", help="cProfile one agency_report")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    from gongkai.accounts.models import Agency
    from gongkai.catalogue.models import Item
    from gongkai.info_requests.models import InfoRequest
    from gongkai.reports.documents import render
    from gongkai.reports.selectors import agency_report

    agency = Agency.objects.get(short_name=AGENCY)
    print(f"Benchmark: annual report of {agency.name} for {args.year}")
    print(f"  {connection.vendor}, DEBUG={settings.DEBUG}, load avg at start {load()}")
    ensure_applications(agency)
    cases = InfoRequest.objects.filter(agency=agency).count()
    items = Item.objects.filter(agency=agency).count()
    in_year = InfoRequest.objects.filter(agency=agency, received_on__year=args.year).count()
    print(f"  agency has {cases:,} applications ({in_year:,} received in {args.year}), "
          f"{items:,} items")  # fmt: skip

    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.enable()
        agency_report(agency, args.year)
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)

    print(f"  agency_report [load avg before {load()}]")
    best, times, data = best_of(lambda: agency_report(agency, args.year))
    size = len(json.dumps(data, ensure_ascii=False).encode())
    verdict = "PASS" if best <= TARGET_JSON_SECONDS else "FAIL"
    target = verdict if connection.vendor == "sqlite" else f"reported (would {verdict})"
    print(
        f"    best {best:.2f} s (runs {', '.join(f'{t:.2f}' for t in times)}); JSON {size:,} "
        f"bytes; target ≤ {TARGET_JSON_SECONDS:.0f} s: {target}"
    )
    for fmt in ("docx", "pdf"):
        print(f"  render(data, {fmt!r}) [load avg before {load()}]")
        best, times, out = best_of(lambda fmt=fmt: render(data, fmt, agency=agency))
        print(
            f"    best {best:.2f} s (runs {', '.join(f'{t:.2f}' for t in times)}); "
            f"{len(out):,} bytes"
        )
    print(f"  load avg at end {load()}")


if __name__ == "__main__":
    main()
