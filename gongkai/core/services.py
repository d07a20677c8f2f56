"""Shared writes: gapless numbering, import jobs."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from gongkai.core.busy import busy_reason
from gongkai.core.models import Counter, ImportJob
from gongkai.core.tabular import TableFileError


def next_serial(agency, year: int, kind: str) -> int:
    """The next number in a gapless series; call inside the numbering transaction."""
    return reserve_serials(agency, year, kind, 1)


def reserve_serials(agency, year: int, kind: str, count: int) -> int:
    """Take `count` consecutive numbers at once; returns the last one taken."""
    Counter.objects.get_or_create(agency=agency, year=year, kind=kind)
    counter = Counter.objects.select_for_update().get(agency=agency, year=year, kind=kind)
    counter.value += count
    counter.save(update_fields=["value"])
    return counter.value


def statistics_refresh() -> None:
    """Refresh the query planner's statistics (ANALYZE).

    SQLite never gathers them on its own: without them it guesses, and at a million items it
    guessed wrong (a look-up of twenty items by primary key scanned an index of a million rows;
    docs/benchmarks.md). Run nightly (core.tasks) and after bulk loads (the demo, catalogue and
    ledger imports from the command line, a search reindex). SQLite reads every index: about
    12 s for a million items. PostgreSQL's autovacuum analyses on its own; this only makes it
    happen now.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("PRAGMA analysis_limit = 0")  # exact: sampled figures misled it
        cursor.execute("ANALYZE")


# --- import jobs (导入任务) ------------------------------------------------------------------

logger = logging.getLogger(__name__)

JOB_TRANSITIONS: dict[str, frozenset[str]] = {
    ImportJob.Status.QUEUED: frozenset({ImportJob.Status.CHECKING, ImportJob.Status.FAILED}),
    ImportJob.Status.CHECKING: frozenset({ImportJob.Status.IMPORTING, ImportJob.Status.FAILED}),
    ImportJob.Status.IMPORTING: frozenset({ImportJob.Status.DONE, ImportJob.Status.FAILED}),
    ImportJob.Status.DONE: frozenset(),
    ImportJob.Status.FAILED: frozenset(),
}
FAILED_UNEXPECTEDLY = "导入时发生意外错误，未导入任何记录。请联系系统管理员。"
FAILED_BUSY = "系统繁忙，未导入任何记录，请稍后重新上传。"


class JobRefused(Exception):
    """An import refused with a message for people (no permission, say); nothing imported."""


@dataclass(frozen=True)
class JobOutcome:
    """What a finished import reports: the sentence shown and the figures kept."""

    summary: str
    created: int
    figures: dict[str, Any]
    lock_seconds: float


# run(job, data, progress) -> JobOutcome; raises TableFileError (problems by row and column)
# or JobRefused, and imports nothing when it raises.
JobRunner = Callable[[ImportJob, bytes, Callable[[str, int, int], None]], JobOutcome]


def import_job_create(
    *, kind: str, agency, actor, upload: UploadedFile, start: Callable[[int], Any]
) -> ImportJob:
    """Store the uploaded file and queue its import: `start(job_id)` (the app's task) is
    called once the job is committed."""
    with transaction.atomic():
        job = ImportJob(
            kind=kind, agency=agency, actor=actor, filename=upload.name, size=upload.size
        )
        # A generated name: the clerk's file name is kept in `filename` only.
        suffix = Path(upload.name).suffix.lower()
        job.file.save(f"{uuid.uuid4().hex}{suffix}", upload, save=False)
        try:
            job.save()
        except BaseException:
            job.file.delete(save=False)
            raise
        transaction.on_commit(partial(start, job.pk))
    return job


