"""The default schedule, written into django-celery-beat's tables by a data migration and
by ``saferelease schedule`` (times in Europe/London; administrators change them in the
Django administration, and the jobs page shows them)."""

from __future__ import annotations

from typing import Any, Final

#: name: (task, hour, minute)
DEFAULT_SCHEDULE: Final = {
    "Nightly prisoner sync": ("saferelease.jobs.nightly_prisoner_sync", 2, 30),
    "Daily POM digest": ("saferelease.jobs.daily_digest", 6, 30),
    "Daily deadline results": ("saferelease.jobs.daily_deadline_results", 0, 5),
}
TIMEZONE: Final = "Europe/London"


def install_default_schedule(periodic_task: Any, crontab_schedule: Any) -> int:
    """Create the scheduled tasks that do not exist yet (by name); how many were made."""
    made = 0
    for name, (task, hour, minute) in DEFAULT_SCHEDULE.items():
        if periodic_task.objects.filter(name=name).exists():
            continue
        crontab, _ = crontab_schedule.objects.get_or_create(
            minute=str(minute),
            hour=str(hour),
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone=TIMEZONE,
        )
        periodic_task.objects.create(name=name, task=task, crontab=crontab, enabled=True)
        made += 1
    return made
