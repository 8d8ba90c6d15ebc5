"""Reads about jobs and the schedule."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import QuerySet

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, has
from saferelease.jobs.models import Job


def job_get(user: Actor, job_id: str) -> Job | None:
    """A job its requester (or an administrator) may see; ``None`` otherwise."""
    try:
        key = uuid.UUID(str(job_id))
    except ValueError:
        return None
    job = Job.objects.select_related("requested_by").filter(pk=key).first()
    if job is None:
        return None
    if has(user, Capability.ADMINISTER) or (
        job.requested_by_id is not None and job.requested_by_id == user.pk
    ):
        return job
    return None


def recent_jobs(limit: int = 20) -> QuerySet[Job]:
    return Job.objects.select_related("requested_by").order_by("-created_at")[:limit]


@dataclass(frozen=True)
class ScheduledTask:
    name: str
    task: str
    when: str
    enabled: bool
    last_run_at: Any
    total_run_count: int


def scheduled_tasks() -> list[ScheduledTask]:
    """The schedule Celery beat follows (django-celery-beat's periodic tasks)."""
    from django_celery_beat.models import PeriodicTask

    found = []
    for task in PeriodicTask.objects.select_related("crontab", "interval").order_by("name"):
        if task.name.startswith("celery."):
            continue
        schedule = task.crontab or task.interval or task.clocked or task.solar
        found.append(
            ScheduledTask(
                name=task.name,
                task=task.task,
                when=_describe(task.crontab) if task.crontab else str(schedule or ""),
                enabled=task.enabled,
                last_run_at=task.last_run_at,
                total_run_count=task.total_run_count,
            )
        )
    return found


def _describe(crontab: Any) -> str:
    minute, hour = str(crontab.minute), str(crontab.hour)
    days = str(crontab.day_of_week)
    if minute.isdigit() and hour.isdigit() and days == "*":
        return f"Every day at {int(hour):02d}:{int(minute):02d} ({crontab.timezone})"
    return f"{minute} {hour} {crontab.day_of_month} {crontab.month_of_year} {days} (cron)"


def broker_description() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "No broker: jobs run in the web process that starts them (embedded mode)"
    url = str(settings.CELERY_BROKER_URL)
    scheme = url.split("://", 1)[0]
    return f"{scheme} broker; a Celery worker runs the jobs and Celery beat sends the schedule"
