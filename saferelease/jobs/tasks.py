"""Celery tasks: thin, each runs a job (docs/adr/0012-celery.md)."""

from __future__ import annotations

from celery import shared_task

from saferelease.accounts.actors import SCHEDULER
from saferelease.jobs import services
from saferelease.jobs.models import JobKind


@shared_task(name="saferelease.jobs.run_job", ignore_result=True)
def run_job(job_id: str) -> None:
    """Run a recorded job (queued by ``services.job_start``)."""
    services.run_job(job_id)


@shared_task(name="saferelease.jobs.nightly_prisoner_sync", ignore_result=True)
def nightly_prisoner_sync() -> None:
    """Scheduled: sync every active establishment from Prisoner Search."""
    job = services.job_start(actor=SCHEDULER, kind=JobKind.PRISONER_SYNC, queue=False)
    services.run_job(job.pk)


@shared_task(name="saferelease.jobs.daily_digest", ignore_result=True)
def daily_digest() -> None:
    """Scheduled: email each POM a digest of their due-soon and overdue deadlines."""
    job = services.job_start(actor=SCHEDULER, kind=JobKind.DIGEST, queue=False)
    services.run_job(job.pk)


@shared_task(name="saferelease.jobs.ping", ignore_result=False)
def ping(value: str) -> str:
    """Answers its argument: shows that a worker takes tasks from the broker."""
    return f"pong {value}"
