"""Benchmark: `Calendar.add(date, 20)` against the day-by-day reference loop.

Run from the repository root:

    .venv/bin/python bench/workdays_add.py

Standalone: needs only the `gongkai.workdays.calendar` module and the `chinesecalendar`
package, no Django. Everything it reports is printed; the targets are printed with
PASS/FAIL beside them and are never asserted by tests. The one thing it does assert is that
the indexed calendar and the naive loop agree on every date timed with both.
"""

from __future__ import annotations

import gc
import os
import platform
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from importlib.metadata import version
from pathlib import Path
from typing import TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import chinese_calendar  # noqa: E402
from chinese_calendar import constants  # noqa: E402

from gongkai.workdays.calendar import Calendar, add_naive  # noqa: E402

SEED = 20261122
CALLS = 1_000_000
N = 20
YEARS = range(2004, 2027)
FIRST_START = date(2010, 1, 1)
LAST_START = date(2026, 11, 30)
REPEATS = 3
NAIVE_BUDGET_SECONDS = 180.0  # time the naive loop over all dates only if it fits this
NAIVE_SUBSET = 100_000  # otherwise over this many leading dates, rate extrapolated
TARGET_CALLS_PER_SECOND = 500_000
TARGET_SPEEDUP = 50.0

T = TypeVar("T")


def build_calendar() -> Calendar:
    return Calendar(YEARS, constants.holidays, constants.workdays)


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def main() -> None:
    print("Benchmark: gongkai.workdays.calendar.Calendar.add(date, 20)")
    print(f"  Python      {sys.version.split()[0]} ({platform.python_implementation()})")
    print(f"  platform    {platform.platform()}")
    print(f"  CPU         {cpu_model()}, os.cpu_count() = {os.cpu_count()}")
    if hasattr(os, "getloadavg"):
        load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"  load avg    {load} (1, 5, 15 min, at start)")
    print(f"  chinesecalendar {version('chinesecalendar')}")
    print()

    # -- build ------------------------------------------------------------------------------
    build_times = []
    for _ in range(REPEATS):
        seconds, calendar = timed(build_calendar)
        build_times.append(seconds)
    print(f"Build Calendar for {YEARS.start}-{YEARS.stop - 1}")
    print(
        f"  build time  best {min(build_times) * 1000:.1f} ms "
        f"(runs: {', '.join(f'{t * 1000:.1f}' for t in build_times)} ms)"
    )

    # Memory: a separate build under tracemalloc (tracing slows it, so it is not timed).
    gc.collect()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    traced = build_calendar()
    gc.collect()
    after, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del traced
    days, workdays = calendar.index_size()
    print(f"  memory      {after - before:,} bytes ({(after - before) / 1024:.1f} KiB) traced")
    print(f"  index_size  {days:,} days, {workdays:,} working days")
    print()

    # -- data -------------------------------------------------------------------------------
    last_start = LAST_START
    while calendar.add(last_start, N).year > YEARS.stop - 1:
        last_start = date.fromordinal(last_start.toordinal() - 1)
    note = "" if last_start == LAST_START else f" (lowered from {LAST_START})"
    print(
        f"Data: {CALLS:,} random start dates, uniform over {FIRST_START}..{last_start}"
        f"{note}, random.Random({SEED}), n = {N}"
    )
    print(f"  upper bound check: add({last_start}, {N}) = {calendar.add(last_start, N)}")
    rng = random.Random(SEED)
    low, high = FIRST_START.toordinal(), last_start.toordinal()
    starts = [date.fromordinal(rng.randint(low, high)) for _ in range(CALLS)]
    print(f"  generated {len(starts):,} dates, min {min(starts)}, max {max(starts)}")
    print()

    # -- indexed add ------------------------------------------------------------------------
    add = calendar.add

    def run_indexed() -> list[date]:
        return [add(d, N) for d in starts]

    indexed_times = []
    indexed: list[date] = []
    for _ in range(REPEATS):
        seconds, indexed = timed(run_indexed)
        indexed_times.append(seconds)
    best = min(indexed_times)
    rate = CALLS / best
    print(f"Calendar.add: {CALLS:,} calls, best of {REPEATS}")
    print(
        f"  best {best:.3f} s = {rate:,.0f} calls/s ({best / CALLS * 1e9:.0f} ns/call); "
        f"runs: {', '.join(f'{t:.3f} s' for t in indexed_times)}"
    )
    print()

    # -- naive loops -----------------------------------------------------------------------
    # Two day-by-day baselines, both checked against Calendar.add on every date they time:
    #  * add_naive: our own loop over the calendar's frozensets (the strict baseline);
    #  * the loop one writes with the package alone, chinese_calendar.is_workday per day.
    def package_loop(start: date, n: int) -> date:
        day = start
        while n:
            day = date.fromordinal(day.toordinal() + 1)
            if chinese_calendar.is_workday(day):
                n -= 1
        return day

    baselines = [
        ("add_naive (our frozensets, day by day)", lambda d: add_naive(calendar, d, N)),
        ("chinese_calendar.is_workday, day by day", lambda d: package_loop(d, N)),
    ]
    speedups = []
    for label, fn in baselines:
        naive_rate = time_naive(label, fn, starts, indexed)
        speedups.append((label, rate / naive_rate))
        print()

    # -- verdict ----------------------------------------------------------------------------
    print("Targets (reported, never asserted by tests)")
    print(
        f"  calls/s  >= {TARGET_CALLS_PER_SECOND:,}: {rate:,.0f}  "
        f"{verdict(rate >= TARGET_CALLS_PER_SECOND)}"
    )
    for label, speedup in speedups:
        print(
            f"  speed-up >= {TARGET_SPEEDUP:.0f}x vs {label}: {speedup:.1f}x  "
            f"{verdict(speedup >= TARGET_SPEEDUP)}"
        )


def time_naive(
    label: str, fn: Callable[[date], date], starts: list[date], indexed: list[date]
) -> float:
    def run(subset: list[date]) -> list[date]:
        return [fn(d) for d in subset]

    probe = starts[:NAIVE_SUBSET]
    probe_seconds, probe_results = timed(lambda: run(probe))
    projected = probe_seconds * CALLS / len(probe)
    if projected <= NAIVE_BUDGET_SECONDS:
        count = CALLS
        seconds, results = timed(lambda: run(starts))
        scope = f"all {CALLS:,} dates (single run; projected {projected:.0f} s from probe)"
    else:
        count = len(probe)
        seconds, results = probe_seconds, probe_results
        scope = (
            f"first {count:,} dates only (full run projected {projected:.0f} s "
            f"> {NAIVE_BUDGET_SECONDS:.0f} s budget); rate EXTRAPOLATED to {CALLS:,}"
        )
    naive_rate = count / seconds
    print(f"{label}: {scope}")
    print(
        f"  {seconds:.3f} s for {count:,} calls = {naive_rate:,.0f} calls/s "
        f"({seconds / count * 1e9:.0f} ns/call)"
    )
    assert len(results) == count
    for start, fast, slow in zip(starts, indexed, results, strict=False):
        assert fast == slow, f"add({start}, {N}) = {fast}, {label} = {slow}"
    print(f"  checked: Calendar.add agrees on all {count:,} dates timed with both")
    return naive_rate


if __name__ == "__main__":
    main()
