"""ANALYZE for the query planner: run nightly and after bulk loads."""

import pytest
from django.db import connection

from gongkai.accounts.tests.factories import AgencyFactory
from gongkai.core.services import statistics_refresh
from gongkai.core.tasks import statistics_refresh_nightly


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's statistics table")
def test_sqlite_gets_statistics_for_every_table_with_rows(db):
    AgencyFactory.create_batch(3)
    statistics_refresh()
    with connection.cursor() as cursor:
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'accounts_agency'")
        stats = cursor.fetchall()
    # One row an index, each "rows-in-table rows-per-key…".
    assert {stat.split()[0] for (stat,) in stats} == {"3"}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's statistics")
def test_postgresql_counts_the_rows_of_every_table(db):
    AgencyFactory.create_batch(3)
    statistics_refresh()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'accounts_agency'")
        (rows,) = cursor.fetchone()
    assert rows == 3


def test_the_nightly_job_refreshes_them(db):
    statistics_refresh_nightly.call_local()
