import datetime as dt

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
        "/api/v1/prisoners/A1111AA/",
        {"duty_to_refer_date": "2026-02-01"},
        format="json",
        headers={"If-Match": '"1"'},
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


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("within", "status", "count"),
    [
        ("", 200, 2),
        ("0", 200, 0),
        ("200", 200, 1),
        ("36500", 200, 2),
        ("36501", 400, None),
        ("11195152071949830144", 400, None),
        ("-1", 400, None),
        ("²", 400, None),
        ("ten", 400, None),
    ],
)
def test_caseload_release_within_days_is_a_bounded_whole_number(
    api_client, littlehey_pom, within, status, count
):
    """A window of days from 0 to 36,500 (a hundred years); beyond it the date arithmetic
    overflowed into a 500, found by the schema fuzzing."""
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 9, 1))
    make_prisoner(prison_number="A2222AA", crd=dt.date(2029, 9, 1), sed=dt.date(2031, 1, 1))
    api_client.force_authenticate(littlehey_pom)
    response = api_client.get(
        f"/api/v1/caseload/?establishment=LTI&as_of=2026-03-01&release_within_days={within}"
    )
    assert response.status_code == status
    if count is None:
        assert response.json()["error"]["fields"]["release_within_days"]
    else:
        assert response.json()["count"] == count


# --- ETag / If-Match ----------------------------------------------------------------------

URL = "/api/v1/prisoners/A1111AA/"


def _patch(api_client, data, if_match=None):
    headers = {"If-Match": if_match} if if_match is not None else {}
    return api_client.patch(URL, data, format="json", headers=headers)


@pytest.mark.django_db
def test_a_prisoner_answers_with_its_version_as_etag(api_client, littlehey_pom):
    make_prisoner(prison_number="A1111AA")
    api_client.force_authenticate(littlehey_pom)
    response = api_client.get(URL)
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1
    listed = api_client.get("/api/v1/prisoners/").json()["results"][0]
    assert listed["version"] == 1


@pytest.mark.django_db
def test_a_change_needs_if_match_428_and_saves_nothing(api_client, littlehey_pom):
    make_prisoner(prison_number="A1111AA", rosh="high")
    api_client.force_authenticate(littlehey_pom)
    for if_match in (None, "", "*"):
        response = _patch(api_client, {"rosh": "low"}, if_match)
        assert response.status_code == 428
        error = response.json()["error"]
        assert (error["status"], error["code"]) == (428, "precondition_required")
        assert "If-Match" in error["message"]
    assert api_client.get(URL).json()["rosh"] == "high"


@pytest.mark.django_db
def test_a_change_from_a_stale_etag_is_412_and_saves_nothing(api_client, littlehey_pom, make_user):
    make_prisoner(prison_number="A1111AA", rosh="high", oasys_completed_date=None)
    api_client.force_authenticate(littlehey_pom)
    etag = api_client.get(URL)["ETag"]
    first = _patch(api_client, {"oasys_completed_date": "2026-02-01"}, etag)
    assert first.status_code == 200
    assert first["ETag"] == '"2"'
    assert first.json()["oasys_completed_date"] == "2026-02-01"
    second = _patch(api_client, {"rosh": "low"}, etag)
    assert second.status_code == 412
    error = second.json()["error"]
    assert (error["status"], error["code"]) == (412, "precondition_failed")
    assert error["message"].startswith(
        f"This record was changed by {littlehey_pom.get_full_name()} at "
    )
    assert second["ETag"] == '"2"'
    body = api_client.get(URL).json()
    assert (body["rosh"], body["oasys_completed_date"], body["version"]) == (
        "high",
        "2026-02-01",
        2,
    )
    # With the current ETag the second change goes through, and only the field sent.
    third = _patch(api_client, {"rosh": "low"}, second["ETag"])
    assert third.status_code == 200
    assert (third.json()["rosh"], third.json()["oasys_completed_date"]) == ("low", "2026-02-01")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("if_match", "status"), [('W/"1"', 412), ('"one"', 412), ('"1", "2"', 400)]
)
def test_if_match_must_be_one_strong_etag(api_client, littlehey_pom, if_match, status):
    make_prisoner(prison_number="A1111AA", rosh="high")
    api_client.force_authenticate(littlehey_pom)
    response = _patch(api_client, {"rosh": "low"}, if_match)
    assert response.status_code == status
    assert response.json()["error"]["status"] == status
    assert api_client.get(URL).json()["rosh"] == "high"


@pytest.mark.django_db
def test_the_schema_documents_etag_if_match_412_and_428(api_client, littlehey_pom):
    api_client.force_authenticate(littlehey_pom)
    schema = api_client.get("/api/schema/?format=json").json()
    path = schema["paths"]["/api/v1/prisoners/{prison_number}/"]
    patch = path["patch"]
    [if_match] = [p for p in patch["parameters"] if p["name"] == "If-Match"]
    assert (if_match["in"], if_match["required"]) == ("header", True)
    assert {"200", "400", "403", "404", "412", "428"} <= set(patch["responses"])
    error = patch["responses"]["412"]["content"]["application/json"]["schema"]["$ref"]
    assert error.endswith("/Error")
    assert "ETag" in patch["responses"]["200"]["headers"]
    assert "ETag" in path["get"]["responses"]["200"]["headers"]
