"""API of the inspection cycle: reports, reviews of progress, urgent notifications, lineage
and readiness; 401, 403, 404 and 400 with the error format; the OpenAPI schema."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from openapi_spec_validator import validate

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import services
from saferelease.actionplans.models import Recommendation, ReviewOfProgress, UrgentNotification
from saferelease.actionplans.tests.cycle_documents import REPORT_2015, REVIEW_2016
from saferelease.actionplans.tests.documents import SEED
from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(media_root):
    return media_root


@pytest.fixture
def inspector(make_user, api_client):
    user = make_user("inspector", (), username="inspector.api")
    api_client.force_authenticate(user)
    return user


def _import_report(api_client, **fields):
    return api_client.post(
        "/api/v1/inspection-reports/import/",
        {"file": SimpleUploadedFile("report.txt", REPORT_2015.encode()), **fields},
        format="multipart",
    )


def test_report_import(api_client, inspector):
    created = _import_report(api_client)
    assert created.status_code == 201
    body = created.json()
    assert (body["outcome"], body["establishment"], body["recommendations"]) == (
        "created",
        "LTI",
        4,
    )
    assert body["not_answered_by_plan"] == ["5.1", "5.6", "5.48", "5.99"]
    assert body["grades"]["rehabilitation_release_planning"] == 2
    again = _import_report(api_client)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    assert AuditEntry.objects.filter(action="import", channel="api").count() == 1


def test_recommendation_read_from_a_report_has_no_plan_or_decision(api_client, inspector):
    """Before a plan answers them, a report's recommendations have no plan and no
    decision: the API says null and "" (as its schema states), not a server error."""
    assert _import_report(api_client).status_code == 201
    recommendation = Recommendation.objects.get(ref="5.1")
    response = api_client.get(f"/api/v1/recommendations/{recommendation.pk}/")
    assert response.status_code == 200
    assert (response.json()["action_plan"], response.json()["decision"]) == (None, "")
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    fields = schema["components"]["schemas"]["Recommendation"]["properties"]
    assert fields["action_plan"]["nullable"] is True
    blank = {"$ref": "#/components/schemas/BlankEnum"}
    assert blank in fields["decision"]["oneOf"]
    assert schema["components"]["schemas"]["BlankEnum"]["enum"] == [""]


def test_report_import_errors(api_client, inspector, make_user):
    broken = api_client.post(
        "/api/v1/inspection-reports/import/",
        {"file": SimpleUploadedFile("r.txt", b"nothing")},
        format="multipart",
    )
    assert broken.status_code == 400
    assert "no recommendations" in broken.json()["error"]["fields"]["file"][0]
    api_client.force_authenticate(make_user("caseworker", ("LTI",)))
    assert _import_report(api_client).status_code == 403
    api_client.force_authenticate(make_user("governor", ("SFI",)))
    assert _import_report(api_client, establishment="LTI").status_code == 404
    api_client.force_authenticate(None)
    assert _import_report(api_client).status_code == 401


@pytest.fixture
def inspection(inspector, api_client):
    _import_report(api_client)
    return services.action_plan_import(
        actor=COMMAND_LINE, data=SEED, filename="seed.txt"
    ).plan.inspection


def test_review_create_list_detail(api_client, inspector, inspection):
    record = Recommendation.objects.get(report_ref="5.48")
    created = api_client.post(
        "/api/v1/reviews-of-progress/",
        {
            "inspection": inspection.pk,
            "start_date": "2016-05-09",
            "end_date": "2016-05-11",
            "inspectors": ["Fictional Inspector"],
            "findings": [
                {
                    "recommendation": record.pk,
                    "outcome": "insufficient_progress",
                    "words": "Fictional.",
                }
            ],
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["lines"] == [
        {
            "recommendation": record.pk,
            "ref": "5.47",
            "report_ref": "5.48",
            "claimed": "not_reported",
            "outcome": "insufficient_progress",
            "words": "Fictional.",
            "claim_not_borne_out": False,
        }
    ]
    listed = api_client.get("/api/v1/reviews-of-progress/?establishment=LTI").json()
    assert [review["id"] for review in listed["results"]] == [body["id"]]
    assert api_client.get(f"/api/v1/reviews-of-progress/{body['id']}/").json()["inspectors"] == [
        "Fictional Inspector"
    ]


def test_review_errors_and_permissions(api_client, inspector, inspection, make_user):
    record = Recommendation.objects.get(report_ref="5.48")
    payload = {
        "inspection": inspection.pk,
        "start_date": "2016-05-09",
        "inspectors": ["A"],
        "findings": [{"recommendation": record.pk, "outcome": "achieved"}],
    }
    refused = api_client.post("/api/v1/reviews-of-progress/", payload, format="json")
    assert refused.status_code == 400
    assert "findings" in refused.json()["error"]["fields"]
    api_client.force_authenticate(make_user("governor", ("LTI",)))
    payload["findings"][0]["outcome"] = "good_progress"
    assert (
        api_client.post("/api/v1/reviews-of-progress/", payload, format="json").status_code == 403
    )
    api_client.force_authenticate(make_user("governor", ("SFI",)))
    assert (
        api_client.post("/api/v1/reviews-of-progress/", payload, format="json").status_code == 404
    )
    assert ReviewOfProgress.objects.count() == 0


def test_review_import(api_client, inspector, inspection):
    response = api_client.post(
        "/api/v1/reviews-of-progress/import/",
        {
            "inspection": inspection.pk,
            "file": SimpleUploadedFile("review.txt", REVIEW_2016.encode()),
        },
        format="multipart",
    )
    assert response.status_code == 201
    assert {line["outcome"] for line in response.json()["lines"]} == {
        "good_progress",
        "insufficient_progress",
    }


def test_urgent_notifications(api_client, inspector, make_user):
    dartmoor = services.inspection_create(
        actor=COMMAND_LINE,
        establishment=Establishment.objects.get(code="DAI"),
        kind="full_unannounced",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 16),
        as_of=dt.date(2026, 10, 20),
    )
    created = api_client.post(
        "/api/v1/urgent-notifications/",
        {"inspection": dartmoor.pk, "issued_on": "2026-10-21", "concerns": ["Fictional one."]},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    late = api_client.get(f"/api/v1/urgent-notifications/{pk}/?as_of=2026-11-19").json()
    assert (late["response_due"], late["response_status"], late["days_left"]) == (
        "2026-11-18",
        "late",
        -1,
    )
    governor = make_user("governor", ("DAI",))
    api_client.force_authenticate(governor)
    answered = api_client.post(
        f"/api/v1/urgent-notifications/{pk}/response/",
        {"published_on": "2026-11-10", "summary": "Fictional response."},
        format="json",
    )
    assert answered.status_code == 200 and answered.json()["response_status"] == "responded"
    committed = api_client.post(
        f"/api/v1/urgent-notifications/{pk}/commitments/",
        {"text": "Fictional commitment.", "owner": "Governor", "target_date": "2026-12-01"},
        format="json",
    )
    assert committed.status_code == 201
    assert committed.json()["commitments"][0]["owner"] == "Governor"
    listed = api_client.get("/api/v1/urgent-notifications/?as_of=2026-12-02").json()
    assert listed[0]["commitments"][0]["overdue"] is True
    assert (
        api_client.post(
            "/api/v1/urgent-notifications/",
            {"inspection": dartmoor.pk, "issued_on": "2026-10-22", "concerns": ["X"]},
            format="json",
        ).status_code
        == 403
    )
    api_client.force_authenticate(make_user("governor", ("LTI",)))
    assert api_client.get(f"/api/v1/urgent-notifications/{pk}/").status_code == 404
    assert api_client.get("/api/v1/urgent-notifications/abc/").status_code == 404
    assert UrgentNotification.objects.count() == 1


def test_lineage_and_readiness(api_client, inspector, inspection, make_user):
    lineage = api_client.get("/api/v1/establishments/LTI/lineage/").json()
    assert lineage["establishment"] == "LTI"
    lines = {concern["line"] for concern in lineage["concerns"]}
    assert "raised 2015, plan did not answer it 2015" in lines
    readiness = api_client.get("/api/v1/readiness/?as_of=2016-06-01").json()
    assert readiness[0]["establishment"] == "LTI"
    assert readiness[0]["factors"][0]["name"] == ("Last rehabilitation and release planning grade")
    api_client.force_authenticate(make_user("governor", ("LTI",)))
    assert api_client.get("/api/v1/readiness/").status_code == 403
    api_client.force_authenticate(make_user("governor", ("SFI",)))
    assert api_client.get("/api/v1/establishments/LTI/lineage/").status_code == 404


def test_schema_lists_the_cycle_endpoints(api_client, inspector):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    validate(schema)
    for path in [
        "/api/v1/inspection-reports/import/",
        "/api/v1/reviews-of-progress/",
        "/api/v1/reviews-of-progress/{id}/",
        "/api/v1/reviews-of-progress/import/",
        "/api/v1/urgent-notifications/",
        "/api/v1/urgent-notifications/{id}/response/",
        "/api/v1/urgent-notifications/{id}/commitments/",
        "/api/v1/establishments/{code}/lineage/",
        "/api/v1/readiness/",
    ]:
        assert path in schema["paths"], path
