"""Benchmark: citizens posting messages (留言) at once, against gunicorn on loopback.

    export GONGKAI_DATA_DIR=/tmp/bench-messages GONGKAI_DEBUG=0
    .venv/bin/python bench/message_posting.py prepare          # migrate + demo organisation
    .venv/bin/python bench/message_posting.py run [--citizens 50 --each 10]

With `GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>` the same runs on
PostgreSQL (`prepare` creates the database when missing).

`run` starts gunicorn (4 sync workers, 127.0.0.1:8097 only) on the factory `app` below, which
lifts the per-address submission limit (every simulated citizen comes from 127.0.0.1; no
application code is changed), then starts N threads. Each citizen, with its own cookie jar,
loads the form (CSRF cookie, one-time submission key), posts it, follows the redirect to the
done page and reads its tracking number; it repeats that `each` times. Printed: requests/s
over the whole run, p50/p95/max of the POST (with its redirect) and of the form GET, errors,
and the checks: messages in the database == successful posts, every tracking number unique,
nothing lost. Targets are printed, never asserted by tests.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loopback import load, migrated_database, setup  # noqa: E402

PORT = 8097
BASE = f"http://127.0.0.1:{PORT}"


def app():
    """gunicorn factory: the WSGI app with the per-address limit lifted."""
    setup()
    from django.core.wsgi import get_wsgi_application

    from gongkai.interaction import public_views

    public_views.MESSAGES_PER_HOUR = 10**9
    return get_wsgi_application()


def prepare() -> None:
    migrated_database()
    from gongkai.demo.organisation import load_demo_organisation

    load_demo_organisation()
    print("prepared")


def _citizen(index: int, each: int, agency_pk: int, out: dict, lock: threading.Lock) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for n in range(each):
        try:
            started = time.perf_counter()
            page = opener.open(f"{BASE}/messages/new/", timeout=60).read().decode()
            got = time.perf_counter() - started
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token,
                    "submission_key": key,
                    "to": str(agency_pk),
                    "type": "complaint",
                    "title": f"压测留言 {index}-{n}",
                    "body": "南湖小区旁工地每天夜里十一点后仍在施工，请尽快处理。",
                    "writer_name": "王小明",
                    "phone": "13912345678",
                    "consent": "on",
                }
            ).encode()
            request = urllib.request.Request(  # noqa: S310 - our own loopback server
                f"{BASE}/messages/new/", data=data, headers={"Referer": f"{BASE}/messages/new/"}
            )
            started = time.perf_counter()
            done = opener.open(request, timeout=60).read().decode()
            posted = time.perf_counter() - started
            number = re.search(r'id="tracking-number">([^<]+)<', done).group(1)
            with lock:
                out["get"].append(got)
                out["post"].append(posted)
                out["numbers"].append(number)
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            with lock:
                out["errors"].append(f"{type(error).__name__}: {error}"[:200])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def run(citizens: int, each: int) -> None:
    setup()
    from gongkai.accounts.models import Agency
    from gongkai.interaction.models import Message

    agency = Agency.objects.get(short_name="住建局")
    before = Message.objects.count()
    env = os.environ | {"GONGKAI_DEBUG": "0", "GONGKAI_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn on loopback
        [
            sys.executable, "-m", "gunicorn", "bench.message_posting:app()",
            "--bind", f"127.0.0.1:{PORT}", "--workers", "4", "--timeout", "120",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{BASE}/messages/new/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.3)
        out: dict = {"get": [], "post": [], "numbers": [], "errors": []}
        lock = threading.Lock()
        print(f"load avg before {load()}; {citizens} citizens x {each} messages")
        started = time.perf_counter()
        threads = [
            threading.Thread(target=_citizen, args=(i, each, agency.pk, out, lock))
            for i in range(citizens)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        seconds = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    requests = 3 * len(out["post"]) + len(out["errors"])  # form, post, redirect to done page
    stored = Message.objects.count() - before
    numbers = out["numbers"]
    print(f"load avg after {load()}")
    print(
        f"{len(numbers)} messages posted in {seconds:.1f} s: {requests / seconds:.1f} requests/s, "
        f"{len(numbers) / seconds:.1f} messages/s"
    )
    if numbers:
        print(
            f"POST+redirect p50 {statistics.median(out['post']) * 1000:.0f} ms, "
            f"p95 {_percentile(out['post'], 0.95):.0f} ms, max {max(out['post']) * 1000:.0f} ms; "
            f"form GET p50 {statistics.median(out['get']) * 1000:.0f} ms, "
            f"p95 {_percentile(out['get'], 0.95):.0f} ms"
        )
    first = f" (first: {out['errors'][0]})" if out["errors"] else ""
    print(f"errors: {len(out['errors'])}{first}")
    kept = "PASS" if stored == len(numbers) else "FAIL"
    print(f"stored {stored} == posted {len(numbers)}: {kept}")
    unique = len(set(numbers)) == len(numbers)
    print(f"tracking numbers unique: {'PASS' if unique else 'FAIL'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["prepare", "run"])
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--each", type=int, default=10)
    args = parser.parse_args()
    if args.what == "prepare":
        prepare()
    else:
        run(args.citizens, args.each)


if __name__ == "__main__":
    main()
