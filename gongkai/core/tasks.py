"""Nightly maintenance of the database, and the task worker's own signs of life (huey; see
docs/architecture.md)."""

import logging
import time

from huey import crontab
from huey import signals as huey_signals
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup, signal

from gongkai.core import health
from gongkai.core.services import statistics_refresh

task_logger = logging.getLogger("gongkai.tasks")


@db_periodic_task(crontab(hour="3", minute="15"))
def statistics_refresh_nightly():
    statistics_refresh()


@on_startup()
def worker_heartbeat_on_start():
    # A worker that has just started says so at once, not a minute later.
    health.heartbeat_write()


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat():
    health.heartbeat_write()


@db_task()
def worker_ping(requested_at: str):
    """Enqueued by the administrator's 系统状态 page; proves that a worker consumes the queue."""
    health.ping_done(requested_at)


# --- one log line per task ------------------------------------------------------------------
_started: dict[str, float] = {}


@signal(huey_signals.SIGNAL_EXECUTING)
def _task_started(signal_name, task, *args, **kwargs):
    _started[task.id] = time.monotonic()


@signal(huey_signals.SIGNAL_COMPLETE, huey_signals.SIGNAL_ERROR)
def _task_finished(signal_name, task, exc=None, *args, **kwargs):
    started = _started.pop(task.id, None)
    duration_ms = round((time.monotonic() - started) * 1000) if started is not None else -1
    fields = {"task": task.name, "task_id": task.id, "duration_ms": duration_ms}
    if signal_name == huey_signals.SIGNAL_COMPLETE:
        # The minute's heartbeat would drown the other lines: it is logged only at DEBUG.
        level = logging.DEBUG if task.name == worker_heartbeat.task_class.__name__ else logging.INFO
        task_logger.log(
            level, "task %s ok %dms", task.name, duration_ms, extra={**fields, "ok": True}
        )
    else:
        task_logger.error(
            "task %s error %dms: %s",
            task.name,
            duration_ms,
            exc.__class__.__name__ if exc else "?",
            extra={**fields, "ok": False},
            exc_info=(type(exc), exc, exc.__traceback__) if exc else None,
        )


@db_periodic_task(crontab(hour="2", minute="0"))
def backup_nightly_task():
    """The nightly backup with retention (README "Backup and restore"); on by default with
    SQLite, by GONGKAI_BACKUP_NIGHTLY with PostgreSQL. Failures mail the administrators."""
    from django.conf import settings

    if settings.GONGKAI_BACKUP_NIGHTLY:
        backup_nightly_and_report()


def backup_nightly_and_report():
    from gongkai.accounts.services import administrators_mail
    from gongkai.core.backup.services import backup_nightly

    try:
        result, _removed = backup_nightly()
    except Exception as error:  # noqa: BLE001 - whatever failed, the administrators must know
        administrators_mail(subject="夜间备份失败", body=f"{error.__class__.__name__}: {error}")
        return None
    if result.problems:
        administrators_mail(
            subject="夜间备份已写入，但审计日志校验未通过",
            body=f"备份文件：{result.path}\n" + "\n".join(result.problems),
        )
    return result
