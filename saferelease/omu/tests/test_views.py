"""COM report request pages: list, record, change; scope and permissions."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment
from saferelease.omu.models import ComReportRequest
from saferelease.omu.tests.factories import make_com_report
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db


def test_list_shows_requests_with_their_status(client, littlehey_pom) -> None:
    prisoner = make_prisoner(prison_number="A1111AA", family_name="Quillfeather")
    make_com_report(prisoner, due_on=dt.date(2020, 1, 31), requested_on=dt.date(2020, 1, 1))
    client.force_login(littlehey_pom)
    response = client.get("/omu/com-reports/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "QUILLFEATHER" in text and "Overdue" in text and "31 January 2020" in text
    assert client.get("/omu/com-reports/?status=bogus").status_code == 200


def test_record_a_request_then_mark_it_received(client, littlehey_pom) -> None:
    make_prisoner(prison_number="A1111AA", com_team="Norfolk PDU")
    client.force_login(littlehey_pom)
    assert client.get("/omu/com-reports/new/?prisoner=A1111AA").status_code == 200
    response = client.post(
        "/omu/com-reports/new/",
        {
            "prison_number": "a1111aa",
            "kind": "risk_management_plan",
            "requested_on": "2/11/2026",
            "due_on": "2026-11-30",
        },
    )
    assert response.status_code == 302
    request = ComReportRequest.objects.get()
    assert (request.pdu, request.kind) == ("Norfolk PDU", "risk_management_plan")
    page = client.get(f"/omu/com-reports/{request.pk}/")
    assert page.status_code == 200
    assert AuditEntry.objects.filter(action="view", object_type="omu.comreportrequest").exists()
    response = client.post(
        f"/omu/com-reports/{request.pk}/",
        {
            "version": "1",
            "kind": "risk_management_plan",
            "pdu": "Norfolk PDU",
            "requested_on": "2/11/2026",
            "due_on": "30/11/2026",
            "received_on": "1/12/2026",
            "quality_acceptable": "yes",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.received_on, request.quality_acceptable, request.version) == (
        dt.date(2026, 12, 1),
        True,
        2,
    )


def test_bad_input_gets_messages_and_saves_nothing(client, littlehey_pom) -> None:
    make_prisoner(prison_number="A1111AA")
    make_prisoner(prison_number="B2222BB", establishment=Establishment.objects.get(code="SFI"))
    client.force_login(littlehey_pom)
    response = client.post(
        "/omu/com-reports/new/",
        {
            "prison_number": "B2222BB",
            "kind": "other",
            "requested_on": "2026-11-02",
            "due_on": "31/02/2026",
        },
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Date due must be a real date" in text
    response = client.post(
        "/omu/com-reports/new/",
        {
            "prison_number": "B2222BB",
            "kind": "parole",
            "requested_on": "2026-11-02",
            "due_on": "2026-11-20",
        },
    )
    assert "No prisoner with this number" in response.content.decode()
    response = client.post(
        "/omu/com-reports/new/",
        {
            "prison_number": "A1111AA",
            "kind": "other",
            "requested_on": "2026-11-02",
            "due_on": "2026-11-01",
        },
    )
    text = response.content.decode()
    assert "Enter what report was requested" in text
    assert "The due date must be on or after the date requested" in text
    assert not ComReportRequest.objects.exists()


def test_a_stale_edit_shows_the_conflict(client, littlehey_pom) -> None:
    request = make_com_report(make_prisoner(prison_number="A1111AA"))
    ComReportRequest.objects.filter(pk=request.pk).update(version=2, notes="Chased")
    client.force_login(littlehey_pom)
    response = client.post(
        f"/omu/com-reports/{request.pk}/",
        {"version": "1", "kind": "parole", "requested_on": "2026-10-01", "due_on": "2026-11-01"},
    )
    assert response.status_code == 200
    assert "while you were editing" in response.content.decode()
    request.refresh_from_db()
    assert request.kind == "pre_release"


def test_scope_and_roles(client, make_user) -> None:
    elsewhere = make_com_report(
        make_prisoner(prison_number="B2222BB", establishment=Establishment.objects.get(code="SFI"))
    )
    client.force_login(make_user("caseworker", ("LTI",)))
    assert client.get(f"/omu/com-reports/{elsewhere.pk}/").status_code == 404
    client.force_login(make_user("inspector", ()))
    assert client.get("/omu/com-reports/").status_code == 403
    client.force_login(make_user("governor", ("SFI",), username="gov.sfi"))
    assert client.get("/omu/com-reports/").status_code == 200
    assert client.get("/omu/com-reports/new/").status_code == 403
    assert client.get(f"/omu/com-reports/{elsewhere.pk}/").status_code == 403
    client.logout()
    assert client.get("/omu/com-reports/").status_code == 302
