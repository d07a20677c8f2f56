"""Catalogue files uploaded in the workbench, imported in the background (huey;
docs/architecture.md)."""

from huey.contrib.djhuey import db_task

from gongkai.catalogue.import_services import catalogue_import_job_run


@db_task()
def catalogue_import_task(job_id: int) -> None:
    catalogue_import_job_run(job_id)
