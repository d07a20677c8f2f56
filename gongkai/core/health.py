"""Health: what a load balancer asks (`/healthz`) and what the administrator's 系统状态 page shows.

`GET /healthz` answers JSON `{"status": "ok" | "fail", "checks": {...}}` with 200 or 503:

- `database`: one trivial query;
- `tasks`: the task queue's storage answers (the SQLite queue file or Redis) and how many
  tasks wait in it;
- `disk`: at least `HEALTH_DISK_FREE_MB` free in the data directory and the media root;
- `worker`: the task worker's heartbeat (written when a worker starts and every minute by the
  worker that runs periodic jobs) is younger than `HEALTH_WORKER_STALE_MINUTES`. Reported, but
  it does not fail the status: a stopped worker must not take every web machine out of the
  load balancer. Monitoring should alert on `checks.worker.status != "ok"`.

The endpoint is a middleware at the top of the stack, so that a probe is answered whatever its
Host header (load balancers often send the machine's address) and over plain HTTP (no HTTPS
redirect), without a session, and without a request log line every few seconds. It names no
path and no setting: the details are on the administrator's page.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.utils import timezone

logger = logging.getLogger("gongkai.health")

PATH = "/healthz"
HEARTBEAT_KEY = "gongkai:worker-heartbeat"
PING_KEY = "gongkai:worker-ping"

OK, FAIL, STALE, UNKNOWN = "ok", "fail", "stale", "unknown"


@dataclass
class Check:
    status: str
    public: dict[str, Any] = field(default_factory=dict)  # what an anonymous caller sees
    detail: dict[str, Any] = field(default_factory=dict)  # what the administrator sees


def worker_label() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _huey():
    from huey.contrib.djhuey import HUEY

    return HUEY


def heartbeat_write() -> None:
    """Called by the task worker: it is alive and consuming the queue."""
    _huey().put(HEARTBEAT_KEY, {"at": timezone.now().isoformat(), "worker": worker_label()})


def heartbeat_read() -> dict | None:
    return _huey().get(HEARTBEAT_KEY, peek=True)


def ping_request() -> dict:
    """The administrator's test of the task queue: a task the web enqueues and a worker does."""
    from gongkai.core.tasks import worker_ping

    requested_at = timezone.now().isoformat()
    _huey().put(PING_KEY, {"requested_at": requested_at, "done_at": None, "worker": None})
    worker_ping(requested_at)
    return {"requested_at": requested_at}


def ping_done(requested_at: str) -> None:
    _huey().put(
        PING_KEY,
        {
            "requested_at": requested_at,
            "done_at": timezone.now().isoformat(),
            "worker": worker_label(),
        },
    )


def ping_read() -> dict | None:
    return _huey().get(PING_KEY, peek=True)


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:
        logger.warning("health: database check failed: %s", error.__class__.__name__)
        return Check(FAIL, detail={"error": f"{error.__class__.__name__}: {error}"})
    return Check(OK, detail={"vendor": connection.vendor})


def check_tasks() -> Check:
    huey = _huey()
    try:
        pending = huey.pending_count()
    except Exception as error:
        logger.warning("health: task queue check failed: %s", error.__class__.__name__)
        return Check(FAIL, detail={"error": f"{error.__class__.__name__}: {error}"})
    return Check(
        OK,
        public={"pending": pending},
        detail={"pending": pending, "storage": huey.__class__.__name__},
    )


def _free_mb(path: Path) -> int:
    while not path.exists() and path != path.parent:
        path = path.parent
    return shutil.disk_usage(path).free // (1024 * 1024)


def check_disk() -> Check:
    threshold = settings.HEALTH_DISK_FREE_MB
    places = {"data": Path(settings.DATA_DIR), "media": Path(settings.MEDIA_ROOT)}
    detail: dict[str, Any] = {"threshold_mb": threshold}
    low = []
    for name, path in places.items():
        try:
            free = _free_mb(path)
        except OSError as error:
            detail[name] = {"path": str(path), "error": str(error)}
            low.append(name)
            continue
        detail[name] = {"path": str(path), "free_mb": free}
        if free < threshold:
            low.append(name)
    if low:
        logger.warning("health: low disk space in %s", ", ".join(low))
        return Check(FAIL, public={"low": low}, detail=detail)
    return Check(OK, detail=detail)


def _age_seconds(iso: str) -> int:
    return int((timezone.now() - datetime.fromisoformat(iso)).total_seconds())


def check_worker() -> Check:
    try:
        beat = heartbeat_read()
    except Exception as error:
        return Check(UNKNOWN, detail={"error": f"{error.__class__.__name__}: {error}"})
    if not beat:
        return Check(UNKNOWN, detail={"stale_after_minutes": settings.HEALTH_WORKER_STALE_MINUTES})
    age = _age_seconds(beat["at"])
    status = OK if age <= settings.HEALTH_WORKER_STALE_MINUTES * 60 else STALE
    return Check(
        status,
        public={"age_seconds": age},
        detail={
            "age_seconds": age,
            "at": beat["at"],
            "worker": beat["worker"],
            "stale_after_minutes": settings.HEALTH_WORKER_STALE_MINUTES,
        },
    )


# The checks whose failure makes the whole status "fail".
REQUIRED = ("database", "tasks", "disk")


def health_checks() -> dict[str, Check]:
    return {
        "database": check_database(),
        "tasks": check_tasks(),
        "disk": check_disk(),
        "worker": check_worker(),
    }


def overall(checks: dict[str, Check]) -> str:
    return OK if all(checks[name].status == OK for name in REQUIRED) else FAIL


def health_response() -> HttpResponse:
    checks = health_checks()
    body = {
        "status": overall(checks),
        "checks": {name: {"status": c.status, **c.public} for name, c in checks.items()},
    }
    status = 200 if body["status"] == OK else 503
    response = HttpResponse(json.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


class HealthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info in (PATH, PATH + "/") and request.method in ("GET", "HEAD"):
            return health_response()
        return self.get_response(request)
