"""Concurrent writers keep one linear chain: appends serialise on the chain head
(SELECT ... FOR UPDATE on PostgreSQL, BEGIN IMMEDIATE on SQLite)."""

import threading

import pytest
from django.db import connections

from gongkai.audit.models import AuditRecord
from gongkai.audit.selectors import audit_verify
from gongkai.audit.services import Target, audit_record

WRITERS = 4
RECORDS_EACH = 15


@pytest.mark.django_db(transaction=True)
def test_parallel_writers_produce_one_valid_chain():
    start = AuditRecord.objects.count()
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