def import_job_run(*, job_id: int, run: JobRunner) -> ImportJob | None:
    """Run a queued job once (a second delivery of the task finds it taken and does nothing):
    QUEUED → CHECKING → IMPORTING → DONE, or FAILED with the problems or a message. The
    stored file is deleted at the end either way."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.CHECKING, started_at=timezone.now(), updated_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("agency", "actor").get(pk=job_id)
    fields: dict[str, Any]
    try:
        with job.file.open("rb") as stored:
            data = stored.read()
        outcome = run(job, data, partial(_job_progress, job_id))
    except TableFileError as error:
        fields = {
            "status": ImportJob.Status.FAILED,
            "problems": [list(problem) for problem in error.problems],
            "problems_truncated": error.truncated,
            "message": "文件有误，未导入任何记录，请修改后重新上传。",
        }
    except JobRefused as error:
        fields = {"status": ImportJob.Status.FAILED, "message": str(error)}
    except DatabaseError as error:
        if busy_reason(error) is None:
            logger.exception("import job %s failed", job_id)
            fields = {"status": ImportJob.Status.FAILED, "message": FAILED_UNEXPECTEDLY}
        else:
            logger.warning("import job %s: database busy (%s)", job_id, busy_reason(error))
            fields = {"status": ImportJob.Status.FAILED, "message": FAILED_BUSY}
    except Exception:
        logger.exception("import job %s failed", job_id)
        fields = {"status": ImportJob.Status.FAILED, "message": FAILED_UNEXPECTEDLY}
    else:
        fields = {
            "status": ImportJob.Status.DONE,
            "rows_imported": outcome.created,
            "result": {"created": outcome.created, **outcome.figures},
            "message": outcome.summary,
            "lock_seconds": round(outcome.lock_seconds, 3),
        }
    finally:
        job.file.delete(save=False)
    _job_update(job_id, file="", finished_at=timezone.now(), **fields)
    job.refresh_from_db()
    return job


def _job_progress(job_id: int, phase: str, done: int, total: int) -> None:
    if phase == "checked":
        _job_update(job_id, status=ImportJob.Status.IMPORTING, rows_total=total, required=False)
    elif phase == "prepared":
        _job_update(job_id, rows_prepared=done, required=False)


def _job_update(job_id: int, *, required: bool = True, **fields: Any) -> None:
    """Write the job's progress. A progress line may be skipped when the database is busy;
    the job's end is written however long it takes (a few tries)."""
    status = fields.get("status")
    if status is not None:
        current = ImportJob.objects.filter(pk=job_id).values_list("status", flat=True).first()
        if current is None or status not in JOB_TRANSITIONS[current]:
            raise ValueError(f"import job {job_id}: {current} -> {status} is not allowed")
    for attempt in range(5 if required else 1):
        try:
            ImportJob.objects.filter(pk=job_id).update(updated_at=timezone.now(), **fields)
            return
        except DatabaseError as error:
            if busy_reason(error) is None or (required and attempt == 4):
                raise
            if not required:
                return


# A file younger than this may belong to a transaction still running.
ORPHAN_AGE = timedelta(hours=6)


def orphan_files_remove(
    *, folder: str, referenced: set[str], older_than: timedelta = ORPHAN_AGE
) -> int:
    """Delete the files under MEDIA_ROOT/`folder` that no record names and that are older
    than `older_than` (a file being saved right now is younger). Uploads are written inside
    the transaction that records them: a process killed before the commit leaves its file
    behind, and an identity proof must not outlive its case unrecorded. Returns the count."""
    from django.conf import settings

    root = Path(settings.MEDIA_ROOT)
    base = root / folder
    if not base.is_dir():
        return 0
    cutoff = timezone.now().timestamp() - older_than.total_seconds()
    removed = 0
    for path in base.rglob("*"):
        if not path.is_file() or path.stat().st_mtime > cutoff:
            continue
        if path.relative_to(root).as_posix() in referenced:
            continue
        path.unlink(missing_ok=True)
        removed += 1
    if removed:
        logger.warning("removed %d unreferenced files under %s", removed, folder)
    return removed
