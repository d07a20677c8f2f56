"""Concurrent writers keep one linear chain: appends serialise on the chain head
(SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""

import threading

import pytest
from django.db import connection, connections

from gongkai.audit.models import AuditRecord
from gongkai.audit.selectors import audit_verify
from gongkai.audit.services import Target, audit_record

WRITERS = 4
RECORDS_EACH = 15


def _fresh_database():
    """As a new installation: no audit records and no head row yet."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditrecord")
        cursor.execute("DELETE FROM audit_audithead")


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_on_a_new_database_race_only_for_the_head_row():
    _fresh_database()
    run_writers_and_verify(start=0)


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_produce_one_valid_chain():
    run_writers_and_verify(start=AuditRecord.objects.count())


def run_writers_and_verify(start):
    barrier = threading.Barrier(WRITERS)
    errors = []

    def writer(number):
        try:
            barrier.wait()
            for i in range(RECORDS_EACH):
                audit_record(
                    actor=None,
                    action="test.parallel",
                    target=Target("test.thing", f"{number}-{i}", f"写入者{number}"),
                )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    report = audit_verify()
    assert (errors, report.problems, report.checked) == ([], [], start + WRITERS * RECORDS_EACH)
