"""The COM report request API: scoped, audited, ETag / If-Match, ISO dates."""

from __future__ import annotations

import pytest

from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment
from saferelease.omu.models import ComReportRequest
from saferelease.omu.tests.factories import make_com_report
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db
URL = "/api/v1/com-report-requests/"


def test_create_read_and_change(api_client, littlehey_pom) -> None:
    make_prisoner(prison_number="A1111AA")
    api_client.force_authenticate(littlehey_pom)
    created = api_client.post(
        URL,
        {
            "prison_number": "A1111AA",
            "kind": "parole",
            "pdu": "Norfolk PDU",
            "requested_on": "2026-10-01",
            "due_on": "2026-10-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["status"], body["due_on"], created["ETag"]) == ("overdue", "2026-10-31", '"1"')
    url = f"{URL}{body['id']}/"
    got = api_client.get(url)
    assert got["ETag"] == '"1"'
    assert AuditEntry.objects.filter(action="view", channel="api").count() == 1
    assert api_client.patch(url, {"received_on": "2026-10-30"}, format="json").status_code == 428
    changed = api_client.patch(
        url, {"received_on": "2026-10-30"}, format="json", headers={"If-Match": '"1"'}
    )
    assert changed.status_code == 200
    assert (changed.json()["status"], changed["ETag"]) == ("received_on_time", '"2"')
    stale = api_client.patch(url, {"notes": "x"}, format="json", headers={"If-Match": '"1"'})
    assert stale.status_code == 412
    listed = api_client.get(URL, {"status": "received_on_time"}).json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_bad_input_is_400_with_fields_and_nothing_saved(api_client, littlehey_pom) -> None:
    make_prisoner(prison_number="A1111AA")
    api_client.force_authenticate(littlehey_pom)
    response = api_client.post(
        URL,
        {
            "prison_number": "A1111AA",
            "kind": "parole",
            "requested_on": "2026-10-01",
            "due_on": "2026-09-01",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "due_on" in response.json()["error"]["fields"]
    response = api_client.post(URL, {"prison_number": "A1111AA", "kind": "x"}, format="json")
    assert response.status_code == 400
    assert not ComReportRequest.objects.exists()


def test_scope(api_client, littlehey_pom, make_user) -> None:
    elsewhere = make_com_report(
        make_prisoner(prison_number="B2222BB", establishment=Establishment.objects.get(code="SFI"))
    )
    api_client.force_authenticate(littlehey_pom)
    assert api_client.get(f"{URL}{elsewhere.pk}/").status_code == 404
    assert api_client.get(f"{URL}abc/").status_code == 404
    assert api_client.get(URL).json()["count"] == 0
    response = api_client.post(
        URL,
        {
            "prison_number": "B2222BB",
            "kind": "parole",
            "requested_on": "2026-10-01",
            "due_on": "2026-10-31",
        },
        format="json",
    )
    assert response.status_code == 404
    api_client.force_authenticate(make_user("governor", ("SFI",), username="gov.sfi"))
    assert api_client.get(URL).json()["count"] == 1
    response = api_client.patch(
        f"{URL}{elsewhere.pk}/", {"notes": "x"}, format="json", headers={"If-Match": '"1"'}
    )
    assert response.status_code == 403
