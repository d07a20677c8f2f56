"""Benchmark: server time of the work-queue page (/workbench/requests/) with 100,000 cases.

Run from the repository root against a database prepared with `gongkai migrate` and then
`gongkai demo` (throwaway data directory or database), for example:

    export GONGKAI_DATA_DIR=/tmp/gongkai-bench
    .venv/bin/gongkai migrate && .venv/bin/gongkai demo --quiet-logins
    .venv/bin/python bench/work_queue.py [--requests 200] [--warmups 10] [--sql]

PostgreSQL: the same with GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench.

Data: the demo's 住建局 (whose disclosure office is the demo user `gongkaiban`) is filled up
to 100,000 cases with a generated ledger (bench/ledger_import.py's `generate_rows`, imported
by `ledger_import`), of which about 3,000 are open, received in the last 45 working days so
that their due dates fall around today; the rest were replied 2019-06..2026-10. Run again,
the script finds the cases already there and only measures.

Measurement: Django's test `Client`, logged in with `force_login` as `gongkaiban`, requests
each variant of the page (the default first page and filtered ones) 10 times unmeasured, then
200 times measured; each measured time covers `client.get` and the end-of-request connection
handling a WSGI server would do (`close_old_connections`: SQLite reconnects on every request,
PostgreSQL keeps its connection for 60 s, as settings.py configures). DEBUG is off, as
deployed, and templates are not instrumented (no `setup_test_environment`). The SQL queries
of one request per variant are counted with `CaptureQueriesContext`, outside the timings.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import sys
import time
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
# As deployed: with DEBUG on, Django would also format and keep every SQL statement.
os.environ.setdefault("GONGKAI_DEBUG", "false")

from ledger_import import (  # noqa: E402  (bench/ is the script's directory)
    describe_rows,
    generate_rows,
    mib,
    print_environment,
    verdict,
)

CASES = 100_000
OPEN = 3_000
OPEN_WORKING_DAYS = 45
SEED = 20261123
NUMBER_PREFIX = "示住建申"
TARGET_P95_MS = 100.0

# (label, query string). Without a status the page lists open cases only; an outcome lists
# every status.
VARIANTS = [
    ("default: open cases, first page", ""),
    ("open cases, page 20", "page=20"),
    ("status=in_progress", "status=in_progress"),
    ("status=awaiting_correction", "status=awaiting_correction"),
    ("status=replied (closed)", "status=replied"),
    ("status=replied, page 1000", "status=replied&page=1000"),
    ("channel=letter", "channel=letter"),
    ("applicant_type=commercial", "applicant_type=commercial"),
    ("outcome=granted (all statuses)", "outcome=granted"),
    ("q=老旧小区 (open cases)", "q=老旧小区"),
    ("q=王芳 (open cases)", "q=王芳"),
    ("status=replied&q=王芳 (closed)", "status=replied&q=王芳"),
]


def working_days_back(calendar, today: date, n: int) -> date:
    day = today
    while n > 0:
        day -= timedelta(days=1)
        if calendar.is_workday(day):
            n -= 1
    return day


def fill_agency(agency, office) -> None:
    """Import generated cases until the agency has CASES, about OPEN of them open."""
    from django.utils import timezone

    from gongkai.info_requests import states
    from gongkai.info_requests.ledger import write_ledger_csv
    from gongkai.info_requests.ledger_services import ledger_import
    from gongkai.info_requests.models import InfoRequest
    from gongkai.workdays.selectors import get_calendar

    cases = InfoRequest.objects.filter(agency=agency)
    have = cases.count()
    if have >= CASES:
        print(f"Data: {agency.short_name} already has {have:,} cases; not importing")
        return
    have_open = cases.filter(status__in=states.OPEN).count()
    calendar = get_calendar()
    today = timezone.localdate()
    window = (working_days_back(calendar, today, OPEN_WORKING_DAYS), today - timedelta(days=1))
    rows = generate_rows(
        CASES - have,
        calendar=calendar,
        today=today,
        seed=SEED,
        open_count=max(0, OPEN - have_open),
        open_window=window,
        last=date(2026, 9, 30),
        prefix=NUMBER_PREFIX,
    )
    data = write_ledger_csv(rows)
    print(
        f"Data: {agency.short_name} had {have:,} cases ({have_open} open, from `gongkai demo`); "
        f"importing {len(rows):,} generated rows ({mib(len(data))} CSV, "
        f"random.Random({SEED})), open ones received {window[0]}..{window[1]}"
    )
    for line in describe_rows(rows):
        print(f"  {line}")
    started = time.perf_counter()
    ledger_import(agency=agency, data=data, filename="登记台账.csv", actor=office)
    print(f"  imported in {time.perf_counter() - started:.1f} s")


def describe_queue(agency, today: date) -> None:
    from django.db.models import Count, Q

    from gongkai.info_requests import states
    from gongkai.info_requests.models import InfoRequest

    cases = InfoRequest.objects.filter(agency=agency)
    open_cases = cases.filter(status__in=states.OPEN)
    by_status = dict(cases.values_list("status").annotate(n=Count("pk")).order_by())
    due = open_cases.aggregate(
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        week=Count("pk", filter=Q(due_on__gte=today, due_on__lte=today + timedelta(days=7))),
        later=Count("pk", filter=Q(due_on__gt=today + timedelta(days=7))),
        none=Count("pk", filter=Q(due_on__isnull=True)),
    )
    first_due = open_cases.exclude(due_on=None).order_by("due_on").values_list("due_on")[:1]
    last_due = open_cases.exclude(due_on=None).order_by("-due_on").values_list("due_on")[:1]
    print(
        f"Queue of {agency.short_name}: {cases.count():,} cases, {open_cases.count():,} open; "
        + ", ".join(f"{k} {v:,}" for k, v in sorted(by_status.items(), key=lambda kv: -kv[1]))
    )
    print(
        f"  open due dates: overdue {due['overdue']:,}, within 7 days {due['week']:,}, "
        f"later {due['later']:,}, none (clock stopped or beyond 2026) {due['none']:,}; "
        f"range {first_due[0][0] if first_due else '—'}..{last_due[0][0] if last_due else '—'}"
    )


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    return sorted_values[max(0, math.ceil(fraction * len(sorted_values)) - 1)]


def main(argv: Iterable[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmups", type=int, default=10)
    parser.add_argument("--sql", action="store_true", help="print every query of each variant")
    parser.add_argument(
        "--what-if", action="store_true", help="also time the queries with the proposed fixes"
    )
    args = parser.parse_args(list(argv) if argv is not None else None)

    import django

    django.setup()
    from django.conf import settings
    from django.db import close_old_connections, connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from gongkai.accounts.models import Agency, User

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    print_environment("Benchmark: work-queue page /workbench/requests/ (server time)")
    agency = Agency.objects.get(short_name="住建局")
    office = User.objects.get(username="gongkaiban")
    fill_agency(agency, office)
    today = timezone.localdate()
    describe_queue(agency, today)
    print()

    if connection.vendor == "postgresql":
        # This server runs with autovacuum off; deployed PostgreSQL analyses a table soon after
        # a bulk insert, and without statistics the planner guesses one row per filter.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print("PostgreSQL: ANALYZE run after the import (as autovacuum would)")
        print()

    client = Client()
    client.force_login(office)
    close_old_connections()
    print(
        f"Timing: {args.warmups} warm-ups, then {args.requests} measured requests per variant "
        f"({connection.vendor}); times in ms; SQL = queries per page; matched = cases the "
        "filter matches"
    )
    print(f"  {'matched':>7} {'SQL':>4} {'p50':>7} {'p95':>7} {'max':>7}  variant")
    results = []
    for label, query in VARIANTS:
        url = "/workbench/requests/" + (f"?{query}" if query else "")
        for _ in range(args.warmups):
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            close_old_connections()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = list(captured.captured_queries)  # read before the next request resets them
        close_old_connections()
        assert response.status_code == 200
        body = response.content.decode()
        rows = body.count('<tr class="level-')
        start = body.index("共 ") + 2
        matched = int(body[start : body.index(" 件", start)])
        assert rows == min(50, matched) or "page=" in query, (label, rows, matched)
        times = []
        gc.collect()
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        for _ in range(args.requests):
            started = time.perf_counter()
            response = client.get(url)
            close_old_connections()
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        times.sort()
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        results.append((label, p95))
        print(
            f"  {matched:>7,} {len(queries):>4} {p50:7.1f} {p95:7.1f} {times[-1]:7.1f}  "
            f"{label} ({rows} rows shown; load {load:.2f})"
        )
        slowest = sorted(queries, key=lambda q: -float(q["time"]))
        for q in slowest if args.sql else slowest[:2]:
            print(f"          {float(q['time']) * 1000:6.1f} ms  {q['sql'][:110]}")
    print()

    print(f"Target: p95 ≤ {TARGET_P95_MS:.0f} ms per variant ({connection.vendor})")
    for label, p95 in results:
        print(f"  p95 {p95:7.1f} ms  {verdict(p95 <= TARGET_P95_MS)}  {label}")
    if hasattr(os, "getloadavg"):
        load_text = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"  load avg at the end: {load_text}")
    if args.what_if:
        print()
        what_if(office)


def best_ms(fn, repeat: int = 20) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - started)
    return best * 1000


def what_if(office) -> None:
    """Time the page's two big queries (the page of cases and the paginator's count) as they
    are and as the fixes proposed in docs/benchmarks.md would make them, without changing the
    application: (1) no join to the agency, which the queue never shows; (2) lists of closed
    cases only (a final status, or an outcome) ordered by reply date, newest first, which is
    the order they have now since a closed case has no due date; (3) two indexes that serve
    that order, created for the measurement and dropped afterwards."""
    from django.db import connection, models

    from gongkai.info_requests import states
    from gongkai.info_requests.models import InfoRequest
    from gongkai.info_requests.selectors import queue

    def proposed(**filters):
        cases = queue(office, **filters).select_related(None).select_related("department")
        if filters.get("outcome") or filters.get("status") in states.FINAL:
            cases = cases.order_by("-closed_on", "received_on", "pk")
        return cases

    closed = {"status": "replied", "open_only": False}
    cases = [
        ("default: open cases, first page", {}, 0),
        ("status=replied (closed)", closed, 0),
        ("status=replied, page 1000", closed, 999),
        ("outcome=granted (all statuses)", {"outcome": "granted"}, 0),
        ("q=王芳 (open cases)", {"search": "王芳"}, 0),
        ("status=replied&q=王芳 (closed)", closed | {"search": "王芳"}, 0),
    ]

    def measure() -> list[tuple[float, float, float]]:
        figures = []
        for _label, filters, page in cases:
            low, high = page * 50, page * 50 + 50
            figures.append(
                (
                    best_ms(lambda f=filters, a=low, b=high: list(queue(office, **f)[a:b])),
                    best_ms(lambda f=filters, a=low, b=high: list(proposed(**f)[a:b])),
                    best_ms(lambda f=filters: queue(office, **f).count()),
                )
            )
        return figures

    indexes = [
        models.Index(fields=["agency", "status", "-closed_on", "received_on"], name="whatif_st"),
        models.Index(fields=["agency", "outcome", "-closed_on", "received_on"], name="whatif_oc"),
    ]
    before = measure()
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(InfoRequest, index)
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE info_requests_inforequest")
        after = measure()
    finally:
        with connection.schema_editor() as editor:
            for index in indexes:
                editor.remove_index(InfoRequest, index)
    print(
        f"What if ({connection.vendor}): best of 20, ms. page = the 50 cases shown, "
        "count = the paginator's COUNT; proposed = (1) + (2); +idx = with the indexes (3)"
    )
    print(
        f"  {'page now':>8} {'proposed':>8} {'+idx now':>8} {'+idx prop':>9} "
        f"{'count now':>9} {'+idx':>6}  variant"
    )
    for (label, _f, _p), (now, prop, count), (now_i, prop_i, count_i) in zip(
        cases, before, after, strict=True
    ):
        print(
            f"  {now:8.1f} {prop:8.1f} {now_i:8.1f} {prop_i:9.1f} {count:9.1f} {count_i:6.1f}  "
            f"{label}"
        )


if __name__ == "__main__":
    main()
