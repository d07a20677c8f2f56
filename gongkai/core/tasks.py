"""Nightly maintenance of the database (huey; see docs/architecture.md)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.core.services import statistics_refresh


@db_periodic_task(crontab(hour="3", minute="15"))
def statistics_refresh_nightly():
    statistics_refresh()
