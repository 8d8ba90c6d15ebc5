"""Jobs: started, run (eagerly here: no broker), progress, results, pages and scope."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from saferelease.accounts.tests.factories import MakeUser
from saferelease.audit.models import AuditEntry
from saferelease.jobs import services
from saferelease.jobs.models import Job, JobKind, JobStatus
from saferelease.jobs.selectors import scheduled_tasks
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db


def test_a_job_runs_to_the_end_with_progress_and_a_file(
    media_root: Any, django_capture_on_commit_callbacks: Any, make_user: MakeUser
) -> None:
    admin = make_user("admin", ())
    make_prisoner(prison_number="A1111AA")
    make_prisoner(prison_number="A2222AA", released_on=dt.date(2026, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(
            actor=admin,
            kind=JobKind.MILESTONES_EXPORT,
            parameters={"as_of": "2026-06-01", "establishment": "LTI"},
        )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.percent == 100 and job.done == job.total
    assert job.result_name == "deadlines-LTI-2026-06-01.csv"
    rows = list(csv.reader(io.StringIO((media_root / job.result_file).read_text())))
    assert rows[0][:2] == ["prison_number", "establishment"]
    assert {row[0] for row in rows[1:]} == {"A1111AA"}
    assert AuditEntry.objects.filter(object_type="jobs.job", action="create").count() == 1


def test_a_failing_job_ends_failed_with_its_reason(
    django_capture_on_commit_callbacks: Any, make_user: MakeUser, settings: Any
) -> None:
    settings.HMPPS_PRISONER_SEARCH_URL = ""
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(
            actor=make_user("admin", ()),
            kind=JobKind.PRISONER_SYNC,
            parameters={"establishment": "LTI"},
        )
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "Set HMPPS_PRISONER_SEARCH_URL" in job.message


def test_a_finished_job_is_not_run_again() -> None:
    job = Job.objects.create(
        kind=JobKind.DIGEST,
        status=JobStatus.SUCCEEDED,
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    assert services.run_job(job.pk).message == ""


def test_the_job_page_shows_progress_and_refreshes_without_javascript(
    client: Any, make_user: MakeUser
) -> None:
    owner = make_user("omu_manager")
    job = Job.objects.create(
        kind=JobKind.IRMT_PACK,
        status=JobStatus.RUNNING,
        requested_by=owner,
        done=1,
        total=4,
        detail="Drawing the PDF",
        parameters={"establishment": "LTI"},
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    client.force_login(owner)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert '<progress class="app-progress" max="100" value="25"' in page
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert "25% done: 1 of 4 (Drawing the PDF)" in page
    status = client.get(f"/jobs/{job.pk}/status.json").json()
    assert status["percent"] == 25 and status["finished"] is False
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, message="IRMT pack of 3 men")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "noscript" not in page.split("</head>")[0] or 'http-equiv="refresh"' not in page
    assert "IRMT pack of 3 men" in page


def test_someone_elses_job_is_not_found(client: Any, make_user: MakeUser) -> None:
    job = Job.objects.create(
        kind=JobKind.DIGEST,
        requested_by=make_user("omu_manager"),
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    client.force_login(make_user("omu_manager", username="other"))
    assert client.get(f"/jobs/{job.pk}/").status_code == 404
    assert client.get(f"/jobs/{job.pk}/status.json").status_code == 404
    assert client.get("/jobs/not-a-uuid/").status_code == 404


def test_the_schedule_is_installed_and_shown_to_administrators(
    client: Any, make_user: MakeUser
) -> None:
    names = {task.name: task for task in scheduled_tasks()}
    assert names["Nightly prisoner sync"].when == "Every day at 02:30 (Europe/London)"
    assert names["Daily POM digest"].task == "saferelease.jobs.daily_digest"
    client.force_login(make_user("omu_manager"))
    assert client.get("/jobs/").status_code == 403
    client.force_login(make_user("admin", (), username="admin1"))
    page = client.get("/jobs/").content.decode()
    assert "Nightly prisoner sync" in page and "Every day at 06:30 (Europe/London)" in page
    assert "No broker: jobs run in the web process" in page


def test_starting_an_irmt_pack_from_the_page(
    client: Any, make_user: MakeUser, media_root: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = make_user("omu_manager")
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/jobs/new/", {"kind": "irmt_pack", "establishment": "lti"})
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.status == JobStatus.SUCCEEDED, job.message
    download = client.get(f"/jobs/{job.pk}/download/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # Another establishment: out of scope.
    assert (
        client.post("/jobs/new/", {"kind": "irmt_pack", "establishment": "WTI"}).status_code == 404
    )
    # Only administrators start the other jobs.
    assert client.post("/jobs/new/", {"kind": "prisoner_sync"}).status_code == 403


def test_the_national_metrics_export(
    media_root: Any, django_capture_on_commit_callbacks: Any, make_user: MakeUser
) -> None:
    make_prisoner(prison_number="A1111AA")
    with django_capture_on_commit_callbacks(execute=True):
        job = services.job_start(
            actor=make_user("national_manager", ()),
            kind=JobKind.METRICS_EXPORT,
            parameters={"from": "2025-01-01", "to": "2025-12-31"},
        )
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert job.result_name == "metrics-all-2025-01-01-to-2025-12-31.xlsx"
    assert (media_root / job.result_file).read_bytes().startswith(b"PK")


def test_a_large_prisoner_file_is_imported_by_a_job(
    client: Any,
    make_user: MakeUser,
    media_root: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from saferelease.release_planning.models import Prisoner

    settings.SAFERELEASE_IMPORT_JOB_ROWS = 2
    client.force_login(make_user("omu_manager", ("LTI",), username="omu.lti"))
    text = (
        "prison_number,given_name,family_name,date_of_birth,establishment,reception_date,"
        "sentence_type\r\n"
        "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate\r\n"
        "B2222BB,Adam,Jones,1985-02-01,LTI,2024-01-10,recall\r\n"
    )
    upload = SimpleUploadedFile("men.csv", text.encode(), content_type="text/csv")
    assert client.post("/prisoners/import/", {"file": upload}).status_code == 302
    preview = client.get("/prisoners/import/preview/").content.decode()
    sha256 = preview.split('name="sha256" value="')[1].split('"')[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/prisoners/import/confirm/", {"sha256": sha256})
    job = Job.objects.get(kind=JobKind.PRISONER_IMPORT)
    assert response["Location"] == f"/jobs/{job.pk}/"
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED, job.message
    assert "2 created" in job.message
    assert set(Prisoner.objects.values_list("prison_number", flat=True)) == {"A1111AA", "B2222BB"}
    assert "2 created" in client.get(f"/jobs/{job.pk}/").content.decode()
