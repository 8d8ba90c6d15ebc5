"""Starting long work, recording how far along it is, and finishing it.

``job_start`` records a job and hands it to Celery (after the caller's transaction
commits); ``run_job`` (the task's body) runs the job's runner with a progress callback
that writes at most a few updates a second; the job ends succeeded, with a message and
perhaps a file to download, or failed with the reason. Starting a job is audited.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any
from uuid import UUID

from django.db import transaction

from saferelease.accounts.actors import Actor
from saferelease.accounts.models import User
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.core import clock
from saferelease.jobs.models import Job, JobKind, JobStatus

logger = logging.getLogger(__name__)

#: Seconds between two progress writes (the last one is always written).
PROGRESS_INTERVAL = 0.5


class JobFailed(Exception):
    """A runner's way to end its job as failed, with a message for people."""


def job_start(
    *,
    actor: Actor,
    kind: JobKind,
    parameters: Mapping[str, Any] | None = None,
    queue: bool = True,
) -> Job:
    """Record a job and queue it (with no broker configured it runs before this returns,
    once the caller's transaction commits). ``queue=False`` only records it, for a caller
    that runs it itself (a scheduled task already on a worker)."""
    job = Job.objects.create(
        kind=kind,
        requested_by=actor if isinstance(actor, User) else None,
        parameters=dict(parameters or {}),
        created_at=clock.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type=Job._meta.label_lower,
        object_id=str(job.pk),
        object_repr=job.get_kind_display(),
        establishment_code=str(job.parameters.get("establishment", "")),
        changes={"parameters": [None, job.parameters]},
        summary=f"Started: {job.get_kind_display()}",
    )
    from saferelease.jobs.tasks import run_job

    if queue:
        transaction.on_commit(lambda: run_job.delay(str(job.pk)))
    return job


class Progress:
    """The progress callback a runner is given: ``progress(done, total, detail)``."""

    def __init__(self, job_id: UUID | str) -> None:
        self.job_id = job_id
        self._last = float("-inf")

    def __call__(self, done: int, total: int | None = None, detail: str = "") -> None:
        now = time.monotonic()
        final = total is not None and done >= total
        if not final and now - self._last < PROGRESS_INTERVAL:
            return
        self._last = now
        Job.objects.filter(pk=self.job_id).update(done=done, total=total, detail=detail[:200])


def run_job(job_id: UUID | str) -> Job:
    """Run a queued job to its end (a job already started or finished is left alone)."""
    from saferelease.jobs.runners import RUNNERS

    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=clock.now()
    )
    job = Job.objects.get(pk=job_id)
    if not claimed:
        return job
    try:
        outcome = RUNNERS[JobKind(job.kind)](job, Progress(job.pk))
    except JobFailed as failure:
        _finish(job, JobStatus.FAILED, str(failure))
    except Exception:
        logger.exception("job.crashed", extra={"job": str(job.pk), "kind": job.kind})
        _finish(job, JobStatus.FAILED, "The job stopped with an unexpected error; it is logged.")
    else:
        _finish(job, JobStatus.SUCCEEDED, outcome.message, outcome.file, outcome.name)
    job.refresh_from_db()
    return job


def _finish(
    job: Job, status: JobStatus, message: str, result_file: str = "", result_name: str = ""
) -> None:
    Job.objects.filter(pk=job.pk).update(
        status=status,
        message=message,
        result_file=result_file,
        result_name=result_name,
        finished_at=clock.now(),
    )
