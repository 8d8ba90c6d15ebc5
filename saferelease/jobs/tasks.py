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


@shared_task(name="saferelease.jobs.daily_deadline_results", ignore_result=True)
def daily_deadline_results() -> None:
    """Scheduled, just after midnight: every man's deadline results stored again at today's
    date (dates roll over and release dates pass with no change to any record), so the
    deadline summaries count stored results (docs/adr/0016-stored-deadline-results.md)."""
    from saferelease.core import clock
    from saferelease.release_planning.services_results import deadline_results_rebuild

    deadline_results_rebuild(as_of=clock.today())


@shared_task(name="saferelease.jobs.ping", ignore_result=False)
def ping(value: str) -> str:
    """Answers its argument: shows that a worker takes tasks from the broker."""
    return f"pong {value}"
