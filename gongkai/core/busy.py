"""A busy database is a short wait and a page in Chinese, never a 500.

A request that needs a lock another writer holds waits a bounded time — SQLite's busy timeout,
PostgreSQL's `lock_timeout`, both `settings.DB_WAIT_SECONDS` — and then gets HTTP 503 with
"系统繁忙，请稍后再试" and `Retry-After`. Nothing was written: the request's transaction was
rolled back with the error. What the person typed is not lost either: the page carries every
posted field back in a form that resubmits them, unchanged, to the same address (files cannot be
carried by a browser and are asked for again). A resubmitted form that is still incomplete
lands on the view's own form page, filled in, with its own messages.

`BusyDatabaseMiddleware.process_exception` answers any view that meets such an error; it logs
one warning line instead of Django's "Internal Server Error" with a traceback.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger("gongkai.busy")

BUSY_MESSAGE = "系统繁忙，请稍后再试"
# SQLite's primary result codes (the extended ones carry them in the low byte).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6
# PostgreSQL: lock_not_available (lock_timeout), query_canceled (statement_timeout),
# serialization_failure, deadlock_detected.
_PG_BUSY_STATES = frozenset({"55P03", "57014", "40001", "40P01"})
_STAFF_PREFIXES = ("/workbench/", "/accounts/", "/audit/", "/workdays/", "/admin/")
_NOT_CARRIED = frozenset({"csrfmiddlewaretoken"})


def retry_after_seconds() -> int:
    """What `Retry-After` says: about one more wait."""
    return max(5, round(getattr(settings, "DB_WAIT_SECONDS", 10)))


def busy_reason(error: BaseException) -> str | None:
    """Why the database refused, if `error` is a busy database (a lock not granted within the
    wait), else None: the SQLite message or the PostgreSQL SQLSTATE."""
    if not isinstance(error, DatabaseError):
        return None
    cause = error.__cause__ or error
    code = getattr(cause, "sqlite_errorcode", None)
    if code is not None:
        return str(error) if code & 0xFF in (_SQLITE_BUSY, _SQLITE_LOCKED) else None
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state is not None:
        return f"SQLSTATE {state}" if state in _PG_BUSY_STATES else None
    text = str(error)
    return text if "database is locked" in text or "database table is locked" in text else None


class BusyAwareSessionMiddleware(SessionMiddleware):
    """Django's session middleware, whose save at the end of a request meets the busy
    database too (a new session for the application form, a login): answered like a view's,
    503 with the form kept, instead of the 500 a middleware's exception otherwise becomes."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        try:
            return super().process_response(request, response)
        except DatabaseError as error:
            reason = busy_reason(error)
            if reason is None:
                raise
            return _answered_busy(request, reason)


class BusyDatabaseMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        reason = busy_reason(exception)
        if reason is None:
            return None
        return _answered_busy(request, reason)


def _answered_busy(request: HttpRequest, reason: str) -> HttpResponse:
    response = busy_response(request)
    # One warning line of our own: django.request logs only errors here (settings.LOGGING),
    # and a busy database is not a server error.
    logger.warning("Database busy (%s), answered 503: %s %s", reason, request.method, request.path)
    # Django logs every 5xx response as an error unless it was logged already
    # (django.utils.log.log_response checks this flag).
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


def busy_response(request: HttpRequest) -> HttpResponse:
    """The 503 answer: the posted fields in a form to resubmit, or JSON for the API."""
    response: HttpResponse
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"error": BUSY_MESSAGE},
            status=503,
            json_dumps_params={"ensure_ascii": False},
            content_type="application/json; charset=utf-8",
        )
    else:
        response = render(request, "core/busy.html", _context(request), status=503)
    response["Retry-After"] = str(retry_after_seconds())
    # The page may hold what the person typed: no cache keeps it.
    response["Cache-Control"] = "no-store"
    return response


def _context(request: HttpRequest) -> dict:
    posted = request.method == "POST"
    fields, texts = [], []
    if posted:
        for name, values in request.POST.lists():
            if name in _NOT_CARRIED:
                continue
            for value in values:
                fields.append((name, value))
                # What a person wrote at length is in Chinese; codes, dates and numbers are
                # carried unseen and resubmitted all the same.
                if value.strip() and not value.isascii():
                    texts.append(value)
    files = (
        [
            (name, getattr(upload, "name", "") or "")
            for name, uploads in request.FILES.lists()
            for upload in uploads
        ]
        if posted
        else []
    )
    return {
        "base": "workbench/base.html"
        if request.path.startswith(_STAFF_PREFIXES)
        else "portal/base.html",
        "message": BUSY_MESSAGE,
        "posted": posted and bool(fields or files),
        "fields": fields,
        "texts": texts,
        "files": files,
        "action": request.get_full_path(),
        "retry_after": retry_after_seconds(),
    }
