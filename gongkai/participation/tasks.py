"""Background jobs of comment calls."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai.participation.models import CallAttachment
from gongkai.participation.services import calls_close_due


@db_periodic_task(crontab(hour="0", minute="20"))
def calls_close_due_nightly() -> None:
    """Close the calls whose closing date passed yesterday (the period includes that day)."""
    calls_close_due()


def call_attachments_orphan_sweep() -> int:
    """Attachment files on disk that no call attachment names (what a process killed between
    writing the file and committing left behind; core.services.orphan_files_remove)."""
    from gongkai.core.services import orphan_files_remove

    named = set(CallAttachment.objects.values_list("file", flat=True))
    return orphan_files_remove(folder="participation", referenced=named)


@db_periodic_task(crontab(hour="3", minute="50"))
def call_attachments_orphan_sweep_nightly() -> None:
    call_attachments_orphan_sweep()
