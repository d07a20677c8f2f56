"""The README's production recipe, run as a real multi-process deployment on this machine.

A fresh PostgreSQL database; `gongkai migrate` and `gongkai collectstatic` with
GONGKAI_ENV=production; two gunicorn processes on two ports of 127.0.0.1 and two task workers
(one with --no-periodic), sharing a Redis database as task queue and cache. Then, over HTTP as
a TLS-terminating proxy would speak to them: each answers its health check; a task enqueued
by one web process is done by a worker; the status page's lookup limit is counted across both
web processes. Everything is stopped and dropped afterwards, also when a step fails.

Run by `scripts/test` in its deploy phase, which sets GONGKAI_DEPLOY_POSTGRES_URL (a server
where a database may be created) and GONGKAI_DEPLOY_REDIS_URL (a Redis database number that
is flushed before and after).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

import gunicorn
import pytest

from gongkai.info_requests.public_views import LOOKUPS_PER_HOUR

POSTGRES = os.environ.get("GONGKAI_DEPLOY_POSTGRES_URL", "")
REDIS = os.environ.get("GONGKAI_DEPLOY_REDIS_URL", "")

pytestmark = [
    pytest.mark.deploy,
    pytest.mark.skipif(
        not (POSTGRES and REDIS),
        reason="run by scripts/test's deploy phase "
        "(GONGKAI_DEPLOY_POSTGRES_URL and GONGKAI_DEPLOY_REDIS_URL)",
    ),
]

HOST = "gk.test"
ADMIN = "ops-admin"
ADMIN_PASSWORD = secrets.token_urlsafe(16)
# On an idle machine the whole test takes well under a minute; the bound leaves room for a
# machine shared with other work, and no step can wait longer than what is left of it.
DEADLINE_SECONDS = 150


class Deployment:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.started = time.monotonic()
        self.processes: list[tuple[str, subprocess.Popen]] = []
        base = urlsplit(POSTGRES)
        self.database = f"{base.path.lstrip('/') or 'postgres'}_deploy_{os.getpid()}"
        self.admin_url = urlunsplit(base._replace(path="/postgres"))
        self.database_url = urlunsplit(base._replace(path=f"/{self.database}"))
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("GONGKAI_")}
        self.env.update(
            GONGKAI_ENV="production",
            GONGKAI_SECRET_KEY=secrets.token_urlsafe(48),
            GONGKAI_ALLOWED_HOSTS=HOST,
            GONGKAI_DATABASE_URL=self.database_url,
            GONGKAI_TASKS_URL=REDIS,
            GONGKAI_CACHE_URL=REDIS,
            GONGKAI_DATA_DIR=str(root / "data"),
            GONGKAI_LOG_FORMAT="json",
            DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
        )

    # -- time ----------------------------------------------------------------------------------
    def phase(self, name: str) -> None:
        """Printed with `pytest -s`: where the time goes."""
        print(f"deploy: {name} at {time.monotonic() - self.started:.1f} s")  # noqa: T201

    def left(self) -> float:
        left = DEADLINE_SECONDS - (time.monotonic() - self.started)
        if left <= 0:
            raise AssertionError(f"the deployment took longer than {DEADLINE_SECONDS} s")
        return left

    # -- processes -----------------------------------------------------------------------------
    def gongkai(self, *args: str) -> subprocess.Popen:
        return self.start(args[0], [sys.executable, "-m", "gongkai", *args])

    def start(self, name: str, argv: list[str]) -> subprocess.Popen:
        log = (self.root / f"{name}-{len(self.processes)}.log").open("wb")
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            argv,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: gunicorn's workers go with it
        )
        self.processes.append((name, process))
        return process

    def finish(self, *processes: subprocess.Popen) -> None:
        for process in processes:
            try:
                code = process.wait(timeout=self.left())
            except subprocess.TimeoutExpired:
                raise AssertionError(f"{process.args} did not finish in time") from None
            assert code == 0, f"{process.args} exited with {code}:\n{self.logs()}"

    def stop(self) -> None:
        for _name, process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)

    def logs(self, lines: int = 15) -> str:
        parts = []
        for path in sorted(self.root.glob("*.log")):
            tail = path.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"--- {path.name}\n" + "\n".join(tail))
        return "\n".join(parts)

    def log_lines(self) -> list[dict]:
        return [
            json.loads(line)
            for path in sorted(self.root.glob("*.log"))
            for line in path.read_text(errors="replace").splitlines()
            if line.startswith("{")
        ]

    # -- services ------------------------------------------------------------------------------
    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.database}"')

    def drop_database(self) -> None:
        import psycopg

        with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')


def flush_redis() -> None:
    import redis

    client = redis.Redis.from_url(REDIS, socket_timeout=5)
    client.flushdb()
    client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Browser:
    """What a TLS-terminating proxy forwards for one visitor: their cookies, HTTPS marked."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(
        self, port: int, method: str, path: str, form: dict | None = None, https: bool = True
    ) -> tuple[int, dict[str, str], str]:
        headers = {"Host": HOST}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{HOST}"
            headers["Referer"] = f"https://{HOST}{path}"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", errors="replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    self.cookies[name] = morsel.value
            return response.status, dict(response.headers.items()), text
        finally:
            conn.close()

    def csrf_token(self, port: int, path: str) -> str:
        status, _headers, text = self.request(port, "GET", path)
        assert status == 200, (path, status, text[:500])
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def post(self, port: int, path: str, fields: dict) -> tuple[int, dict[str, str], str]:
        token = self.csrf_token(port, path)
        return self.request(port, "POST", path, {"csrfmiddlewaretoken": token, **fields})


