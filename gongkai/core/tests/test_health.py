"""/healthz for load balancers, and the administrator's 系统状态 page with its task-queue test."""

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.db import OperationalError
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from gongkai.accounts.models import Role
from gongkai.accounts.services import role_grant
from gongkai.accounts.tests.factories import UserFactory
from gongkai.core import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_queue(monkeypatch):
    # A task closes the database connection around itself, as a worker must; in a test that
    # would close the test's transaction.
    monkeypatch.setattr("huey.contrib.djhuey.close_old_connections", lambda: None)
    HUEY.flush()
    yield
    HUEY.flush()


def get_health(client, **headers):
    response = client.get("/healthz", **headers)
    return response.status_code, response["Content-Type"], json.loads(response.content)


class Clock:
    """health's idea of now, fixed: the worker's heartbeat is exactly 42 seconds old."""

    @staticmethod
    def now():
        return datetime(2025, 10, 9, 8, 0, 42, tzinfo=UTC)


def test_health_is_ok_with_every_check(client, monkeypatch):
    HUEY.put(health.HEARTBEAT_KEY, {"at": "2025-10-09T08:00:00+00:00", "worker": "w:1"})
    monkeypatch.setattr(health, "timezone", Clock)

    assert get_health(client) == (
        200,
        "application/json",
        {
            "status": "ok",
            "checks": {
                "database": {"status": "ok"},
                "tasks": {"status": "ok", "pending": 0},
                "disk": {"status": "ok"},
                "worker": {"status": "ok", "age_seconds": 42},
            },
        },
    )


def test_a_probe_by_ip_over_plain_http_is_answered_in_production(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.ALLOWED_HOSTS = ["gk.example.gov.cn"]

    status, _type, body = get_health(client, HTTP_HOST="10.0.0.7")

    assert (status, body["status"]) == (200, "ok")
    assert client.get("/catalogue/", HTTP_HOST="gk.example.gov.cn").status_code == 301


def test_a_full_disk_fails_without_naming_paths(client, settings):
    settings.HEALTH_DISK_FREE_MB = 10**12

    status, _type, body = get_health(client)

    assert (status, body["status"], body["checks"]["disk"]) == (
        503,
        "fail",
        {"status": "fail", "low": ["data", "media"]},
    )


class BrokenConnection:
    vendor = "sqlite"

    def cursor(self):
        raise OperationalError("database is locked")


def test_an_unreachable_database_fails(client, monkeypatch):
    monkeypatch.setattr(health, "connection", BrokenConnection())

    status, _type, body = get_health(client)

    assert (status, body["status"], body["checks"]["database"]) == (
        503,
        "fail",
        {"status": "fail"},
    )


def test_an_unreachable_task_queue_fails(client, monkeypatch):
    def refuse():
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(HUEY, "pending_count", refuse)

    status, _type, body = get_health(client)

    assert (status, body["status"], body["checks"]["tasks"]) == (
        503,
        "fail",
        {"status": "fail"},
    )


def test_a_stale_worker_is_reported_but_does_not_fail_the_web_machine(client):
    HUEY.put(
        health.HEARTBEAT_KEY,
        {"at": (timezone.now() - timedelta(minutes=6)).isoformat(), "worker": "w:1"},
    )

    status, _type, body = get_health(client)

    assert (status, body["status"], body["checks"]["worker"]["status"]) == (200, "ok", "stale")


def test_without_a_heartbeat_the_worker_is_unknown(client):
    assert get_health(client)[2]["checks"]["worker"] == {"status": "unknown"}


def test_pending_tasks_are_counted(client):
    health.ping_request()

    assert get_health(client)[2]["checks"]["tasks"] == {"status": "ok", "pending": 1}


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="guanli")
    role_grant(user=user, role=Role.ADMIN)
    client.force_login(user)
    return client


def test_the_administrator_tests_the_task_queue(admin_client):
    response = admin_client.post("/system/")
    assert (response.status_code, response["Location"]) == (302, "/system/")
    assert "尚未处理。" in admin_client.get("/system/").content.decode()

    HUEY.execute(HUEY.dequeue())  # what a worker does

    page = admin_client.get("/system/").content.decode()
    assert f"由任务进程 <code>{health.worker_label()}</code> 完成。" in page
    assert "待处理任务 0 个（存储于 SQLite）" in page


def test_only_administrators_see_the_system_status(client):
    clerk = UserFactory(username="jingban")
    client.force_login(clerk)

    response = client.get("/system/")

    assert response.status_code == 403
