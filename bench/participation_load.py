"""Benchmark: citizens commenting on a draft (征求意见) and leaving messages (留言) at once,
against gunicorn on loopback.

    export GONGKAI_DATA_DIR=/tmp/bench-participation GONGKAI_DEBUG=0
    .venv/bin/python bench/participation_load.py prepare     # migrate, organisation, one call
    .venv/bin/python bench/participation_load.py run [--citizens 50 --each 4]

With `GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/<db>` the same runs on
PostgreSQL (`prepare` creates the database when missing).

`run` starts gunicorn (4 sync workers, 127.0.0.1:8098 only) on the factory `app` below, which
raises the per-address limits of the comment form (public_views.COMMENTS_PER_HOUR) and of the
message form (MESSAGES_PER_HOUR) — every simulated citizen comes from 127.0.0.1 — the way
bench/message_posting.py does; no application code is changed. Then N threads, each with its
own cookie jar, each `each` times: load the comment form (CSRF cookie, one-time key), post a
comment on an article, follow the redirect to the receipt and read the receipt number; then
load the message form, post a message, follow the redirect and read the tracking number.
Printed: requests/s over the whole run, p50/p95/max of each POST (with its redirect) and of
the form GETs, errors, and the checks: comments and messages in the database == successful
posts, every receipt and tracking number unique. Nothing is asserted by tests.
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
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loopback import load, migrated_database, setup  # noqa: E402

PORT = 8098
BASE = f"http://127.0.0.1:{PORT}"
TITLE = "压测用征求意见稿：示范区住宅专项维修资金管理办法"
RUN = f"{time.time_ns() % 10**9:09d}"


def app():
    """gunicorn factory: the WSGI app with the per-address limits raised."""
    setup()
    from django.core.wsgi import get_wsgi_application

    from gongkai.interaction import public_views as messages
    from gongkai.participation import public_views as comments

    comments.COMMENTS_PER_HOUR = 10**9
    messages.MESSAGES_PER_HOUR = 10**9
    return get_wsgi_application()


def prepare() -> None:
    migrated_database()
    from django.utils import timezone

    from gongkai.accounts.models import Agency
    from gongkai.demo.organisation import load_demo_organisation
    from gongkai.demo.participation import _read
    from gongkai.participation import services as s
    from gongkai.participation.models import CommentCall

    load_demo_organisation()
    if not CommentCall.objects.filter(title=TITLE).exists():
        today = timezone.localdate()
        call = s.call_create(
            agency=Agency.objects.get(short_name="住建局"),
            actor=None,
            title=TITLE,
            kind="other",
            draft=_read("maintenance_fund_draft.txt"),
            drafting_note=_read("maintenance_fund_note.txt"),
            opens_on=today,
            closes_on=today + timedelta(days=30),
            contact="房地产市场监管科　0731-88810025",
        )
        s.call_open(call=call, actor=None)
    print("prepared")


def _post(opener, url: str, fields: dict, pattern: str) -> tuple[float, float, str]:
    started = time.perf_counter()
    page = opener.open(url, timeout=120).read().decode()
    got = time.perf_counter() - started
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "submission_key": key} | fields
    ).encode()
    request = urllib.request.Request(url, data=data, headers={"Referer": url})  # noqa: S310
    started = time.perf_counter()
    done = opener.open(request, timeout=120).read().decode()
    posted = time.perf_counter() - started
    return got, posted, re.search(pattern, done).group(1)


def _citizen(index, each, call_pk, agency_pk, out, lock) -> None:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    for n in range(each):
        try:
            got, posted, receipt = _post(
                opener,
                f"{BASE}/participation/{call_pk}/comment/?article={n % 12 + 1}",
                {
                    "article": str(n % 12 + 1),
                    # The run's mark keeps a rerun within ten minutes from being taken, rightly,
                    # for a repeat of the last run's comment (same text, same address).
                    "body": f"压测意见 {RUN}-{index}-{n}：建议明确维修资金应急使用的审批时限。",
                    "name": "王小明",
                    "contact": "13912345678",
                    "consent": "on",
                },
                r'id="receipt-number">([^<]+)<',
            )
            with lock:
                out["comment_get"].append(got)
                out["comment_post"].append(posted)
                out["receipts"].append(receipt)
        except Exception as error:  # noqa: BLE001 - every failure is counted and shown
            with lock:
                out["errors"].append(f"comment {type(error).__name__}: {error}"[:200])
        try:
            got, posted, number = _post(
                opener,
                f"{BASE}/messages/new/",
                {
                    "to": str(agency_pk),
                    "type": "complaint",
                    "title": f"压测留言 {index}-{n}",
                    "body": "南湖小区旁工地每天夜里十一点后仍在施工，请尽快处理。",
                    "writer_name": "王小明",
                    "phone": "13912345678",
                    "consent": "on",
                },
                r'id="tracking-number">([^<]+)<',
            )
            with lock:
                out["message_get"].append(got)
                out["message_post"].append(posted)
                out["numbers"].append(number)
        except Exception as error:  # noqa: BLE001
            with lock:
                out["errors"].append(f"message {type(error).__name__}: {error}"[:200])


def _ms(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))] * 1000


def _line(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: none"
    return (
        f"{name} p50 {statistics.median(values) * 1000:.0f} ms, p95 {_ms(values, 0.95):.0f} ms, "
        f"max {max(values) * 1000:.0f} ms"
    )


def run(citizens: int, each: int) -> None:
    setup()
    from gongkai.accounts.models import Agency
    from gongkai.interaction.models import Message
    from gongkai.participation.models import Comment, CommentCall

    agency = Agency.objects.get(short_name="住建局")
    call = CommentCall.objects.get(title=TITLE)
    comments_before, messages_before = Comment.objects.count(), Message.objects.count()
    env = os.environ | {"GONGKAI_DEBUG": "0", "GONGKAI_ALLOWED_HOSTS": "127.0.0.1,localhost"}
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn on loopback
        [
            sys.executable, "-m", "gunicorn", "bench.participation_load:app()",
            "--bind", f"127.0.0.1:{PORT}", "--workers", "4", "--timeout", "180",
            "--log-level", "warning",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{BASE}/participation/", timeout=2).read()  # noqa: S310
                break
            except OSError:
                time.sleep(0.3)
        keys = ("comment_get", "comment_post", "message_get", "message_post")
        out: dict = {k: [] for k in keys} | {"receipts": [], "numbers": [], "errors": []}
        lock = threading.Lock()
        print(f"load avg before {load()}; {citizens} citizens x {each} (comment + message)")
        started = time.perf_counter()
        threads = [
            threading.Thread(target=_citizen, args=(i, each, call.pk, agency.pk, out, lock))
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
    posts = len(out["receipts"]) + len(out["numbers"])
    requests = 3 * posts + len(out["errors"])  # form, post, redirect to the receipt page
    stored_comments = Comment.objects.count() - comments_before
    stored_messages = Message.objects.count() - messages_before
    print(f"load avg after {load()}")
    print(
        f"{len(out['receipts'])} comments and {len(out['numbers'])} messages in {seconds:.1f} s: "
        f"{requests / seconds:.1f} requests/s"
    )
    for name in keys:
        print(_line(name, out[name]))
    first = f" (first: {out['errors'][0]})" if out["errors"] else ""
    print(f"errors: {len(out['errors'])}{first}")
    for what, stored, posted in (
        ("comments", stored_comments, len(out["receipts"])),
        ("messages", stored_messages, len(out["numbers"])),
    ):
        kept = "PASS" if stored == posted else "FAIL"
        print(f"{what} stored {stored} == posted {posted}: {kept}")
    for what, values in (("receipt", out["receipts"]), ("tracking", out["numbers"])):
        unique = len(set(values)) == len(values)
        print(f"{what} numbers unique: {'PASS' if unique else 'FAIL'}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["prepare", "run"])
    parser.add_argument("--citizens", type=int, default=50)
    parser.add_argument("--each", type=int, default=4)
    args = parser.parse_args()
    if args.what == "prepare":
        prepare()
    else:
        run(args.citizens, args.each)


if __name__ == "__main__":
    main()
