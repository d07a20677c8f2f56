"""Fault and load suite (issue 14): bursts of citizen applications and portal page views against
gunicorn in production mode, `kill -9` of a web worker and of the task worker mid-burst, and
afterwards the checks that nothing was lost, doubled or half-written.

    export PATH=/work/main/.venv/bin:$PATH
    python bench/faults.py prepare --data /tmp/faults-sqlite             # migrate + demo
    python bench/faults.py run --data /tmp/faults-sqlite                 # SQLite, embedded
    python bench/faults.py prepare --data /tmp/faults-pg --postgres faults_bench
    python bench/faults.py run --data /tmp/faults-pg --postgres faults_bench \\
        --redis redis://127.0.0.1:6379/13                                 # PostgreSQL + Redis
    python bench/faults.py drop --postgres faults_bench                   # drop it afterwards

`prepare` creates the PostgreSQL database if asked (dropping an old one of that name), runs
`gongkai migrate`, `gongkai demo` (once per database: about 90 s on a busy machine) and
`collectstatic`. `run` reuses that data dir; each run adds its own applications, marked with
a run id in the applicant's name, so runs can follow each other.

`run` starts gunicorn (2 sync workers, 127.0.0.1 only, GONGKAI_ENV=production with a throwaway
secret, GONGKAI_TRUSTED_PROXIES=127.0.0.1) and one task worker (`run_huey`). With --redis the
cache (rate limits) and the task queue are that Redis database, flushed before and after;
without it, the embedded setup: the database cache and the SQLite task queue in the data dir.
Then three bursts, the first two `--seconds` long:

1. **burst**: `--citizens` threads each apply again and again through /apply/ like a browser
   behind a TLS proxy (GET the form for the CSRF cookie and token and the one-time submission
   key, POST it multipart with a small generated PNG as identity proof, follow the redirect to
   the done page and read the tracking number), and `--viewers` threads read portal pages.
   Every request carries a distinct `X-Forwarded-For` address (one per application), so the
   per-address limit of 5 applications an hour is not what is measured. A POST that fails
   (connection cut, 5xx) is posted again once with the same submission key, as a citizen
   pressing the button again would: it must land on the same case.
2. **kill**: the same burst; meanwhile this process adds a PDF attachment to a draft item every
   second (each enqueues a text-extraction task). At 1/4 of the burst one gunicorn worker (not
   the master) gets SIGKILL, at 1/2 the task worker. After the burst the task worker is started
   again and the extraction tasks are waited for (bounded).

3. **import under load** (only when `bench/import_under_load.py`, which measures it on its
   own, is absent): a generated ledger of `--import-rows` rows (default 20,000;
   `bench/ledger_import.generate_rows`) imported by `gongkai import ledger` into a new agency,
   3 s into a burst that ends 3 s after the import; the longest request in flight meanwhile.

`--phases burst,kill,import` chooses which run (e.g. `--phases import --import-rows 100000`).
Printed for each burst: requests/s, p50/p95/max per request kind, errors by status or
exception, and for the kill burst the errors within 5 s after each kill and whether the master
replaced its worker. Then the checks, over both bursts: every tracking number a client saw
exists exactly once with its submission key (lost: target 0); no two cases share a submission
key (duplicates: target 0); no case from this run whose POST the client never sent (phantoms);
each case has its registration event and its audit record; no identity-proof file on disk that
no case refers to; `gongkai audit verify` passes; attachments still waiting for extraction.
Everything started is stopped in `finally`, by process group. Loopback only.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import itertools
import json
import os
import random
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import uuid
import zlib
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "gk.test"
POSTGRES_SERVER = "postgres://postgres@127.0.0.1:5432"
KILL_WINDOW = 5.0  # seconds after a kill whose errors are attributed to it
TIMEOUT = 60  # per request
IMPORT_LIMIT = 240  # seconds: the import burst's bound
TASKS_WAIT = 60  # seconds for the restarted worker to finish the queued extractions


def load() -> str:
    return ", ".join(f"{x:.2f}" for x in os.getloadavg())


def environment(args) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
    env.update(
        PYTHONPATH=str(ROOT),
        GONGKAI_ENV="production",
        GONGKAI_SECRET_KEY=getattr(args, "secret", "") or secrets.token_urlsafe(48),
        GONGKAI_ALLOWED_HOSTS=HOST,
        GONGKAI_TRUSTED_PROXIES="127.0.0.1",
        GONGKAI_DATA_DIR=str(Path(args.data).resolve()),
        GONGKAI_LOG_FORMAT="json",
    )
    if args.postgres:
        env["GONGKAI_DATABASE_URL"] = f"{POSTGRES_SERVER}/{args.postgres}"
    if getattr(args, "redis", ""):
        env["GONGKAI_CACHE_URL"] = args.redis
        env["GONGKAI_TASKS_URL"] = args.redis
    return env


def gongkai(env: dict[str, str], *argv: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-m", "gongkai", *argv],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


# -- prepare / drop ------------------------------------------------------------------------------


def postgres_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{POSTGRES_SERVER}/postgres", autocommit=True, connect_timeout=5) as c:
        c.execute(sql)


def prepare(args) -> None:
    Path(args.data).mkdir(parents=True, exist_ok=True)
    if args.postgres:
        postgres_admin(f'DROP DATABASE IF EXISTS "{args.postgres}" WITH (FORCE)')
        postgres_admin(f'CREATE DATABASE "{args.postgres}"')
    # collectstatic in production mode: the manifest (staticfiles.json) production checks for
    env = environment(args)
    for argv in (("migrate", "-v0"), ("demo", "--quiet-logins"), ("collectstatic", "--noinput")):
        started = time.monotonic()
        done = gongkai(env, *argv, "-v0" if argv[0] == "collectstatic" else "--traceback")
        print(f"{' '.join(argv)}: exit {done.returncode} in {time.monotonic() - started:.0f} s")
        if done.returncode:
            sys.exit(done.stdout[-2000:] + done.stderr[-2000:])


def drop(args) -> None:
    postgres_admin(f'DROP DATABASE IF EXISTS "{args.postgres}" WITH (FORCE)')
    print(f"dropped {args.postgres}")


# -- generated files -----------------------------------------------------------------------------


def small_png(width: int = 64, height: int = 48) -> bytes:
    """A real, small RGB PNG (a grey gradient): what a phone photo of an ID card stands for."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((x * 4 % 256, y * 5 % 256, 128)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def id_number(rng: random.Random) -> str:
    """A valid 18-digit 居民身份证 number (GB 11643 check digit), born 1960-2000."""
    birth = f"{rng.randint(1960, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body = f"441202{birth}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


