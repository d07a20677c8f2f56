"""Benchmark: the supervision indicators of the whole government (docs/interfaces.md §5) and
the supervising office's desk, over 40 agencies, 200,000 applications, 1,000,000 items and
200,000 messages.

Run from the repository root on an empty, migrated database of its own, with DEBUG off:

    export GONGKAI_DATA_DIR=/tmp/sv-bench GONGKAI_DEBUG=0 GONGKAI_ALLOWED_HOSTS=testserver
    .venv/bin/python -m gongkai migrate
    .venv/bin/python bench/supervision_indicators.py [--items 1000000] [--runs 3]

PostgreSQL: the same with GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/wt_supervision_bench.

What it does: unless the bench government is there already, bulk-inserts it (fixed seed):
40 agencies of 3 departments; items written 2021-01-04..2026-10-30 and published 0–45
calendar days later (3 % policy documents, a tenth of them interpreted); applications
received over the same years, 92 % closed 3–45 days later (3 % 其他处理-1 with a lapsed
correction, 5 % more with a completed correction so the clock runs in Python for them), the
open ones with the due date the clock gives; messages received over the years, 97 % valid,
90 % replied 1–30 days later; 50,000 enquiries. Then ANALYZE, and times (best and all of
`--runs`): the JSON of the whole government for 2025 and for everything (2021-01-01 to
2026-11-30); the desk's first page (this year so far) through Django's test client: 5
requests that compute the figures (`?refresh=1`) and 20 served from the desk's ten-minute
cache (p50, p95). Targets (≤ 3 s JSON, ≤ 300 ms desk p95) are printed, never asserted.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20261203
AGENCIES = 40
CASES = 200_000
MESSAGES = 200_000
ENQUIRIES = 50_000
FIRST = date(2021, 1, 4)
LAST = date(2026, 10, 30)
BATCH = 5000
PREFIX = "9990"  # agency codes 9990NNNNN: apart from the demo's


def fast_insert(model, varying: list[str], rows) -> int:
    """INSERT the rows (values of the `varying` columns, in order) with executemany; every other
    column gets its field's default (auto_now fields: now). Much cheaper than building a
    million model instances for bulk_create. Returns the rows inserted."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    constant = {}
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    for f in fields:
        if f.attname in varying:
            continue
        value = (
            now
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
            else f.get_default()
        )
        constant[f.column] = f.get_db_prep_save(value, connection)
    by_attname = {f.attname: f.column for f in fields}
    columns = [by_attname[name] for name in varying] + list(constant)
    quote = connection.ops.quote_name
    # Table and column names come from the model; the values go as parameters.
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    tail = tuple(constant.values())
    # PostgreSQL: one INSERT of many rows (the public tally's trigger runs per statement);
    # SQLite: executemany (its trigger runs per row either way).
    per_statement = 500 if connection.vendor == "postgresql" else 1
    one = f"({', '.join(['%s'] * len(columns))})"
    head = sql[: sql.index(" VALUES ")]
    count = 0
    chunk: list[tuple] = []

    def flush(cursor, rows):
        if per_statement == 1:
            cursor.executemany(sql, rows)
            return
        for i in range(0, len(rows), per_statement):
            part = rows[i : i + per_statement]
            values = ", ".join([one] * len(part))
            cursor.execute(f"{head} VALUES {values}", [v for row in part for v in row])

    with connection.cursor() as cursor:
        for row in rows:
            chunk.append(tuple(row) + tail)
            if len(chunk) == 20_000:
                flush(cursor, chunk)
                count += len(chunk)
                chunk = []
        if chunk:
            flush(cursor, chunk)
            count += len(chunk)
    return count


def day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randrange((last - first).days + 1))


