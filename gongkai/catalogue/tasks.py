"""Background work for the catalogue (huey; see docs/architecture.md): attachments' text
extraction, and catalogue files uploaded in the workbench imported in the background."""

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.catalogue.import_services import catalogue_import_job_run
from gongkai.catalogue.models import Attachment
from gongkai.catalogue.services import attachment_extract

# An attachment still being checked after this long lost its task (the queue was down or
# the worker was killed): the sweep checks it again.
STALE_AFTER = timedelta(minutes=15)


@db_task()
def attachment_extract_task(attachment_id: int) -> None:
    attachment_extract(attachment_id=attachment_id)


@db_periodic_task(crontab(minute="*/15"))
def attachments_checking_sweep() -> None:
    stale = Attachment.objects.filter(
        status=Attachment.Status.CHECKING, created_at__lt=timezone.now() - STALE_AFTER
    ).values_list("pk", flat=True)
    for attachment_id in list(stale[:100]):
        attachment_extract(attachment_id=attachment_id)


@db_task()
def catalogue_import_task(job_id: int) -> None:
    catalogue_import_job_run(job_id)


def attachments_orphan_sweep() -> int:
    """Attachment files on disk that no attachment names (core.services.orphan_files_remove):
    what a process killed between writing the file and committing left behind."""
    from gongkai.core.services import orphan_files_remove

    named = set(Attachment.objects.values_list("file", flat=True))
    return orphan_files_remove(folder="attachments", referenced=named)


@db_periodic_task(crontab(hour="3", minute="45"))
def attachments_orphan_sweep_nightly() -> None:
    attachments_orphan_sweep()
