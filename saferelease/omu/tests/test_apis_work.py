"""The API for QA samples and reviews, supervision sessions, programmes and engagement
offers: scoped (404 elsewhere), audited, ETag / If-Match on edits, ISO dates."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from saferelease.audit.models import AuditEntry
from saferelease.core import clock
from saferelease.establishments.models import Establishment
from saferelease.omu import services
from saferelease.omu.models import (
    EngagementOffer,
    Programme,
    ProgrammeNeed,
    QaReview,
    SupervisionSession,
)
from saferelease.omu.rules import previous_month
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db


def _reads(summary: str) -> int:
    return AuditEntry.objects.filter(channel="api", summary__startswith=summary).count()


def test_qa_samples_and_reviews_list_detail_and_submit(api_client, make_user) -> None:
    head = make_user("omu_manager", ("LTI",), username="head.api")
    pom = make_user("caseworker", ("LTI",), username="pom.api")
    month = previous_month(clock.today())
    for index in range(5):
        make_prisoner(
            prison_number=f"A{index:04d}QA",
            oasys_completed_date=month + dt.timedelta(days=2),
            pom=pom,
        )
    sample, _ = services.qa_sample_draw(
        actor=head, establishment=head.establishments.get(), month=month, today=clock.today()
    )
    api_client.force_authenticate(head)
    samples = api_client.get("/api/v1/qa-samples/", {"establishment": "LTI"}).json()
    assert [s["id"] for s in samples["results"]] == [sample.pk]
    assert samples["results"][0]["month"] == month.isoformat()
    assert len(samples["results"][0]["reviews"]) == 5
    assert api_client.get(f"/api/v1/qa-samples/{sample.pk}/").status_code == 200
    listed = api_client.get("/api/v1/qa-reviews/", {"state": "due"}).json()
    assert listed["count"] == 5
    assert _reads("Listed QA reviews") == 1
    review = QaReview.objects.order_by("pk").first()
    assert review is not None
    url = f"/api/v1/qa-reviews/{review.pk}/"
    got = api_client.get(url)
    assert (got.status_code, got["ETag"], got.json()["state"]) == (200, '"1"', "Due")
    items = services.qa_checklist_ensure(head.establishments.get())
    body = {
        "completed_on": clock.today().isoformat(),
        "summary": "Thorough",
        "ratings": [
            {"item": item.pk, "rating": "not_met" if n == 0 else "met", "comment": ""}
            for n, item in enumerate(items)
        ],
    }
    assert api_client.post(f"{url}submit/", body, format="json").status_code == 428
    done = api_client.post(f"{url}submit/", body, format="json", headers={"If-Match": '"1"'})
    assert done.status_code == 200, done.json()
    answer = done.json()
    assert (answer["state"], answer["meets_standard"], done["ETag"]) == (
        "Completed on time",
        False,
        '"2"',
    )
    stale = api_client.post(f"{url}submit/", body, format="json", headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    missing = api_client.post(
        f"{url}submit/", {**body, "ratings": []}, format="json", headers={"If-Match": '"2"'}
    )
    assert missing.status_code == 400
    # The author may not review his own assessment.
    api_client.force_authenticate(pom)
    assert (
        api_client.post(f"{url}submit/", body, format="json", headers={"If-Match": '"2"'})
    ).status_code == 403
    # Elsewhere: 404.
    api_client.force_authenticate(make_user("omu_manager", ("SFI",), username="head.sfi"))
    assert api_client.get(url).status_code == 404
    assert api_client.get(f"/api/v1/qa-samples/{sample.pk}/").status_code == 404
    assert api_client.get("/api/v1/qa-reviews/").json()["count"] == 0
    # Inspectors never see prisoners' records.
    api_client.force_authenticate(make_user("inspector", (), username="inspector.api"))
    assert api_client.get("/api/v1/qa-reviews/").status_code == 403


def test_supervision_sessions_create_and_edit(api_client, make_user) -> None:
    head = make_user("omu_manager", ("LTI",), username="head.api")
    make_user("caseworker", ("LTI",), username="pom.api")
    api_client.force_authenticate(head)
    day = (clock.today() - dt.timedelta(days=5)).isoformat()
    created = api_client.post(
        "/api/v1/supervision-sessions/",
        {"establishment": "LTI", "pom": "pom.api", "supervisor": "head.api", "held_on": day},
        format="json",
    )
    assert created.status_code == 201, created.json()
    assert (created.json()["held_on"], created["ETag"]) == (day, '"1"')
    url = f"/api/v1/supervision-sessions/{created.json()['id']}/"
    assert api_client.patch(url, {"notes": "x"}, format="json").status_code == 428
    changed = api_client.patch(
        url, {"notes": "Caseload"}, format="json", headers={"If-Match": '"1"'}
    )
    assert (changed.status_code, changed["ETag"]) == (200, '"2"')
    assert SupervisionSession.objects.get().notes == "Caseload"
    assert (
        api_client.patch(url, {"notes": "y"}, format="json", headers={"If-Match": '"1"'})
    ).status_code == 412
    same = api_client.patch(
        url, {"supervisor": "pom.api"}, format="json", headers={"If-Match": '"2"'}
    )
    assert same.status_code == 400
    stranger = api_client.post(
        "/api/v1/supervision-sessions/",
        {"establishment": "LTI", "pom": "nobody", "supervisor": "head.api", "held_on": day},
        format="json",
    )
    assert stranger.status_code == 400
    # Each field's errors are a list of strings, as the error format's schema says.
    assert stranger.json()["error"]["fields"] == {
        "pom": ["No member of staff with this username here"]
    }
    assert api_client.get("/api/v1/supervision-sessions/").json()["count"] == 1
    assert _reads("Listed supervision sessions") == 1
    api_client.force_authenticate(make_user("omu_manager", ("SFI",), username="head.sfi"))
    assert api_client.get(url).status_code == 404
    refused = api_client.post(
        "/api/v1/supervision-sessions/",
        {"establishment": "LTI", "pom": "pom.api", "supervisor": "head.api", "held_on": day},
        format="json",
    )
    assert refused.status_code == 404
    api_client.force_authenticate(make_user("governor", ("LTI",), username="gov.api"))
    assert api_client.get(url).status_code == 200
    assert (
        api_client.patch(url, {"notes": "z"}, format="json", headers={"If-Match": '"2"'})
    ).status_code == 403


def test_programmes_with_counts_and_the_waiting_list(api_client, make_user) -> None:
    head = make_user("omu_manager", ("LTI",), username="head.api")
    lti = Establishment.objects.get(code="LTI")
    programme = Programme.objects.create(establishment=lti, name="Horizon", places_per_year=1)
    today = clock.today()
    soon = make_prisoner(prison_number="A0001PP", crd=today + dt.timedelta(days=30))
    later = make_prisoner(prison_number="A0002PP", crd=today + dt.timedelta(days=200))
    for man in (later, soon):
        ProgrammeNeed.objects.create(programme=programme, prisoner=man, assessed_on=today)
    api_client.force_authenticate(head)
    listed = api_client.get("/api/v1/programmes/").json()
    assert listed["results"] == [
        {
            "id": programme.pk,
            "establishment": "LTI",
            "name": "Horizon",
            "places_per_year": 1,
            "waiting": 2,
            "released_before_start": 1,
        }
    ]
    waiting = api_client.get(f"/api/v1/programmes/{programme.pk}/waiting-list/").json()
    assert [m["prison_number"] for m in waiting["results"]] == ["A0001PP", "A0002PP"]
    assert [m["released_before_start"] for m in waiting["results"]] == [False, True]
    assert waiting["results"][1]["expected_start"] == (today + dt.timedelta(days=365)).isoformat()
    assert _reads("Listed the waiting list") == 1
    # Record that the first man started: he leaves the waiting list.
    need_url = f"/api/v1/programme-needs/{waiting['results'][0]['need']}/"
    assert api_client.get(need_url)["ETag"] == '"1"'
    start = {"started_on": today.isoformat()}
    assert api_client.patch(need_url, start, format="json").status_code == 428
    started = api_client.patch(need_url, start, format="json", headers={"If-Match": '"1"'})
    assert (started.status_code, started.json()["started_on"]) == (200, today.isoformat())
    assert (
        api_client.patch(need_url, start, format="json", headers={"If-Match": '"1"'})
    ).status_code == 412
    after = api_client.get(f"/api/v1/programmes/{programme.pk}/waiting-list/").json()
    assert [m["prison_number"] for m in after["results"]] == ["A0002PP"]
    api_client.force_authenticate(make_user("omu_manager", ("SFI",), username="head.sfi"))
    assert api_client.get(f"/api/v1/programmes/{programme.pk}/waiting-list/").status_code == 404
    assert api_client.get(need_url).status_code == 404
    assert api_client.get("/api/v1/programmes/", {"establishment": "LTI"}).status_code == 404
    assert api_client.get("/api/v1/programmes/").json()["count"] == 0


def test_engagement_offers_create_list_and_edit(api_client, littlehey_pom, make_user) -> None:
    make_prisoner(prison_number="A1111MI", maintains_innocence=True)
    api_client.force_authenticate(littlehey_pom)
    day = (clock.today() - dt.timedelta(days=3)).isoformat()
    created = api_client.post(
        "/api/v1/engagement-offers/",
        {
            "prison_number": "A1111MI",
            "intervention": "Group work",
            "offered_on": day,
            "outcome": "declined",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/v1/engagement-offers/{created.json()['id']}/"
    assert api_client.get(url)["ETag"] == '"1"'
    assert api_client.patch(url, {"outcome": "taken_up"}, format="json").status_code == 428
    changed = api_client.patch(
        url, {"outcome": "taken_up"}, format="json", headers={"If-Match": '"1"'}
    )
    assert (changed.status_code, changed.json()["outcome"], changed["ETag"]) == (
        200,
        "taken_up",
        '"2"',
    )
    future = (clock.today() + dt.timedelta(days=3)).isoformat()
    bad = api_client.patch(url, {"offered_on": future}, format="json", headers={"If-Match": '"2"'})
    assert bad.status_code == 400
    assert EngagementOffer.objects.get().offered_on.isoformat() == day
    listed = api_client.get("/api/v1/engagement-offers/", {"prison_number": "a1111mi"}).json()
    assert listed["count"] == 1
    assert _reads("Listed engagement offers") == 1
    api_client.force_authenticate(make_user("caseworker", ("SFI",), username="pom.sfi"))
    assert api_client.get(url).status_code == 404
    assert (
        api_client.patch(url, {"outcome": "declined"}, format="json", headers={"If-Match": '"2"'})
    ).status_code == 404


def test_the_schema_lists_the_new_endpoints(api_client, make_user) -> None:
    api_client.force_authenticate(make_user("admin", (), username="admin.schema"))
    schema = api_client.get("/api/schema/", {"format": "json"}).content.decode()
    for path in (
        "/api/v1/qa-samples/",
        "/api/v1/qa-reviews/{id}/submit/",
        "/api/v1/supervision-sessions/{id}/",
        "/api/v1/programmes/{id}/waiting-list/",
        "/api/v1/programme-needs/{id}/",
        "/api/v1/engagement-offers/{id}/",
    ):
        assert path in schema, path


def test_schema_says_meets_standard_is_null_until_rated(api_client, make_user) -> None:
    """A review with nothing rated answers ``meets_standard: null``; the schema says so
    (it said a plain boolean, found by the schema fuzzing)."""
    api_client.force_authenticate(make_user("omu_manager", ("LTI",), username="head.schema"))
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    meets = schema["components"]["schemas"]["QaReview"]["properties"]["meets_standard"]
    assert (meets["type"], meets.get("nullable")) == ("boolean", True)