def build(items: int) -> None:
    from django.db import transaction

    from gongkai.accounts.models import Agency, Department, Government, Role, RoleAssignment, User
    from gongkai.catalogue.models import Item
    from gongkai.info_requests.clock import regime_for
    from gongkai.info_requests.models import Correction, InfoRequest
    from gongkai.interaction.models import Enquiry, Message
    from gongkai.workdays.calendar import ScheduleNotLoaded
    from gongkai.workdays.selectors import get_calendar

    if Agency.objects.filter(code__startswith=PREFIX).exists():
        print("bench government already loaded")
        return
    rng = random.Random(SEED)
    calendar = get_calendar()
    started = time.perf_counter()
    government, _ = Government.objects.get_or_create(name="基准测试区人民政府")
    agencies = Agency.objects.bulk_create(
        Agency(
            government=government,
            code=f"{PREFIX}{n:05d}",
            name=f"基准测试区第{n}局",
            short_name=f"第{n}局",
            sort_order=n,
        )
        for n in range(1, AGENCIES + 1)
    )
    agencies = list(Agency.objects.filter(code__startswith=PREFIX).order_by("sort_order"))
    departments = Department.objects.bulk_create(
        Department(agency=a, name=f"第{k}科") for a in agencies for k in (1, 2, 3)
    )
    departments = list(Department.objects.filter(agency__in=agencies))
    by_agency: dict[int, list] = {}
    for d in departments:
        by_agency.setdefault(d.agency_id, []).append(d.pk)
    boss, _ = User.objects.get_or_create(
        username="bench_zhuguan", defaults={"display_name": "基准主管"}
    )
    RoleAssignment.objects.get_or_create(user=boss, role=Role.SUPERVISING_OFFICE)
    genres = ["notice", "news", "normative_document", "other_document", "plan_report", "statistics"]

    print(f"items: {items:,}")

    def item_rows():
        for n in range(items):
            agency = agencies[n % AGENCIES]
            written = day_between(rng, FIRST, LAST)
            published = written + timedelta(days=rng.randrange(46))
            yield (
                agency.pk,
                rng.choice(by_agency[agency.pk]),
                "基准信息",
                agency.name,
                written,
                published,
                "1",
                rng.choice(genres),
                rng.random() < 0.03,
                "published",
                f"{agency.code}/B-{n + 1:07d}",
                published.year,
                n + 1,
                "bench",
            )
            if (n + 1) % 200_000 == 0:
                print(f"  {n + 1:,} items, {time.perf_counter() - started:.0f} s", flush=True)

    with transaction.atomic():
        fast_insert(
            Item,
            [
                "agency_id",
                "department_id",
                "title",
                "issuing_agency",
                "written_on",
                "published_on",
                "statutory_category",
                "genre",
                "is_policy",
                "status",
                "index_number",
                "index_year",
                "index_serial",
                "source",
            ],
            item_rows(),
        )
    # interpretations: a tenth of the policies get one
    policies = list(
        Item.objects.filter(source="bench", is_policy=True).values_list(
            "pk", "agency_id", "published_on"
        )[::10]
    )
    Item.objects.bulk_create(
        Item(
            agency_id=agency_id,
            title="基准解读",
            issuing_agency="解读",
            written_on=published,
            published_on=published,
            statutory_category="1",
            genre="interpretation",
            interprets_id=pk,
            status="published",
            index_number=f"解读/B-{pk}",
            source="bench",
        )
        for pk, agency_id, published in policies
    )
    print(f"  items done, {time.perf_counter() - started:.0f} s", flush=True)

    print(f"applications: {CASES:,}")

    def case_rows():
        for n in range(CASES):
            agency = agencies[n % AGENCIES]
            received = day_between(rng, FIRST, LAST)
            closed = (
                received + timedelta(days=rng.randrange(3, 46)) if rng.random() < 0.92 else None
            )
            if closed and closed > date(2026, 11, 30):
                closed = None
            roll = rng.random()
            outcome = "" if closed is None else ("other_1" if roll < 0.03 else "granted")
            due = None
            if closed is None:
                try:
                    due = calendar.add(received, regime_for(received).reply_days)
                except ScheduleNotLoaded:
                    due = None
            status = (
                "in_progress"
                if closed is None
                else ("abandoned" if outcome == "other_1" else "replied")
            )
            yield (
                agency.pk,
                rng.choice(by_agency[agency.pk]),
                received.year,
                n + 1,
                f"{agency.code}-B-{n + 1:06d}",
                "natural_person",
                "申请人",
                "基准申请",
                "online",
                received,
                status,
                outcome,
                closed,
                due,
                "bench",
            )

    with transaction.atomic():
        corrections = []
        fast_insert(
            InfoRequest,
            [
                "agency_id",
                "department_id",
                "year",
                "serial",
                "number",
                "applicant_type",
                "applicant_name",
                "description",
                "channel",
                "received_on",
                "status",
                "outcome",
                "closed_on",
                "due_on",
                "source",
            ],
            case_rows(),
        )
        for pk, received, closed, outcome in InfoRequest.objects.filter(source="bench").values_list(
            "pk", "received_on", "closed_on", "outcome"
        ):
            if outcome == "other_1":
                corrections.append(
                    Correction(
                        request_id=pk,
                        notice_on=received,
                        complete_by=closed,
                        items="补正",
                        lapsed_on=closed,
                    )
                )
            elif closed is not None and rng.random() < 0.05 and (closed - received).days > 4:
                corrections.append(
                    Correction(
                        request_id=pk,
                        notice_on=received,
                        complete_by=received + timedelta(days=2),
                        items="补正",
                        completed_on=received + timedelta(days=2),
                    )
                )
        Correction.objects.bulk_create(corrections, batch_size=BATCH)
    print(f"  applications done, {time.perf_counter() - started:.0f} s", flush=True)

    print(f"messages: {MESSAGES:,}, enquiries: {ENQUIRIES:,}")

    def message_rows():
        for n in range(MESSAGES):
            agency = agencies[n % AGENCIES]
            received = day_between(rng, FIRST, LAST)
            valid = rng.random() < 0.97
            replied = (
                received + timedelta(days=rng.randrange(1, 31))
                if valid and rng.random() < 0.9
                else None
            )
            try:
                due = calendar.add(received, 10)
            except ScheduleNotLoaded:
                due = None
            yield (
                agency.pk,
                agency.pk,
                rng.choice(by_agency[agency.pk]),
                received.year,
                n + 1,
                f"{agency.code}-LYB-{n + 1:06d}",
                "website",
                "question",
                "基准留言",
                "内容",
                valid,
                "" if valid else "重复留言",
                received,
                replied,
                "答复" if replied else "",
                due,
                ("replied" if replied else "received") if valid else "invalid",
            )

    with transaction.atomic():
        fast_insert(
            Message,
            [
                "home_agency_id",
                "agency_id",
                "department_id",
                "year",
                "serial",
                "number",
                "channel",
                "type",
                "title",
                "body",
                "valid",
                "invalid_reason",
                "received_on",
                "replied_on",
                "reply",
                "due_on",
                "status",
            ],
            message_rows(),
        )
        Enquiry.objects.bulk_create(
            (
                Enquiry(
                    agency_id=agencies[n % AGENCIES].pk,
                    on=day_between(rng, FIRST, LAST),
                    channel=rng.choice(["phone", "in_person", "online"]),
                    topic="咨询",
                    source="import",
                )
                for n in range(ENQUIRIES)
            ),
            batch_size=BATCH,
        )
    print(f"  all loaded, {time.perf_counter() - started:.0f} s", flush=True)
    from gongkai.core.services import statistics_refresh

    statistics_refresh()
    print(f"  ANALYZE done, {time.perf_counter() - started:.0f} s", flush=True)


