"""Benchmark: other people's writes while a 100,000-row ledger is imported (issue 14).

Starts gunicorn (and, for the web path, the huey task worker) on 127.0.0.1 against the
database the environment names, then runs concurrent writers through the real pages for the
whole import plus a few seconds either side:

- citizens submitting the public application form (`/apply/`: GET for the CSRF token, then
  the multipart POST with an identity-proof PNG and a 300-character description). The form
  allows 5 applications an hour from one address, so every citizen changes its client address
  (127.0.x.y, all loopback) every 4 applications: no setting is touched;
- a disclosure-office clerk registering paper applications (`/workbench/requests/new/`);

while the ledger goes in, either through the web (`--path web`: the clerk uploads it at
`/workbench/requests/import/` and the task worker imports it) or the command line
(`--path command`: `gongkai import ledger FILE --agency CODE`). The ledger is bench/ledger_import
.py's generated one, numbered with a prefix of its own so runs never collide, imported into the
demo's 住房和城乡建设局, the agency the clerk and the citizens also write to.

Reported: per kind of writer, writes attempted, succeeded, answered 503 (busy), errors (any
other status or a failed connection), the longest and the 95th-percentile time of a write; the
import's duration; how long its final step held the write lock (the job record, or the
command's INFO log line); on SQLite also the longest span a probe (BEGIN IMMEDIATE without
waiting, every 50 ms) found the write lock taken.

`--code DIR` runs gunicorn, the worker and the command from another checkout (e.g. main, for
the figures before the change); the generated ledger and the report stay this checkout's.

    export GONGKAI_DATA_DIR=/tmp/gk-load   # after gongkai migrate && gongkai demo
    python bench/import_under_load.py --path web
    python bench/import_under_load.py --path command --code /work/main
    GONGKAI_DATABASE_URL=postgres://postgres@127.0.0.1:5432/imports_bench \
        python bench/import_under_load.py --path web

Bounded: writers stop `--settle` seconds after the import ends or after `--max-seconds`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ.setdefault("GONGKAI_DEBUG", "false")

OFFICE = ("gongkaiban", "Gongkai@2026")  # the demo's 住建局 disclosure office
HOST = "127.0.0.1"
# Each run its own block of client addresses: the limit counts the last hour's applications,
# and a database may be reused by the next run.
RUN_ADDRESSES = 10 + (int(time.time()) // 60 % 80) * 200_000
DESCRIPTION = ("请公开本小区2025年老旧小区改造项目的清单、资金使用明细和施工合同。" * 10)[:300]


@dataclass
class Writes:
    kind: str
    results: list[tuple[float, float, str]] = field(default_factory=list)  # start, seconds, outcome
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, started: float, seconds: float, outcome: str) -> None:
        with self.lock:
            self.results.append((started, seconds, outcome))


class SourceAddressAdapter(HTTPAdapter):
    def __init__(self, source: str, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def session_from(source: str) -> requests.Session:
    session = requests.Session()
    session.mount("http://", SourceAddressAdapter(source))
    return session


def csrf_of(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not match:
        raise RuntimeError("no CSRF token on the page")
    return match.group(1)


def login(base: str, source: str = HOST) -> requests.Session:
    session = session_from(source)
    page = session.get(f"{base}/accounts/login/", timeout=60)
    response = session.post(
        f"{base}/accounts/login/",
        data={
            "csrfmiddlewaretoken": csrf_of(page.text),
            "username": OFFICE[0],
            "password": OFFICE[1],
        },
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=60,
    )
    if response.status_code != 302:
        raise RuntimeError(f"login failed: {response.status_code}")
    return session


def png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
        + chunk(b"IEND", b"")
    )


def resident_id(n: int) -> str:
    from gongkai.core.idnumbers import check_char

    body = f"44010219900{1 + n % 9}{1 + n % 28:02d}{n % 1000:03d}"
    return body + check_char(body)


def citizen(base: str, agency_pk: int, index: int, writes: Writes, stop: threading.Event) -> None:
    proof = png()
    n = 0
    session = None
    while not stop.is_set():
        if n % 4 == 0:  # a new address every 4 applications (the limit is 5 an hour)
            address = RUN_ADDRESSES + index * 50_000 + n // 4
            session = session_from(
                f"127.{1 + address // 65025 % 250}.{address // 255 % 255}.{1 + address % 255}"
            )
        n += 1
        try:
            page = session.get(f"{base}/apply/", timeout=120)
            data = {
                "csrfmiddlewaretoken": csrf_of(page.text),
                "agency": str(agency_pk),
                "applicant_type": "natural_person",
                "applicant_name": f"市民{index}-{n}",
                "id_document_type": "居民身份证",
                "id_document_number": resident_id(index * 1000 + n),
                "phone": "13800138000",
                "description": DESCRIPTION,
                "delivery_form": "electronic",
                "delivery_way": "email",
                "submission_key": f"{index:04d}{n:08d}{int(time.time() * 1000) % 10**12:012d}"[:32],
                "confirm": "on",
            }
            started = time.perf_counter()
            response = session.post(
                f"{base}/apply/",
                data=data,
                files={"id_proof": ("身份证.png", proof, "image/png")},
                headers={"Referer": f"{base}/apply/"},
                allow_redirects=False,
                timeout=120,
            )
            seconds = time.perf_counter() - started
            outcome = (
                "ok"
                if response.status_code == 302
                else "busy"
                if response.status_code == 503
                else f"HTTP {response.status_code}"
            )
            writes.add(started, seconds, outcome)
        except (requests.RequestException, RuntimeError) as error:
            writes.add(time.perf_counter(), 0.0, f"error {type(error).__name__}")


def clerk(base: str, writes: Writes, stop: threading.Event) -> None:
    session = login(base)
    n = 0
    while not stop.is_set():
        n += 1
        try:
            page = session.get(f"{base}/workbench/requests/new/", timeout=120)
            data = {
                "csrfmiddlewaretoken": csrf_of(page.text),
                "applicant_type": "natural_person",
                "applicant_name": f"来访群众{n}",
                "id_document_type": "居民身份证",
                "phone": "13900139000",
                "description": DESCRIPTION,
                "delivery_form": "paper",
                "delivery_way": "pickup",
                "channel": "in_person",
                "submitted_on": date.today().isoformat(),  # noqa: DTZ011 (the server's day)
            }
            started = time.perf_counter()
            response = session.post(
                f"{base}/workbench/requests/new/",
                data=data,
                headers={"Referer": f"{base}/workbench/requests/new/"},
                allow_redirects=False,
                timeout=120,
            )
            seconds = time.perf_counter() - started
            outcome = (
                "ok"
                if response.status_code == 302
                else "busy"
                if response.status_code == 503
                else f"HTTP {response.status_code}"
            )
            writes.add(started, seconds, outcome)
        except (requests.RequestException, RuntimeError) as error:
            writes.add(time.perf_counter(), 0.0, f"error {type(error).__name__}")
        time.sleep(0.2)


def probe(path: str, spans: list[float], stop: threading.Event) -> None:
    """The longest time the SQLite write lock was found taken, by trying it every 50 ms."""
    busy_since = None
    while not stop.is_set():
        now = time.perf_counter()
        connection = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("ROLLBACK")
            if busy_since is not None:
                spans.append(now - busy_since)
                busy_since = None
        except sqlite3.OperationalError:
            busy_since = busy_since if busy_since is not None else now
        finally:
            connection.close()
        time.sleep(0.05)
    if busy_since is not None:
        spans.append(time.perf_counter() - busy_since)


def wait_until_up(base: str, process: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn exited")
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base}/apply/", timeout=5).status_code == 200:
                return
        time.sleep(0.5)
    raise RuntimeError("gunicorn did not answer")


def summary(writes: Writes, window: tuple[float, float] | None = None) -> str:
    rows = [r for r in writes.results if window is None or window[0] <= r[0] <= window[1]]
    outcomes = [o for _, _, o in rows]
    times = sorted(s for _, s, o in rows if not o.startswith("error"))
    errors = [o for o in outcomes if o not in ("ok", "busy")]
    p95 = times[max(0, round(0.95 * len(times)) - 1)] if times else 0.0
    return (
        f"{writes.kind:8} attempted {len(rows):4}, ok {outcomes.count('ok'):4}, "
        f"503 {outcomes.count('busy'):3}, errors {len(errors):3}"
        + (f" ({', '.join(sorted(set(errors)))})" if errors else "")
        + f"; longest {max(times, default=0):5.2f} s, p95 {p95:5.2f} s, "
        f"median {statistics.median(times) if times else 0:5.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--path", choices=["web", "command"], default="web")
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--citizens", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout the servers run")
    parser.add_argument("--settle", type=float, default=5.0)
    parser.add_argument("--max-seconds", type=float, default=900.0)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone
    from ledger_import import generate_rows, print_environment

    from gongkai.accounts.models import Agency
    from gongkai.info_requests.ledger import write_ledger_csv
    from gongkai.workdays.selectors import get_calendar

    print_environment(
        f"Benchmark: writes during a {args.rows:,}-row ledger import ({args.path} path), "
        f"servers from {args.code}"
    )
    agency = Agency.objects.get(short_name="住建局")
    tag = f"{int(time.time()) % 100_000:05d}"
    rows = generate_rows(
        args.rows, calendar=get_calendar(), today=timezone.localdate(), prefix=f"示住建台账{tag}"
    )
    ledger = Path(os.environ.get("TMPDIR", "/tmp")) / f"gk-ledger-{tag}.csv"  # noqa: S108
    ledger.write_bytes(write_ledger_csv(rows))
    del rows
    print(f"ledger: {ledger} ({ledger.stat().st_size / 1024 / 1024:.1f} MiB), agency {agency.name}")

    env = dict(os.environ, PYTHONPATH=str(args.code), GONGKAI_DEBUG="false")
    base = f"http://{HOST}:{args.port}"
    processes: list[subprocess.Popen] = []
    stop = threading.Event()
    threads: list[threading.Thread] = []
    try:
        gunicorn = subprocess.Popen(  # noqa: S603
            [sys.executable, "-m", "gunicorn", "gongkai.wsgi", "--workers", str(args.workers),
             "--bind", f"{HOST}:{args.port}", "--timeout", "300", "--log-level", "warning"],
            env=env, cwd=args.code,
        )  # fmt: skip
        processes.append(gunicorn)
        wait_until_up(base, gunicorn)
        if args.path == "web":
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gongkai", "run_huey", "--no-periodic"],
                env=env,
                cwd=args.code,
            )
            processes.append(worker)

        kinds = [Writes("citizen"), Writes("clerk")]
        threads = [
            threading.Thread(target=citizen, args=(base, agency.pk, i, kinds[0], stop))
            for i in range(args.citizens)
        ] + [threading.Thread(target=clerk, args=(base, kinds[1], stop))]
        spans: list[float] = []
        if connection.vendor == "sqlite":
            threads.append(
                threading.Thread(target=probe, args=(connection.settings_dict["NAME"], spans, stop))
            )
        for thread in threads:
            thread.start()
        time.sleep(args.settle)

        lock_seconds: float | None = None
        started = time.perf_counter()
        if args.path == "web":
            from gongkai.core.models import ImportJob

            session = login(base)
            page = session.get(f"{base}/workbench/requests/import/", timeout=120)
            with ledger.open("rb") as file:
                response = session.post(
                    f"{base}/workbench/requests/import/",
                    data={"csrfmiddlewaretoken": csrf_of(page.text)},
                    files={"file": (ledger.name, file, "text/csv")},
                    headers={"Referer": f"{base}/workbench/requests/import/"},
                    allow_redirects=False,
                    timeout=300,
                )
            upload_seconds = time.perf_counter() - started
            print(f"upload answered {response.status_code} in {upload_seconds:.2f} s")
            job_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
            while time.perf_counter() - started < args.max_seconds:
                job = ImportJob.objects.get(pk=job_id)
                if job.finished:
                    break
                time.sleep(0.5)
            print(f"job {job.pk}: {job.get_status_display()} — {job.message}")
            lock_seconds = job.lock_seconds
        else:
            command = subprocess.run(  # noqa: S603
                [sys.executable, "-m", "gongkai", "import", "ledger", str(ledger),
                 "--agency", agency.code],
                env=dict(env, GONGKAI_LOG_LEVEL="INFO"), cwd=args.code, capture_output=True,
                text=True, timeout=args.max_seconds,
            )  # fmt: skip
            print(f"command exit {command.returncode}: {command.stdout.strip()}")
            found = re.search(r"held the write lock ([\d.]+) s", command.stderr)
            lock_seconds = float(found.group(1)) if found else None
        ended = time.perf_counter()
        time.sleep(args.settle)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=150)
        for process in processes:
            process.terminate()
        for process in processes:
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=30)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print()
    held = f"{lock_seconds:.2f} s" if lock_seconds is not None else "not reported"
    print(
        f"import: {ended - started:.1f} s; final step held the write lock: {held}; "
        f"load average now {load}"
    )
    if spans:
        print(f"SQLite probe: longest span the write lock was taken {max(spans):.2f} s")
    print(f"all writes ({args.settle:.0f} s before the import to {args.settle:.0f} s after):")
    for writes in kinds:
        print("  " + summary(writes))
    print("writes started while the import ran:")
    for writes in kinds:
        print("  " + summary(writes, (started, ended)))


if __name__ == "__main__":
    main()
