"""The site inspection in the background (huey; docs/architecture.md): nightly over the whole
government, and on demand from the workbench."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai.inspection.models import InspectionRun
from gongkai.inspection.services import inspection_run


@db_task()
def inspection_run_task(run_id: int) -> None:
    # Claimed once: a second delivery of the task finds the run taken and does nothing.
    if not InspectionRun.objects.filter(pk=run_id, status=InspectionRun.Status.QUEUED).update(
        status=InspectionRun.Status.RUNNING
    ):
        return
    inspection_run(run=InspectionRun.objects.select_related("agency", "actor").get(pk=run_id))


@db_periodic_task(crontab(hour="1", minute="30"))
def inspection_nightly() -> None:
    inspection_run()
