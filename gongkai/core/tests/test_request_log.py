"""Logs an operator can read: a line per request and per task, errors with their context, and
nothing an applicant typed."""

import json
import logging

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from huey.contrib.djhuey import HUEY

from gongkai.core import health
from gongkai.core.request_log import HueyTaskErrorFilter, LogFormatter

pytestmark = pytest.mark.django_db


def boom(request):
    raise RuntimeError("the disk is on fire")


def fine(request):
    return HttpResponse("ok")


urlpatterns = [path("boom/", boom), path("fine/", fine)]


def request_lines(caplog):
    return [
        (r.method, r.path, r.status, r.user, r.addr)
        for r in caplog.records
        if r.name == "gongkai.request"
    ]


def test_one_line_per_request(client, caplog):
    caplog.set_level(logging.INFO)

    client.get("/apply/status/?case=12")

    assert request_lines(caplog) == [("GET", "/apply/status/", 200, "-", "127.0.0.1")]
    record = next(r for r in caplog.records if r.name == "gongkai.request")
    assert record.getMessage() == (
        f"GET /apply/status/ 200 {record.duration_ms}ms user=- addr=127.0.0.1"
    )


def test_the_line_names_the_signed_in_user(client, caplog, user):
    caplog.set_level(logging.INFO)
    client.force_login(user)

    client.get("/workbench/")

    assert request_lines(caplog) == [("GET", "/workbench/", 200, str(user.pk), "127.0.0.1")]


def test_a_query_code_is_never_logged(client, caplog):
    caplog.set_level(logging.DEBUG)
    code = "QC7F3KZ9PA"

    client.post("/apply/status/", {"number": "示范-2025-00001", "code": code})
    client.get(f"/apply/status/?code={code}&number=110101199003070011")

    text = caplog.text + "".join(LogFormatter(json=True).format(r) for r in caplog.records)
    assert request_lines(caplog) == [
        ("POST", "/apply/status/", 400, "-", "127.0.0.1"),
        ("GET", "/apply/status/", 200, "-", "127.0.0.1"),
    ]
    assert code not in text
    assert "110101199003070011" not in text


@pytest.mark.urls(__name__)
def test_an_error_is_logged_with_its_request(caplog, user):
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    client.force_login(user)

    client.get("/boom/?secret=1")

    error = next(r for r in caplog.records if r.name == "django.request")
    text = LogFormatter().format(error)
    assert text.splitlines()[0].endswith(
        f"ERROR django.request Internal Server Error: /boom/ [GET /boom/ user={user.pk} "
        "addr=127.0.0.1]"
    )
    assert "RuntimeError: the disk is on fire" in text
    assert request_lines(caplog) == [("GET", "/boom/", 500, str(user.pk), "127.0.0.1")]
    body = json.loads(LogFormatter(json=True).format(error))
    assert (body["level"], body["path"], body["user"], body["exception"].splitlines()[-1]) == (
        "ERROR",
        "/boom/",
        str(user.pk),
        "RuntimeError: the disk is on fire",
    )


@pytest.mark.urls(__name__)
def test_json_lines_carry_the_fields(client, caplog):
    caplog.set_level(logging.INFO)

    client.get("/fine/")

    record = next(r for r in caplog.records if r.name == "gongkai.request")
    body = json.loads(LogFormatter(json=True).format(record))
    del body["time"]
    assert body == {
        "level": "INFO",
        "logger": "gongkai.request",
        "message": f"GET /fine/ 200 {record.duration_ms}ms user=- addr=127.0.0.1",
        "method": "GET",
        "path": "/fine/",
        "status": 200,
        "duration_ms": record.duration_ms,
        "user": "-",
        "addr": "127.0.0.1",
    }


def test_the_health_probe_is_not_logged(client, caplog):
    caplog.set_level(logging.INFO)

    client.get("/healthz")

    assert request_lines(caplog) == []


@pytest.fixture
def queue(monkeypatch):
    # A task closes the database connection around itself, as a worker must; in a test that
    # would close the test's transaction.
    monkeypatch.setattr("huey.contrib.djhuey.close_old_connections", lambda: None)
    HUEY.flush()
    yield HUEY
    HUEY.flush()


def test_one_line_per_task(queue, caplog):
    caplog.set_level(logging.INFO)
    health.ping_request()

    queue.execute(queue.dequeue())

    [record] = [r for r in caplog.records if r.name == "gongkai.tasks"]
    assert (record.levelname, record.task, record.ok) == ("INFO", "worker_ping", True)
    assert record.getMessage() == f"task worker_ping ok {record.duration_ms}ms"


def test_a_failed_task_is_logged_with_its_exception(queue, caplog, monkeypatch):
    caplog.set_level(logging.INFO)

    def fail(requested_at):
        raise ValueError("no such thing")

    monkeypatch.setattr(health, "ping_done", fail)
    health.ping_request()

    queue.execute(queue.dequeue())

    [record] = [r for r in caplog.records if r.name == "gongkai.tasks"]
    assert (record.levelname, record.task, record.ok) == ("ERROR", "worker_ping", False)
    assert record.getMessage() == f"task worker_ping error {record.duration_ms}ms: ValueError"
    assert record.exc_info[1].args == ("no such thing",)


def test_the_consumer_does_not_log_a_failed_task_a_second_time():
    drop = HueyTaskErrorFilter()
    failed = logging.LogRecord(
        "huey", logging.ERROR, "", 0, "Unhandled exception in task %s.", ("x",), None
    )
    other = logging.LogRecord("huey", logging.ERROR, "", 0, "Error reading from queue", (), None)

    assert (drop.filter(failed), drop.filter(other)) == (False, True)
