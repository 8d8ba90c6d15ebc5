import pytest

from saferelease.audit.models import AuditEntry
from saferelease.release_planning.tests.factories import make_prisoner


@pytest.mark.django_db
def test_prisoner_api_detail_is_audited_and_iso(api_client, littlehey_pom):
    make_prisoner(prison_number="A1111AA")
    api_client.force_authenticate(littlehey_pom)
    body = api_client.get("/api/v1/prisoners/A1111AA/").json()
    assert body["crd"] == "2026-09-01"
    assert body["establishment"] == "LTI"
    assert AuditEntry.objects.filter(action="view", channel="api").count() == 1


@pytest.mark.django_db
def test_deadlines_api(api_client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", mappa_category=1)
    api_client.force_authenticate(littlehey_pom)
    body = api_client.get("/api/v1/prisoners/A1111AA/deadlines/?as_of=2026-03-01").json()
    mappa = next(d for d in body if d["rule"] == "mappa-level-set")
    assert mappa["status"] == "due_soon"
    assert mappa["due_date"] == "2026-03-01"
    assert mappa["erd_source"] == "crd"
    bad = api_client.get("/api/v1/prisoners/A1111AA/deadlines/?as_of=tomorrow")
    assert bad.status_code == 400
    assert "as_of" in bad.json()["error"]["fields"]


@pytest.mark.django_db
def test_patch_updates_through_the_service(api_client, littlehey_pom, make_user):
    make_prisoner(prison_number="A1111AA")
    api_client.force_authenticate(littlehey_pom)
    response = api_client.patch(
        "/api/v1/prisoners/A1111AA/", {"duty_to_refer_date": "2026-02-01"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["duty_to_refer_date"] == "2026-02-01"
    api_client.force_authenticate(make_user("governor", ("LTI",), username="gov"))
    denied = api_client.patch("/api/v1/prisoners/A1111AA/", {"rosh": "low"}, format="json")
    assert denied.status_code == 403


@pytest.mark.django_db
def test_caseload_and_releases_api(api_client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", mappa_category=1)
    api_client.force_authenticate(littlehey_pom)
    caseload = api_client.get("/api/v1/caseload/?establishment=LTI&as_of=2026-03-01").json()
    assert caseload["count"] == 1
    assert caseload["results"][0]["earliest_release_date"] == "2026-09-01"
    board = api_client.get("/api/v1/releases/?establishment=LTI&as_of=2026-03-01").json()
    assert [m["month"] for m in board][:2] == ["2026-03", "2026-04"]
    assert api_client.get("/api/v1/caseload/?establishment=DAI").status_code == 404