def best_of(fn, runs):
    times = []
    for _ in range(runs):
        gc.collect()
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.db import connection

    build(args.items)
    from gongkai.catalogue.models import Item
    from gongkai.info_requests.models import InfoRequest
    from gongkai.interaction.models import Message
    from gongkai.supervision.selectors import ensure_day_index, period_indicators

    print(
        f"database: {connection.vendor}; items {Item.objects.count():,}, applications "
        f"{InfoRequest.objects.count():,}, messages {Message.objects.count():,}; "
        f"load {', '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    ensure_day_index()
    for start, end in (
        (date(2025, 1, 1), date(2025, 12, 31)),
        (date(2021, 1, 1), date(2026, 11, 30)),
    ):
        result = {}

        def run(start=start, end=end, result=result):
            result["json"] = json.dumps(period_indicators(start, end).as_json(), ensure_ascii=False)

        times = best_of(run, args.runs)
        data = json.loads(result["json"])
        verdict = "PASS" if min(times) <= 3.0 else "FAIL"
        print(
            f"government JSON {start}..{end}: best {min(times):.2f} s "
            f"(runs {', '.join(f'{t:.2f}' for t in times)}) target ≤ 3 s {verdict}; "
            f"published {data['total']['catalogue']['published']:,}, "
            f"replied {data['total']['applications']['replied']:,}, "
            f"messages received {data['total']['messages']['received']:,}"
        )

    from django.test import Client

    from gongkai.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench_zhuguan"))

    def get(path):
        t = time.perf_counter()
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        return time.perf_counter() - t

    cold = sorted(get("/workbench/supervision/?refresh=1") for _ in range(5))
    warm = sorted(get("/workbench/supervision/") for _ in range(20))
    p95 = warm[int(len(warm) * 0.95) - 1]
    print(
        f"desk first page (this year so far), computed (?refresh=1), 5 requests: "
        f"{', '.join(f'{t * 1000:.0f}' for t in cold)} ms"
    )
    print(
        f"desk first page from the ten-minute cache, 20 requests: p50 "
        f"{statistics.median(warm) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"target ≤ 300 ms {'PASS' if p95 <= 0.3 else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
