"""A busy database is a short wait and a Chinese page that keeps the form, never a 500: another
connection holds the write lock (SQLite) or the row lock the application needs (PostgreSQL)
while a citizen posts a 2,000-character application."""

import logging
import sqlite3

import psycopg
import pytest
from django.db import connection

from gongkai.info_requests.models import InfoRequest
from gongkai.info_requests.tests.test_views import apply_data

pytestmark = pytest.mark.django_db(transaction=True)

LONG_TEXT = "请公开2025年老旧小区改造项目清单，" + "包括每个小区的改造内容和资金。" * 130


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def short_wait(monkeypatch):
    """Wait 0.3 s for a lock rather than DB_WAIT_SECONDS, on this connection and new ones."""
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        monkeypatch.setitem(connection.settings_dict["OPTIONS"], "timeout", 0.3)
        connection.connection.execute("PRAGMA busy_timeout = 300")
    else:
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '300ms'")
    yield
    connection.close()


class Holder:
    """Another connection holding what registering an application needs: SQLite's write lock,
    or on PostgreSQL the audit chain's head row (every write appends to the chain)."""

    def __init__(self, agency):
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            self.other = sqlite3.connect(settings["NAME"], isolation_level=None)
            self.other.execute("BEGIN IMMEDIATE")
        else:
            from gongkai.audit.services import audit_record

            audit_record(actor=None, action="test.head", target=agency)  # the head row exists
            self.other = psycopg.connect(
                host=settings["HOST"] or None,
                port=settings["PORT"] or None,
                user=settings["USER"],
                dbname=settings["NAME"],
                password=settings["PASSWORD"] or None,
            )
            self.other.execute("SELECT * FROM audit_audithead FOR UPDATE")

    def release(self):
        if connection.vendor == "sqlite":
            self.other.execute("ROLLBACK")
        else:
            self.other.rollback()
        self.other.close()


@pytest.fixture
def lock_held(agency, short_wait):
    holder = Holder(agency)
    yield holder
    if holder.other is not None:
        holder.release()
        holder.other = None


def expected_reason():
    return "database is locked" if connection.vendor == "sqlite" else "SQLSTATE 55P03"


def test_a_busy_database_answers_503_with_the_typed_text_kept(client, agency, lock_held):
    response = client.post("/apply/", apply_data(agency, description=LONG_TEXT))
    page = response.content.decode()
    assert (
        response.status_code,
        response["Retry-After"],
        response["Cache-Control"],
        "<h1>系统繁忙，请稍后再试</h1>" in page,
        LONG_TEXT in page,
        f'<input type="hidden" name="description" value="{LONG_TEXT}">' in page,
        '<input type="hidden" name="submission_key" value="' + "a" * 32 + '">' in page,
        "请重新选择上传的文件（原文件：id.png）" in page,
        '<form method="post" action="/apply/"' in page,
        InfoRequest.objects.count(),
    ) == (503, "10", "no-store", True, True, True, True, True, True, 0)


def test_a_busy_database_is_one_warning_line_not_a_server_error(client, agency, lock_held, caplog):
    with caplog.at_level(logging.INFO):
        client.post("/apply/", apply_data(agency, description=LONG_TEXT))
    assert [
        (r.name, r.levelname, r.getMessage(), r.exc_info)
        for r in caplog.records
        if r.name.startswith(("django", "gongkai.busy"))
    ] == [
        (
            "gongkai.busy",
            "WARNING",
            f"Database busy ({expected_reason()}), answered 503: POST /apply/",
            None,
        )
    ]


def test_the_kept_form_resubmitted_once_the_lock_is_gone_registers_the_application(
    client, agency, lock_held
):
    refused = client.post("/apply/", apply_data(agency, description=LONG_TEXT))
    lock_held.release()
    lock_held.other = None
    # What the kept form posts: every field as it was, and the file chosen again.
    again = client.post("/apply/", apply_data(agency, description=LONG_TEXT))
    assert (
        refused.status_code,
        again.status_code,
        list(InfoRequest.objects.values_list("description", flat=True)),
    ) == (503, 302, [LONG_TEXT])


def test_a_busy_database_at_the_session_s_save_is_the_busy_page_not_a_500(client, lock_held):
    # The application form starts a session when it is shown; on SQLite the held write lock
    # refuses that write after the view has answered, in the session middleware.
    if connection.vendor != "sqlite":
        pytest.skip("the held lock is the audit head row on PostgreSQL: sessions are not held")
    response = client.get("/apply/")
    assert (response.status_code, "<h1>系统繁忙，请稍后再试</h1>" in response.content.decode()) == (
        503,
        True,
    )
