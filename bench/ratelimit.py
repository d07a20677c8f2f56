"""Rate-limit counters (gongkai/core/ratelimit.py): cost of one hit, and exactness and
throughput when many threads hit one key.

    GONGKAI_DATA_DIR=$(mktemp -d) python bench/ratelimit.py              # SQLite (a new file)
    GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/scratch python bench/ratelimit.py
    GONGKAI_CACHE_URL=redis://127.0.0.1:6379/15 python bench/ratelimit.py  # Redis

Bounded: at most THREADS × HITS_EACH hits per figure; loopback servers only. The database is
migrated first (`gongkai migrate`), and the bench's keys are removed at the end.
"""

import os
import statistics
import threading
import time
import uuid

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from gongkai.core import ratelimit  # noqa: E402

SINGLE = 2000
THREADS = 8
HITS_EACH = 500


def main() -> None:
    call_command("migrate", verbosity=0)
    limiter = ratelimit.limiter()
    store = type(limiter).__name__
    if store == "DatabaseLimiter":
        store += f" ({connection.vendor})"
    run = uuid.uuid4().hex[:8]

    timings = []
    for n in range(SINGLE):
        start = time.perf_counter()
        ratelimit.hit(f"bench:{run}:single:{n}", 60)
        timings.append(time.perf_counter() - start)
    timings.sort()

    key = f"bench:{run}:shared"
    barrier = threading.Barrier(THREADS)
    counts: list[int] = []

    def worker() -> None:
        barrier.wait()
        mine = [ratelimit.hit(key, 60) for _ in range(HITS_EACH)]
        counts.extend(mine)
        connection.close()

    threads = [threading.Thread(target=worker) for _ in range(THREADS)]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - start
    total = THREADS * HITS_EACH
    exact = sorted(counts) == list(range(1, total + 1))

    print(f"store: {store}")
    print(
        f"one hit, one thread ({SINGLE} keys): median {statistics.median(timings) * 1e3:.2f} ms,"
        f" p95 {timings[int(0.95 * SINGLE)] * 1e3:.2f} ms"
    )
    print(
        f"{THREADS} threads x {HITS_EACH} hits on one key: {total / elapsed:,.0f} hits/s,"
        f" counts exactly 1..{total}: {exact}"
    )
    for n in range(SINGLE):
        ratelimit.clear(f"bench:{run}:single:{n}")
    ratelimit.clear(key)


if __name__ == "__main__":
    main()
