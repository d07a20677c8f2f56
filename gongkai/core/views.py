"""The administrator's 系统状态 page: the health checks in detail, and a test of the task queue
(a task enqueued here and done by a worker). Load balancers use /healthz (core/health.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_http_methods

from gongkai.accounts.models import Role
from gongkai.accounts.selectors import scope_for
from gongkai.core import health

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
