"""Background jobs of comment calls."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.participation.services import calls_close_due


@db_periodic_task(crontab(hour="0", minute="20"))
def calls_close_due_nightly() -> None:
    """Close the calls whose closing date passed yesterday (the period includes that day)."""
    calls_close_due()
