"""API: scoped reads (404 out of scope), imports, progress and judgements, the schema."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from openapi_spec_validator import validate

from saferelease.actionplans import services
from saferelease.actionplans.models import ActionPlan, Judgement, ProgressUpdate
from saferelease.actionplans.tests.documents import SEED, seed_revised
from saferelease.actionplans.tests.factories import (
    ActionPlanFactory,
    InspectionFactory,
    RecommendationFactory,
)
from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return services.action_plan_import(actor=None, data=SEED, filename="littlehey.txt").plan


@pytest.fixture
def dartmoor_recommendation():
    inspection = InspectionFactory.create(establishment=Establishment.objects.get(code="DAI"))
    return RecommendationFactory.create(action_plan=ActionPlanFactory.create(inspection=inspection))


@pytest.fixture
def governor(make_user, api_client):
    user = make_user("governor", ("LTI",))
    api_client.force_authenticate(user)
    return user


def test_lists_are_scoped(api_client, governor, plan, dartmoor_recommendation):
    assert api_client.get("/api/v1/inspections/").json()["count"] == 1
    plans = api_client.get("/api/v1/action-plans/").json()
    assert [p["establishment"] for p in plans["results"]] == ["LTI"]
    assert api_client.get("/api/v1/recommendations/").json()["count"] == 64


def test_littlehey_governor_gets_404_for_dartmoor(api_client, governor, dartmoor_recommendation):
    dartmoor_plan = dartmoor_recommendation.action_plan
    for url in [
        f"/api/v1/action-plans/{dartmoor_plan.pk}/",
        f"/api/v1/inspections/{dartmoor_plan.inspection.pk}/",
        f"/api/v1/recommendations/{dartmoor_recommendation.pk}/",
        "/api/v1/recommendations/?establishment=DAI",
        f"/api/v1/progress-updates/?recommendation={dartmoor_recommendation.pk}",
    ]:
        response = api_client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"


def test_plan_detail_has_reconciliation_and_counts(api_client, governor, plan):
    body = api_client.get(f"/api/v1/action-plans/{plan.pk}/?as_of=2016-05-01").json()
    assert body["submitted"] == "2015-10-16"
    assert body["reconciliation"]["consistent"] is False
    assert body["stated_summary"]["recommendations"]["total"] == 58
    counts = body["counts"]
    assert counts["recommendations"] == 64
    assert counts["decisions_overdue"] == 4  # decide-by 16 April 2016
    assert counts["by_decision"]["rejected"] == 3


def test_recommendation_detail_is_evaluated_as_of(api_client, governor, plan):
    five_six = plan.recommendations.get(ref="5.6")
    on_target = api_client.get(f"/api/v1/recommendations/{five_six.pk}/?as_of=2016-03-31").json()
    assert on_target["overdue"] is False
    assert on_target["owners"][0]["target_date"] == "2016-03-31"
    day_after = api_client.get(f"/api/v1/recommendations/{five_six.pk}/?as_of=2016-04-01").json()
    assert day_after["overdue"] is True and day_after["owners"][0]["overdue"] is True
    assert day_after["repeats"] == ["3.32"] and day_after["status"] == "not_reported"
    bad = api_client.get(f"/api/v1/recommendations/{five_six.pk}/?as_of=yesterday")
    assert bad.status_code == 400 and "as_of" in bad.json()["error"]["fields"]


def test_recommendation_list_filters(api_client, governor, plan):
    body = api_client.get(
        f"/api/v1/recommendations/?action_plan={plan.pk}&decision=rejected"
    ).json()
    assert body["count"] == 3


def test_create_progress_with_evidence(api_client, governor, plan):
    recommendation = plan.recommendations.get(ref="5.6")
    response = api_client.post(
        "/api/v1/progress-updates/",
        {
            "recommendation": recommendation.pk,
            "date": "2016-05-01",
            "status": "in_progress",
            "narrative": "Fictional: training delivered.",
            "evidence_files": [SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 fictional")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["author"] == governor.username
    assert body["evidence"][0]["original_name"] == "minutes.pdf"
    assert AuditEntry.objects.filter(
        object_type="actionplans.progressupdate", channel="api"
    ).exists()
    listed = api_client.get(f"/api/v1/progress-updates/?recommendation={recommendation.pk}").json()
    assert listed["count"] == 1
    assert api_client.get(f"/api/v1/progress-updates/{body['id']}/").status_code == 200


def test_create_progress_as_json_and_errors(api_client, governor, plan):
    recommendation = plan.recommendations.first()
    ok = api_client.post(
        "/api/v1/progress-updates/",
        {
            "recommendation": recommendation.pk,
            "date": "2016-05-01",
            "status": "complete",
            "narrative": "Done.",
        },
        format="json",
    )
    assert ok.status_code == 201
    future = api_client.post(
        "/api/v1/progress-updates/",
        {
            "recommendation": recommendation.pk,
            "date": "2999-01-01",
            "status": "complete",
            "narrative": "Done.",
        },
        format="json",
    )
    assert future.status_code == 400
    assert "date" in future.json()["error"]["fields"]
    assert ProgressUpdate.objects.count() == 1


def test_progress_for_an_out_of_scope_recommendation_is_404(
    api_client, governor, dartmoor_recommendation
):
    response = api_client.post(
        "/api/v1/progress-updates/",
        {
            "recommendation": dartmoor_recommendation.pk,
            "date": "2016-05-01",
            "status": "complete",
            "narrative": "x",
        },
        format="json",
    )
    assert response.status_code == 404


def test_judgements_only_by_inspectors(api_client, governor, make_user, plan):
    recommendation = plan.recommendations.first()
    payload = {
        "recommendation": recommendation.pk,
        "kind": "follow_up_inspection",
        "outcome": "achieved",
        "date": "2019-03-15",
    }
    refused = api_client.post("/api/v1/judgements/", payload, format="json")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "permission_denied"
    inspector = make_user("inspector", ())
    api_client.force_authenticate(inspector)
    created = api_client.post("/api/v1/judgements/", payload, format="json")
    assert created.status_code == 201
    assert created.json()["inspector"] == inspector.username
    wrong_scale = api_client.post(
        "/api/v1/judgements/", {**payload, "kind": "review_of_progress"}, format="json"
    )
    assert wrong_scale.status_code == 400
    assert "outcome" in wrong_scale.json()["error"]["fields"]
    assert Judgement.objects.count() == 1
    api_client.force_authenticate(governor)
    assert api_client.get("/api/v1/judgements/").json()["count"] == 1


def _import(api_client, data=SEED, name="littlehey.txt", **fields):
    return api_client.post(
        "/api/v1/action-plans/import/",
        {"file": SimpleUploadedFile(name, data), **fields},
        format="multipart",
    )


def test_import_is_idempotent_and_shows_revisions(api_client, governor):
    preview = _import(api_client, dry_run="true")
    assert preview.status_code == 200
    assert preview.json()["outcome"] == "preview"
    assert ActionPlan.objects.count() == 0
    created = _import(api_client)
    assert created.status_code == 201
    body = created.json()
    assert (body["outcome"], body["establishment"], body["items"]) == ("created", "LTI", 64)
    assert body["reconciliation"]["consistent"] is False
    again = _import(api_client)
    assert again.status_code == 200 and again.json()["outcome"] == "unchanged"
    revised = _import(api_client, data=seed_revised(), name="revised.txt")
    assert revised.json()["outcome"] == "updated"
    diff = revised.json()["diff"]
    assert diff["removed"] == ["5.64"]
    assert [c["ref"] for c in diff["changed"]] == ["5.1", "5.6"]
    assert AuditEntry.objects.filter(action="import", channel="api").count() == 2


def test_import_errors(api_client, governor, make_user):
    broken = _import(api_client, data=b"\x00\x01binary", name="plan.txt")
    assert broken.status_code == 400
    assert "plan.txt" in broken.json()["error"]["fields"]["file"][0]
    elsewhere = _import(api_client, establishment="DAI")
    assert elsewhere.status_code == 404
    api_client.force_authenticate(make_user("inspector", ()))
    assert _import(api_client).status_code == 403
    assert ActionPlan.objects.count() == 0


def test_schema_lists_the_action_plan_endpoints(api_client, governor):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    validate(schema)
    for path in [
        "/api/v1/inspections/",
        "/api/v1/action-plans/{id}/",
        "/api/v1/action-plans/import/",
        "/api/v1/recommendations/{id}/",
        "/api/v1/progress-updates/",
        "/api/v1/judgements/",
    ]:
        assert path in schema["paths"], path


def test_inspection_detail(api_client, governor, plan):
    body = api_client.get(f"/api/v1/inspections/{plan.inspection.pk}/").json()
    assert (body["kind"], body["start_date"], body["action_plan"]) == (
        "full_unannounced",
        "2015-03-02",
        plan.pk,
    )
    assert dt.date.fromisoformat(body["report_published"]) == dt.date(2015, 7, 31)
