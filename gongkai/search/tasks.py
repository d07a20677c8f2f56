"""Nightly: the daily query log's rows past their retention are deleted (huey; see
docs/architecture.md and services.QUERY_LOG_DAYS)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.search.services import query_log_sweep


@db_periodic_task(crontab(hour="3", minute="50"))
def search_query_log_sweep():
    query_log_sweep()