def multipart(
    fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]
) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, mime, data) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {mime}\r\n\r\n'
            ).encode()
            + data
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


# -- the HTTP side -------------------------------------------------------------------------------


class Recorder:
    """Every request: when, which kind, how long, and its status or the exception's name."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.rows: list[tuple[float, str, float, str]] = []

    def add(self, started: float, kind: str, seconds: float, outcome: str) -> None:
        with self.lock:
            self.rows.append((started, kind, seconds, outcome))


class Browser:
    """One citizen's browser behind a TLS-terminating proxy at 127.0.0.1."""

    def __init__(self, port: int, recorder: Recorder, address: str) -> None:
        self.port = port
        self.recorder = recorder
        self.address = address
        self.cookies: dict[str, str] = {}

    def request(self, kind: str, method: str, path: str, body=None, content_type=""):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": self.address,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = content_type
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
        except (OSError, http.client.HTTPException) as error:
            self.recorder.add(started, kind, time.monotonic() - started, type(error).__name__)
            raise
        finally:
            conn.close()
        self.recorder.add(started, kind, time.monotonic() - started, str(response.status))
        return response.status, response.headers.get("Location", ""), text


class Outcomes:
    """What the clients saw, per submission key: the tracking number, or how it failed."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.confirmed: dict[str, str] = {}  # key -> number seen on the done page
        self.redirected: set[str] = set()  # POST answered 302, done page not read
        self.failed: dict[str, str] = {}  # key -> why (both tries failed)
        self.posted: set[str] = set()  # every key whose POST was sent at least once
        self.repeats = 0  # second tries that landed on the case of the first
        self.refused: Counter = Counter()  # form errors (status 400) by message


PNG = small_png()
# One client address per application, never used twice in a run, and from a random start in
# 10.0.0.0/8 so that runs within the same hour do not meet the per-address limit either.
_ADDRESSES = itertools.count(random.randrange(2**23))


def next_address() -> str:
    return str(ipaddress.IPv4Address(0x0A000000 + next(_ADDRESSES) % 2**24))


ERROR_RE = re.compile(r'class="errorlist"[^>]*>(?:<p>)?([^<]+)<')


def citizen(index: int, port: int, run_id: str, stop: threading.Event, rec, out) -> None:
    """`run_id` ends with the burst's letter: no two applications anywhere have the same
    applicant and text (those would be merged as a repeat, which is not what is counted)."""
    rng = random.Random(f"{run_id}-{index}")
    n = 0
    while not stop.is_set():
        n += 1
        address = next_address()
        browser = Browser(port, rec, address)
        try:
            status, _, page = browser.request("form GET", "GET", "/apply/")
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
            continue
        if status != 200:
            time.sleep(0.2)
            continue
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        key = re.search(r'name="submission_key" value="([^"]+)"', page)
        agency = re.search(r'<option value="(\d+)"', page)
        if not (token and key and agency):
            with out.lock:
                out.failed[f"noform-{index}-{n}"] = "form without token, key or agency"
            continue
        key_value = key.group(1)
        fields = {
            "csrfmiddlewaretoken": token.group(1),
            "submission_key": key_value,
            "agency": agency.group(1),
            "applicant_type": "natural_person",
            "applicant_name": f"压测{run_id}{index:02d}{n:04d}",
            "id_document_type": "居民身份证",
            "id_document_number": id_number(rng),
            "phone": f"139{rng.randint(10000000, 99999999)}",
            "email": "",
            "address": "示范区人民路1号",
            "postcode": "441299",
            "description": (
                f"请公开示范区{2020 + n % 6}年老旧小区改造项目清单（压测 {run_id}-{index}-{n}）"
            ),
            "doc_numbers": "",
            "delivery_form": "electronic",
            "delivery_way": "email",
            "confirm": "on",
        }
        body, ctype = multipart(fields, {"id_proof": ("身份证.png", "image/png", PNG)})
        with out.lock:
            out.posted.add(key_value)
        why = ""
        for attempt in (1, 2):
            try:
                status, location, page = browser.request(
                    "apply POST", "POST", "/apply/", body, ctype
                )
            except (OSError, http.client.HTTPException) as error:
                why = type(error).__name__
                time.sleep(0.5)
                continue
            if status == 302 and location.endswith("/apply/done/"):
                with out.lock:
                    out.redirected.add(key_value)
                try:
                    status, _, done = browser.request("done GET", "GET", "/apply/done/")
                except (OSError, http.client.HTTPException):
                    break
                number = re.search(r'id="tracking-number">([^<]+)<', done)
                if status == 200 and number:
                    with out.lock:
                        out.confirmed[key_value] = number.group(1)
                        out.redirected.discard(key_value)
                        out.failed.pop(key_value, None)
                        if attempt == 2 and 'id="repeat-notice"' in done:
                            out.repeats += 1
                break
            if status == 400:
                message = ERROR_RE.search(page)
                with out.lock:
                    out.refused[message.group(1).strip() if message else "400"] += 1
                why = "400"
                break
            why = str(status)
            time.sleep(0.5)
        else:
            with out.lock:
                out.failed[key_value] = why
            continue
        if why == "400":
            with out.lock:
                out.failed[key_value] = why


PAGES = ("/", "/catalogue/", "/catalogue/?page=2", "/guide/", "/contact/", "/apply/status/")


def viewer(index: int, port: int, pages: list[str], stop: threading.Event, rec) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        browser = Browser(port, rec, f"172.16.{index}.{n % 250 + 1}")
        path = pages[n % len(pages)]
        try:
            browser.request("page GET", "GET", path)
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)


# -- processes -----------------------------------------------------------------------------------


class Processes:
    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env = env
        self.logs = logs
        self.started: list[subprocess.Popen] = []

    def start(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            argv,
            env=self.env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group of its own: gunicorn's workers go with it
        )
        self.started.append(process)
        return process

    def gunicorn(self, port: int) -> subprocess.Popen:
        import gunicorn

        argv = [sys.executable, "-m", "gunicorn", "gongkai.wsgi", "--workers", "2"]
        argv += ["--bind", f"127.0.0.1:{port}", "--timeout", "60", "--graceful-timeout", "5"]
        if gunicorn.version_info >= (25,):
            argv += ["--control-socket", str(self.logs / "gunicorn.ctl")]
        return self.start("gunicorn", argv)

    def worker(self) -> subprocess.Popen:
        argv = [sys.executable, "-m", "gongkai", "run_huey", "--workers", "1"]
        return self.start("run_huey", argv)

    def stop(self) -> None:
        for process in self.started:
            if process.poll() is None:
                try:
                    os.killpg(process.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        for process in self.started:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(process.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                process.wait(timeout=5)


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry.name))
    return found


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(port: int, master: subprocess.Popen, limit: float = 90) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and master.poll() is None:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            conn.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            response = conn.getresponse()
            body = json.loads(response.read())
            conn.close()
            if body.get("checks", {}).get("worker", {}).get("status") == "ok":
                return
        except (OSError, http.client.HTTPException, ValueError):
            pass
        time.sleep(0.5)
    raise RuntimeError("gunicorn and the task worker were not healthy in time")


# -- the run -------------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] * 1000


def summary(name: str, rec: Recorder, seconds: float) -> dict:
    rows = rec.rows
    print(f"\n== {name}: {len(rows)} requests in {seconds:.1f} s = {len(rows) / seconds:.1f} req/s")
    by_kind: dict[str, list[float]] = defaultdict(list)
    outcomes: dict[str, Counter] = defaultdict(Counter)
    for _started, kind, duration, outcome in rows:
        outcomes[kind][outcome] += 1
        if outcome[:1] in "23":
            by_kind[kind].append(duration)
    result = {"requests": len(rows), "rps": len(rows) / seconds, "kinds": {}}
    print(f"  {'kind':<11} {'ok':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  other outcomes")
    for kind in sorted(outcomes):
        ok = by_kind[kind]
        others = {k: v for k, v in outcomes[kind].items() if k[:1] not in "23"}
        row = {
            "ok": len(ok),
            "p50": pct(ok, 50) if ok else None,
            "p95": pct(ok, 95) if ok else None,
            "max": max(ok) * 1000 if ok else None,
            "errors": others,
        }
        result["kinds"][kind] = row
        if ok:
            print(
                f"  {kind:<11} {len(ok):>6} {row['p50']:>8.0f} {row['p95']:>8.0f}"
                f" {row['max']:>8.0f}  {others or '-'}"
            )
        else:
            print(f"  {kind:<11} {0:>6} {'-':>8} {'-':>8} {'-':>8}  {others or '-'}")
    return result


def burst(
    args, port: int, run_id: str, seconds: float, events=(), until=None
) -> tuple[Recorder, Outcomes, float]:
    """Run citizens and viewers for `seconds`; `events` are (at_seconds, callable) run in order
    from this thread while the burst goes on. With `until`, the burst ends as soon as it
    answers true after the events (and at `seconds` at the latest)."""
    rec, out, stop = Recorder(), Outcomes(), threading.Event()
    threads = [
        threading.Thread(target=citizen, args=(i, port, run_id, stop, rec, out), daemon=True)
        for i in range(args.citizens)
    ]
    threads += [
        threading.Thread(target=viewer, args=(i, port, list(PAGES), stop, rec), daemon=True)
        for i in range(args.viewers)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    try:
        for at, action in events:
            time.sleep(max(0.0, started + at - time.monotonic()))
            action()
        while time.monotonic() < started + seconds:
            if until is not None and until():
                break
            time.sleep(0.5)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=TIMEOUT + 5)
    return rec, out, time.monotonic() - started


def around(rec: Recorder, at: float, window: float = KILL_WINDOW) -> Counter:
    """Failed requests that were in flight at, or started within `window` after, `at`."""
    bad: Counter = Counter()
    for started, kind, duration, outcome in rec.rows:
        if outcome[:1] in "23" or outcome == "400":
            continue
        if started <= at <= started + duration or at <= started <= at + window:
            bad[f"{kind} {outcome}"] += 1
    return bad


def run(args) -> int:
    run_id = secrets.token_hex(2).upper()
    since = time.time()
    data = Path(args.data).resolve()
    logs = data / f"faults-{run_id}"
    logs.mkdir(parents=True)
    env = environment(args)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    import django

    django.setup()
    from django.db import connection

    print(f"run {run_id}: database {connection.vendor}, cache+tasks {args.redis or 'embedded'}")
    print(f"logs in {logs}; load average before: {load()}")
    if args.redis:
        flush_redis(args.redis)
    processes = Processes(env, logs)
    port = free_port()
    report: dict = {"run": run_id, "database": connection.vendor, "load_before": load()}
    try:
        master = processes.gunicorn(port)
        worker = processes.worker()
        wait_healthy(port, master)
        # warm-up: each worker has loaded its templates before the clock starts
        warm = Recorder()
        for path in (*PAGES, "/apply/"):
            for _ in range(2):
                Browser(port, warm, "192.0.2.1").request("warm", "GET", path)
        bad = [row for row in warm.rows if row[3] != "200"]
        if bad:
            print(f"warm-up answers other than 200: {bad}")

        outcomes = []
        phases = set(args.phases.split(","))
        if "burst" in phases:
            rec1, out1, took1 = burst(args, port, f"{run_id}A", args.seconds)
            report["burst"] = summary("burst", rec1, took1)

            outcomes.append(out1)

        if "kill" in phases:
            item = draft_item()
            kills: dict = {}
            stop_attachments = threading.Event()
            added: list[int] = []

            def kill_web() -> None:
                pids = sorted(children(master.pid))
                victim = pids[0]
                kills["web_at"] = time.monotonic()
                os.kill(victim, signal.SIGKILL)
                kills["web_victim"] = victim
                kills["web_before"] = pids
                print(f"  kill -9 gunicorn worker {victim} (workers {pids})")

            def kill_worker() -> None:
                kills["task_at"] = time.monotonic()
                os.killpg(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
                kills["task_pid"] = worker.pid
                print(f"  kill -9 task worker {worker.pid} (attachments added: {len(added)})")

            def check_replaced() -> None:
                kills["web_after"] = sorted(children(master.pid))

            adder = threading.Thread(
                target=add_attachments, args=(item, stop_attachments, added), daemon=True
            )
            adder.start()
            print(f"\nkill burst: {args.seconds} s")
            try:
                rec2, out2, took2 = burst(
                    args,
                    port,
                    f"{run_id}B",
                    args.seconds,
                    events=(
                        (args.seconds / 4, kill_web),
                        (args.seconds / 4 + 8, check_replaced),
                        (args.seconds / 2, kill_worker),
                    ),
                )
            finally:
                stop_attachments.set()
                adder.join(timeout=30)
            report["kill"] = summary("kill burst", rec2, took2)
            web_errors = around(rec2, kills["web_at"])
            task_errors = around(rec2, kills["task_at"])
            replaced = (
                len(kills["web_after"]) == 2
                and kills["web_victim"] not in kills["web_after"]
                and master.poll() is None
            )
            print(f"  failed requests in flight at the web kill or {KILL_WINDOW:.0f} s after it:")
            print(f"    {dict(web_errors) or 'none'}")
            print(f"  master replaced its worker: {replaced} (workers now {kills['web_after']})")
            print(f"  failed requests around the task-worker kill: {dict(task_errors) or 'none'}")
            report["kill"]["web_kill_errors"] = dict(web_errors)
            report["kill"]["task_kill_errors"] = dict(task_errors)
            report["kill"]["replaced"] = replaced

            checking_at_restart = pending_attachments(added)
            restarted = time.monotonic()
            processes.worker()
            deadline = restarted + TASKS_WAIT
            while pending_attachments(added) and time.monotonic() < deadline:
                time.sleep(1)
            still = pending_attachments(added)
            report["tasks"] = {
                "attachments_added": len(added),
                "waiting_at_restart": len(checking_at_restart),
                "still_checking": still,
                "seconds_to_drain": round(time.monotonic() - restarted, 1),
            }
            print(
                f"\ntasks: {len(added)} PDF attachments added during the kill burst; "
                f"{len(checking_at_restart)} waiting for extraction when the worker restarted; "
                f"after {report['tasks']['seconds_to_drain']} s still checking: {still or 'none'}"
            )
            if still:
                # A task the killed worker had taken is gone from the queue; the periodic sweep
                # (catalogue.tasks.attachments_checking_sweep) re-runs the extraction once the
                # attachment has been checking for 15 minutes. Not waited for: done here as the
                # sweep does it, to show the attachment is not stuck for good.
                from gongkai.catalogue.services import attachment_extract

                for pk in still:
                    attachment_extract(attachment_id=pk)
                left = pending_attachments(added)
                report["tasks"]["still_checking_after_sweep_step"] = left
                print(f"  after the sweep's step, still checking: {left or 'none'}")

            outcomes.append(out2)

        if IMPORT_ELSEWHERE.exists():
            print(f"\nimport under load: skipped ({IMPORT_ELSEWHERE.name} measures it)")
        elif args.import_rows and "import" in phases:
            outcomes.append(import_under_load(args, port, f"{run_id}C", processes, report, logs))
        report["checks"] = checks(env, run_id, outcomes, since)
        report["server_errors"] = server_errors(logs)
        print(f"server errors logged: {report['server_errors'] or 'none'}")
        report["load_after"] = load()
        print(f"load average after: {load()}")
    finally:
        processes.stop()
        if args.redis:
            flush_redis(args.redis)
    (logs / "report.json").write_text(json.dumps(report, ensure_ascii=False, indent=1, default=str))
    print(f"report: {logs / 'report.json'}")
    failures = report["checks"]["failures"]
    return 1 if failures else 0


def server_errors(logs: Path) -> dict[str, int]:
    """ERROR lines in the servers' JSON logs, by logger and the exception's last line."""
    found: Counter = Counter()
    for path in logs.glob("*.log"):
        for line in path.read_text(errors="replace").splitlines():
            if not line.startswith("{"):
                continue
            try:
                entry = json.loads(line)
            except ValueError:
                continue
            if entry.get("level") in ("ERROR", "CRITICAL"):
                last = (entry.get("exception") or entry.get("message") or "").strip() or "?"
                found[f"{path.stem}: {entry.get('logger')}: {last.splitlines()[-1][:160]}"] += 1
    return dict(found)


def flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_timeout=5)
    client.flushdb()
    client.close()


# -- import under load ---------------------------------------------------------------------------

# The branch that makes imports wait less brings its own measurement; when it is there, this
# suite leaves the import to it.
IMPORT_ELSEWHERE = ROOT / "bench" / "import_under_load.py"


def import_under_load(args, port: int, run_id: str, processes, report: dict, logs: Path):
    """A generated ledger of `--import-rows` rows imported by `gongkai import ledger` into a new
    agency, 3 s into a burst that lasts until 3 s after the import has ended."""
    from django.utils import timezone

    from bench.ledger_import import fresh_agency, generate_rows
    from gongkai.info_requests.ledger import write_ledger_csv
    from gongkai.workdays.selectors import get_calendar

    rows = generate_rows(args.import_rows, calendar=get_calendar(), today=timezone.localdate())
    ledger = logs / "登记台账.csv"
    ledger.write_bytes(write_ledger_csv(rows))
    agency = fresh_agency(0)
    state: dict = {}

    def start() -> None:
        state["started"] = time.monotonic()
        argv = [sys.executable, "-m", "gongkai", "import", "ledger", str(ledger)]
        state["process"] = processes.start("import", [*argv, "--agency", agency.code])

    def ended() -> bool:
        process = state["process"]
        if process.poll() is None:
            return False
        state.setdefault("ended", time.monotonic())
        return time.monotonic() > state["ended"] + 3

    print(f"\nimport under load: {args.import_rows:,} rows into {agency.name} ({agency.code})")
    rec, out, took = burst(args, port, run_id, IMPORT_LIMIT, events=((3, start),), until=ended)
    process = state["process"]
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        print(f"  the import did not finish within the {IMPORT_LIMIT} s bound: killed")
    seconds = state.get("ended", time.monotonic()) - state["started"]
    result = summary("import burst", rec, took)
    end = state.get("ended", time.monotonic())
    during = [  # every request that was in flight at some time while the import ran
        duration
        for started, _kind, duration, _outcome in rec.rows
        if started <= end and started + duration >= state["started"]
    ]
    posts = sum(
        1
        for started, kind, _d, _o in rec.rows
        if kind == "apply POST" and state["started"] <= started <= end
    )
    tail = (logs / "import.log").read_text(errors="replace").strip().splitlines()[-2:]
    result["import"] = {
        "rows": args.import_rows,
        "exit": process.returncode,
        "seconds": round(seconds, 1),
        "apply_posts_during": posts,
        "requests_during": len(during),
        "longest_request_ms": round(max(during) * 1000) if during else None,
        "output": tail,
    }
    print(
        f"  import exit {process.returncode} after {seconds:.1f} s; {posts} applications"
        f" posted meanwhile; longest of the {len(during)} requests in flight during it:"
        f" {result['import']['longest_request_ms']} ms"
    )
    print(f"  import output: {tail}")
    report["import"] = result
    return out


# -- tasks: attachments added from this process --------------------------------------------------


def draft_item():
    from gongkai.accounts.models import Agency
    from gongkai.catalogue import services
    from gongkai.catalogue.models import Item

    agency = Agency.objects.get(short_name="住建局")
    model = Item.objects.filter(agency=agency, status=Item.Status.PUBLISHED).first()
    item = services.item_create(
        agency=agency,
        actor=None,
        title="压测附件条目",
        statutory_category=model.statutory_category,
        genre=model.genre,
        written_on=model.written_on,
    )
    return item


def add_attachments(item, stop: threading.Event, added: list[int]) -> None:
    from django.db import connection

    from gongkai.catalogue import services
    from gongkai.core.tests.bombs import text_pdf

    try:
        n = 0
        while not stop.wait(1.0):
            n += 1
            try:
                attachment = services.attachment_add(
                    item=item,
                    actor=None,
                    data=text_pdf(f"load test attachment {n} {uuid.uuid4().hex}"),
                    name=f"压测附件{n}.pdf",
                )
                added.append(attachment.pk)
            except Exception as error:  # noqa: BLE001 - a failed add is reported, not fatal
                print(f"  attachment_add failed: {type(error).__name__}: {error}")
    finally:
        connection.close()


def pending_attachments(ids: list[int]) -> list[int]:
    from gongkai.catalogue.models import Attachment

    return sorted(
        Attachment.objects.filter(pk__in=ids, status=Attachment.Status.CHECKING).values_list(
            "pk", flat=True
        )
    )


# -- the checks ----------------------------------------------------------------------------------


def checks(env: dict[str, str], run_id: str, outcomes: list[Outcomes], since: float) -> dict:
    from django.conf import settings

    from gongkai.audit.models import AuditRecord
    from gongkai.info_requests.models import InfoRequest

    confirmed: dict[str, str] = {}
    redirected: set[str] = set()
    failed: dict[str, str] = {}
    posted: set[str] = set()
    repeats = 0
    refused: Counter = Counter()
    for out in outcomes:
        confirmed |= out.confirmed
        redirected |= out.redirected
        failed |= out.failed
        posted |= out.posted
        repeats += out.repeats
        refused += out.refused
    cases = list(
        InfoRequest.objects.filter(applicant_name__startswith=f"压测{run_id}").values(
            "pk", "number", "submission_key", "id_proof"
        )
    )
    by_key: dict[str, list[dict]] = defaultdict(list)
    for case in cases:
        by_key[case["submission_key"]].append(case)
    lost = [k for k, number in confirmed.items() if [c["number"] for c in by_key[k]] != [number]]
    duplicates = [k for k, found in by_key.items() if len(found) > 1]
    phantoms = [k for k in by_key if k not in posted]
    committed_after_error = [k for k in by_key if k in failed]
    numbers = Counter(c["number"] for c in cases)
    same_number = [n for n, count in numbers.items() if count > 1]

    pks = [c["pk"] for c in cases]
    with_event = (
        set(
            InfoRequest.objects.filter(pk__in=pks, events__action="register").values_list(
                "pk", flat=True
            )
        )
        if pks
        else set()
    )
    audited = set(
        AuditRecord.objects.filter(
            action="info_requests.register", target_id__in=[str(p) for p in pks]
        ).values_list("target_id", flat=True)
    )
    no_event = [c["number"] for c in cases if c["pk"] not in with_event]
    no_audit = [c["number"] for c in cases if str(c["pk"]) not in audited]
    no_proof = [c["number"] for c in cases if not c["id_proof"]]
    media = Path(settings.MEDIA_ROOT)
    missing_file = [
        c["number"] for c in cases if c["id_proof"] and not (media / c["id_proof"]).exists()
    ]
    referenced = set(InfoRequest.objects.exclude(id_proof="").values_list("id_proof", flat=True))
    on_disk = {  # files of this run only: earlier runs' leftovers were reported by them
        str(path.relative_to(media))
        for path in (media / "id_proofs").rglob("*")
        if path.is_file() and path.stat().st_mtime >= since
    }
    orphan_files = sorted(on_disk - referenced)

    verify = gongkai(env, "audit", "verify", timeout=300)
    verified = verify.returncode == 0
    result = {
        "posted": len(posted),
        "confirmed": len(confirmed),
        "redirected_unread": len(redirected),
        "failed_both_tries": len(failed),
        "failed_reasons": dict(Counter(failed.values())),
        "refused_400": dict(refused),
        "second_try_landed_on_same_case": repeats,
        "cases_in_db": len(cases),
        "lost": lost,
        "duplicates": duplicates,
        "same_number": same_number,
        "phantoms": phantoms,
        "committed_though_client_saw_error": len(committed_after_error),
        "no_register_event": no_event,
        "no_audit_record": no_audit,
        "no_id_proof": no_proof,
        "id_proof_file_missing": missing_file,
        "orphan_id_proof_files": orphan_files,
        "audit_verify": (verify.stdout + verify.stderr).strip()[-600:],
    }
    failures = [
        name
        for name in (
            "lost",
            "duplicates",
            "same_number",
            "phantoms",
            "no_register_event",
            "no_audit_record",
            "no_id_proof",
            "id_proof_file_missing",
            "orphan_id_proof_files",
        )
        if result[name]
    ]
    if not verified:
        failures.append("audit_verify")
    result["failures"] = failures
    print("\n== checks (both bursts)")
    for name, value in result.items():
        if isinstance(value, list) and len(value) > 10:
            value = f"{len(value)}: {value[:10]} ..."
        print(f"  {name}: {value}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("prepare", "run", "drop"):
        command = sub.add_parser(name)
        command.add_argument(
            "--data", required=name != "drop", help="the data dir (kept between runs)"
        )
        command.add_argument("--postgres", default="", help="database name on 127.0.0.1:5432")
        if name == "run":
            command.add_argument("--redis", default="", help="e.g. redis://127.0.0.1:6379/13")
            command.add_argument("--citizens", type=int, default=30)
            command.add_argument("--viewers", type=int, default=10)
            command.add_argument("--seconds", type=float, default=45)
            command.add_argument("--import-rows", type=int, default=20_000, help="0: no import")
            command.add_argument("--phases", default="burst,kill,import", help="which, in order")
    args = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[attr-defined]
    for host in (args.redis if args.command == "run" else "",):
        if host and "127.0.0.1" not in host:
            sys.exit("loopback only: --redis must be on 127.0.0.1")
    if args.command == "prepare":
        prepare(args)
    elif args.command == "drop":
        drop(args)
    else:
        sys.exit(run(args))


if __name__ == "__main__":
    main()