def probe(port: int) -> tuple[int, dict]:
    """A load balancer's probe: plain HTTP, addressed by IP, no cookies."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", "/healthz", headers={"Host": "10.0.0.7"})
        response = conn.getresponse()
        return response.status, json.loads(response.read())
    finally:
        conn.close()


def wait_until(deployment: Deployment, what: str, condition) -> None:
    while True:
        try:
            if condition():
                return
        except (OSError, http.client.HTTPException, ValueError):
            pass  # not listening yet
        if deployment.left() < 1:
            raise AssertionError(f"timed out waiting for {what}:\n{deployment.logs()}")
        time.sleep(0.3)


@pytest.fixture
def deployment(tmp_path):
    deployment = Deployment(tmp_path)
    flush_redis()
    deployment.create_database()
    try:
        yield deployment
    finally:
        deployment.stop()
        flush_redis()
        deployment.drop_database()


def test_two_web_processes_and_two_workers_on_postgresql_and_redis(deployment):
    d = deployment
    d.finish(d.gongkai("migrate", "--verbosity", "0"))
    d.phase("migrate")
    # The workers need no static files: they start while those are collected.
    workers = [d.gongkai("run_huey", "--workers", "1")]
    workers.append(d.gongkai("run_huey", "--workers", "1", "--no-periodic"))
    worker_pids = {str(process.pid) for process in workers}
    d.finish(
        d.gongkai("collectstatic", "--noinput", "--verbosity", "0"),
        d.gongkai("createsuperuser", "--noinput", "--username", ADMIN, "--email", "ops@gk.test"),
    )
    d.phase("collectstatic")
    web = [free_port(), free_port()]
    for port in web:
        argv = [sys.executable, "-m", "gunicorn", "gongkai.wsgi", "--workers", "1"]
        argv += ["--bind", f"127.0.0.1:{port}", "--timeout", "60"]
        if gunicorn.version_info >= (25,):  # one control socket each, not the shared default
            argv += ["--control-socket", str(d.root / f"gunicorn-{port}.ctl")]
        d.start(f"gunicorn-{port}", argv)

    # Each web process is healthy, and sees a worker's heartbeat in the shared queue.
    for port in web:
        wait_until(d, f"health on {port}", lambda port=port: probe(port)[1]["status"] == "ok")
        wait_until(
            d,
            f"a worker's heartbeat on {port}",
            lambda port=port: probe(port)[1]["checks"]["worker"]["status"] == "ok",
        )
        status, body = probe(port)
        d.phase(f"healthy on {port}")
        assert (status, body["status"], body["checks"]["database"], body["checks"]["tasks"]) == (
            200,
            "ok",
            {"status": "ok"},
            {"status": "ok", "pending": 0},
        )

    # Production answers plain HTTP with a redirect, and HTTPS with its protections.
    visitor = Browser()
    status, headers, _ = visitor.request(web[0], "GET", "/catalogue/", https=False)
    assert (status, headers["Location"]) == (301, f"https://{HOST}/catalogue/")
    status, headers, _ = visitor.request(web[0], "GET", "/catalogue/")
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "script-src 'self'" in headers["Content-Security-Policy"]

    # A task enqueued by one web process is done by a worker; the other web process sees it.
    admin = Browser()
    status, headers, _ = admin.post(
        web[0], "/accounts/login/", {"username": ADMIN, "password": ADMIN_PASSWORD}
    )
    assert (status, headers.get("Location")) == (302, "/workbench/"), d.logs()
    status, headers, _ = admin.post(web[0], "/system/", {})
    assert (status, headers.get("Location")) == (302, "/system/")
    done = re.compile(r"由任务进程 <code>[^ <]+:(\d+)</code> 完成")

    def ping_done() -> bool:
        page = admin.request(web[1], "GET", "/system/")[2]
        match = done.search(page)
        return bool(match) and match.group(1) in worker_pids

    wait_until(d, "the test task to be done by a worker", ping_done)
    d.phase("task done")

    # The status page's lookup limit is counted across both web processes.
    applicant = Browser()

    # A different number each time: the per-case back-off stays out of it, and the
    # per-address hourly limit is what is counted.
    wrong_code = "WRONGCODE1WX"

    def wrong(i):
        return {"number": f"示范-2025-{90000 + i:05d}", "code": wrong_code}

    answers = set()
    for i in range(LOOKUPS_PER_HOUR):
        status, _headers, text = applicant.post(web[i % 2], "/apply/status/", wrong(i))
        answers.add((status, "申请编号或查询码不正确。" in text))
    assert answers == {(400, True)}
    status, _headers, text = applicant.post(web[1], "/apply/status/", wrong(100))
    assert (status, "查询次数过多，请一小时后再试。" in text) == (400, True)
    status, _headers, text = applicant.post(web[0], "/apply/status/", wrong(101))
    assert (status, "查询次数过多，请一小时后再试。" in text) == (400, True)

    d.phase("limits")
    # Every process is still running: nothing crashed on the way.
    assert [name for name, process in d.processes if process.poll() not in (None, 0)] == []

    # The logs have a JSON line per request and per task, and no query code.
    lines = d.log_lines()
    assert {
        (line["method"], line["status"], line["user"] != "-")
        for line in lines
        if line.get("path") == "/system/" and line.get("logger") == "gongkai.request"
    } == {("GET", 200, True), ("POST", 302, True)}
    assert [
        (line["ok"], line["message"].startswith("task worker_ping ok "))
        for line in lines
        if line.get("task") == "worker_ping"
    ] == [(True, True)]
    assert [line for line in lines if wrong_code in json.dumps(line)] == []
