"""Core pages of the workbench.

- The administrator's 系统状态 page: the health checks in detail, and a test of the task queue
  (a task enqueued here and done by a worker). Load balancers use /healthz (core/health.py).
- The import pages, shared by the ledger and the catalogue: the upload form, which only stores
  the file and queues the import, and the job's page, which refreshes itself (an HTTP
  `Refresh` header: no script, so a strict Content-Security-Policy changes nothing) until the
  import is done or has failed.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_http_methods

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.core import health
from gongkai.core.forms import ImportUploadForm
from gongkai.core.selectors import import_agencies, import_jobs_visible_to
from gongkai.core.services import import_job_create

CHECK_LABELS = {
    "database": "数据库",
    "tasks": "任务队列",
    "disk": "磁盘空间",
    "worker": "任务进程",
}
STATUS_LABELS = {
    health.OK: "正常",
    health.FAIL: "故障",
    health.STALE: "无响应",
    health.UNKNOWN: "未知",
}


def _when(iso: str | None):
    return parse_datetime(iso) if iso else None


# The products by their own names (/healthz reports the identifiers): a person reads
# "SQLite", not the driver's "sqlite" or the queue's class name "SqliteHuey".
PRODUCTS = {
    "sqlite": "SQLite",
    "postgresql": "PostgreSQL",
    "SqliteHuey": "SQLite",
    "RedisHuey": "Redis",
    "PriorityRedisHuey": "Redis",
    "PriorityRedisExpireHuey": "Redis",
    "MemoryHuey": "内存",
}


@login_required
@require_http_methods(["GET", "POST"])
def system_status(request):
    if not scope_for(request.user).has_role(Role.ADMIN):
        raise PermissionDenied("只有管理员可以查看系统状态")
    if request.method == "POST":
        health.ping_request()
        return redirect("core:system")
    checks = health.health_checks()
    ping = health.ping_read()
    rows = [
        {
            "name": name,
            "label": CHECK_LABELS[name],
            "status": check.status,
            "status_label": STATUS_LABELS[check.status],
            "detail": check.detail,
            "product": PRODUCTS.get(check.detail.get("vendor") or check.detail.get("storage"), ""),
        }
        for name, check in checks.items()
    ]
    return render(
        request,
        "core/system.html",
        {
            "status": health.overall(checks),
            "rows": rows,
            "disk": checks["disk"].detail,
            "worker": checks["worker"].detail,
            "heartbeat_at": _when(checks["worker"].detail.get("at")),
            "ping": ping,
            "ping_requested_at": _when(ping and ping["requested_at"]),
            "ping_done_at": _when(ping and ping["done_at"]),
        },
    )


# --- imports ---

REFRESH_SECONDS = 2
RECENT_JOBS = 10
# A job whose record has not moved for this long has probably lost its worker.
STALE_AFTER = timedelta(minutes=15)


def import_upload_page(
    request: HttpRequest,
    *,
    kind: str,
    title: str,
    intro: str,
    label: str,
    max_bytes: int,
    refusal: str,
    start: Callable[[int], Any],
    job_url: str,
) -> HttpResponse:
    agencies = import_agencies(request.user)
    if not agencies:
        raise PermissionDenied(refusal)
    form = ImportUploadForm(
        request.POST or None, request.FILES or None, label=label, max_bytes=max_bytes
    )
    if request.method == "POST" and form.is_valid():
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), agencies[0])
        job = import_job_create(
            kind=kind,
            agency=agency,
            actor=request.user,
            upload=form.cleaned_data["file"],
            start=start,
        )
        return redirect(job_url, pk=job.pk)
    return render(
        request,
        "core/import_upload.html",
        {
            "title": title,
            "intro": intro,
            "form": form,
            "agencies": agencies,
            "jobs": import_jobs_visible_to(request.user, kind)[:RECENT_JOBS],
            "job_url": job_url,
        },
        status=400 if form.errors else 200,
    )


def import_job_page(
    request: HttpRequest, pk: int, *, kind: str, title: str, upload_url: str, done_url: str
) -> HttpResponse:
    job = import_jobs_visible_to(request.user, kind).filter(pk=pk).first()
    if job is None:
        raise Http404("没有这个导入任务，或您无权查看")
    response = render(
        request,
        "core/import_job.html",
        {
            "title": title,
            "job": job,
            "lines": job.problem_lines(),
            "stale": not job.finished and timezone.now() - job.updated_at > STALE_AFTER,
            "refresh": REFRESH_SECONDS,
            "upload_url": upload_url,
            "done_url": done_url,
        },
    )
    if not job.finished:
        response["Refresh"] = str(REFRESH_SECONDS)
    return response
