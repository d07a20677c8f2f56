"""Logs an operator can read: one line per request, one per task, errors with their context.

A request line is `METHOD PATH STATUS DURATIONms user=ID|- addr=ADDRESS` on the logger
`gongkai.request` (INFO; WARNING for 4xx is not used: a wrong page is not an incident; 5xx is
logged at ERROR with the traceback by Django's `django.request`, to which the formatter adds
the same user and address). The query string is never logged: it may carry what a visitor
typed (a query code, an ID number); paths carry only identifiers. Form bodies are never logged.

`GONGKAI_LOG_FORMAT=json` writes each record as one JSON object per line with the fields
`time`, `level`, `logger`, `message` and, for a request, `method`, `path`, `status`,
`duration_ms`, `user`, `addr`; for a task, `task`, `task_id`, `duration_ms`, `ok`.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime

from gongkai.core.client_address import client_address

logger = logging.getLogger("gongkai.request")

REQUEST_FIELDS = ("method", "path", "status", "duration_ms", "user", "addr")
TASK_FIELDS = ("task", "task_id", "duration_ms", "ok")


def user_label(request) -> str:
    user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return "-"
    return str(user.pk)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        duration_ms = round((time.monotonic() - started) * 1000)
        if logger.isEnabledFor(logging.INFO):
            fields = {
                "method": request.method,
                "path": request.path,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user": user_label(request),
                "addr": client_address(request),
            }
            logger.info(
                "%s %s %s %sms user=%s addr=%s",
                *(fields[name] for name in REQUEST_FIELDS),
                extra=fields,
            )
        return response


class LogFormatter(logging.Formatter):
    """Text (`time level logger message`) or one JSON object per line; errors raised while
    serving a request carry its path, user and address."""

    def __init__(self, json: bool = False) -> None:  # noqa: A002 - the LOGGING option's name
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s")
        self.as_json = json

    def _context(self, record: logging.LogRecord) -> dict:
        request = getattr(record, "request", None)
        if request is None or not hasattr(request, "META"):
            return {}
        return {
            "method": request.method,
            "path": request.path,
            "user": user_label(request),
            "addr": client_address(request),
        }

    def format(self, record: logging.LogRecord) -> str:
        context = self._context(record)
        if not self.as_json:
            text = super().format(record)
            if context:
                first, _, rest = text.partition("\n")
                extra = f" [{context['method']} {context['path']} user={context['user']} "
                extra += f"addr={context['addr']}]"
                text = first + extra + (f"\n{rest}" if rest else "")
            return text
        body = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in (*REQUEST_FIELDS, *TASK_FIELDS):
            if hasattr(record, name):
                body[name] = getattr(record, name)
        for name, value in context.items():
            body.setdefault(name, value)
        if record.exc_info:
            body["exception"] = self.formatException(record.exc_info)
        return json.dumps(body, ensure_ascii=False, default=str)


class HueyTaskErrorFilter(logging.Filter):
    """The task consumer logs a failed task's traceback without the task's name; our own
    line (gongkai.core.tasks) has both, so the consumer's is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Unhandled exception in task")
