"""A long job's page: the progress bar moves and the result appears without reloading;
the schedule page for administrators; both checked with axe."""

from __future__ import annotations

import datetime as dt

import pytest
from django_celery_beat.models import CrontabSchedule, PeriodicTask
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.jobs.models import Job, JobKind, JobStatus
from saferelease.jobs.schedule import install_default_schedule

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_progress_updates_in_place_and_ends_with_a_link(
    live_server, page, sign_in, check_a11y, make_user, media_root
):
    admin = make_user("admin", (), username="admin.jobs")
    job = Job.objects.create(
        kind=JobKind.MILESTONES_EXPORT,
        status=JobStatus.RUNNING,
        requested_by=admin,
        done=0,
        total=4,
        parameters={"establishment": "LTI"},
        created_at=dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC),
    )
    sign_in(page, "admin.jobs", TEST_PASSWORD)
    page.goto(f"{live_server.url}/jobs/{job.pk}/")
    expect(page.get_by_text("0% done: 0 of 4")).to_be_visible()
    check_a11y(page, "job-running")
    loaded = page.evaluate("performance.timeOrigin")

    Job.objects.filter(pk=job.pk).update(done=3, detail="15,000 rows written")
    expect(page.get_by_text("75% done: 3 of 4 (15,000 rows written)")).to_be_visible()
    assert page.locator("progress.app-progress").get_attribute("value") == "75"

    path = media_root / "jobs" / str(job.pk) / "deadlines.csv"
    path.parent.mkdir(parents=True)
    path.write_text("prison_number\n")
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        done=4,
        message="4 deadlines of 1 man",
        result_file=f"jobs/{job.pk}/deadlines.csv",
        result_name="deadlines.csv",
    )
    expect(page.get_by_role("link", name="Download the result")).to_be_visible()
    expect(page.get_by_text("4 deadlines of 1 man")).to_be_visible()
    assert page.evaluate("performance.timeOrigin") == loaded  # never reloaded
    check_a11y(page, "job-finished")


def test_the_schedule_page(live_server, page, sign_in, check_a11y, make_user):
    install_default_schedule(PeriodicTask, CrontabSchedule)
    make_user("admin", (), username="admin.schedule")
    sign_in(page, "admin.schedule", TEST_PASSWORD)
    page.goto(f"{live_server.url}/jobs/")
    expect(page.get_by_role("cell", name="Every day at 02:30 (Europe/London)")).to_be_visible()
    check_a11y(page, "jobs-schedule")
