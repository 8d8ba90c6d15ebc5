"""API: scoped reads (404 out of scope), imports, progress and judgements, target-date
changes, evidence downloads with a token, the schema."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.services import user_token_create
from saferelease.actionplans import services
from saferelease.actionplans.models import ActionPlan, Judgement, ProgressUpdate, TargetDateChange
from saferelease.actionplans.tests import evidence_files
from saferelease.actionplans.tests.documents import SEED, seed_revised
from saferelease.actionplans.tests.factories import (
    ActionPlanFactory,
    InspectionFactory,
    OwnerLineFactory,
    RecommendationFactory,
)
from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    return services.action_plan_import(actor=COMMAND_LINE, data=SEED, filename="littlehey.txt").plan


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
            "evidence_files": [SimpleUploadedFile("minutes.pdf", evidence_files.pdf())],
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


# --- target-date changes -----------------------------------------------------------------

TARGETS = "/api/v1/target-date-changes/"


@pytest.fixture
def five_six_line(plan):
    return plan.recommendations.get(ref="5.6").owner_lines.get()


def test_recommendation_shows_owner_line_ids_and_current_targets(api_client, governor, plan):
    five_six = plan.recommendations.get(ref="5.6")
    owners = api_client.get(f"/api/v1/recommendations/{five_six.pk}/").json()["owners"]
    line = five_six.owner_lines.get()
    assert [(o["id"], o["function"], o["target_date"]) for o in owners] == [
        (line.pk, "Head of Safer Custody", "2016-03-31")
    ]


def test_manager_changes_a_target_through_the_service(api_client, governor, five_six_line):
    response = api_client.post(
        TARGETS,
        {"owner_line": five_six_line.pk, "new_date": "2016-06-30", "reason": " Staff shortages "},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["new_date"] == "2016-06-30" and body["old_date"] == "2016-03-31"
    assert (body["owner_line"], body["recommendation"]) == (
        five_six_line.pk,
        five_six_line.recommendation_id,
    )
    assert (body["reason"], body["changed_by"]) == ("Staff shortages", governor.username)
    assert body["function"] == "Head of Safer Custody"
    assert dt.datetime.fromisoformat(body["changed_at"])
    change = TargetDateChange.objects.get()
    assert (change.old_date, change.new_date, change.reason, change.changed_by) == (
        dt.date(2016, 3, 31),
        dt.date(2016, 6, 30),
        "Staff shortages",
        governor,
    )
    five_six_line.refresh_from_db()
    assert five_six_line.target_date == dt.date(2016, 6, 30)
    created = AuditEntry.objects.get(object_type="actionplans.targetdatechange")
    assert (created.action, created.channel, created.actor, created.establishment_code) == (
        "create",
        "api",
        governor,
        "LTI",
    )
    assert created.path == TARGETS
    updated = AuditEntry.objects.get(object_type="actionplans.ownerline", action="update")
    assert updated.channel == "api"
    assert updated.changes["target_date"] == ["2016-03-31", "2016-06-30"]
    assert "Staff shortages" in updated.summary
    rec = api_client.get(f"/api/v1/recommendations/{five_six_line.recommendation_id}/").json()
    assert rec["owners"][0]["target_date"] == "2016-06-30"
    assert api_client.get(f"{TARGETS}{body['id']}/").json() == body


def test_target_history_keeps_every_change_newest_first(api_client, governor, five_six_line):
    for new_date, reason in [("2016-06-30", "Staff shortages"), ("2016-09-30", "Still short")]:
        response = api_client.post(
            TARGETS,
            {"owner_line": five_six_line.pk, "new_date": new_date, "reason": reason},
            format="json",
        )
        assert response.status_code == 201
    recommendation = five_six_line.recommendation_id
    for query in [f"recommendation={recommendation}", f"owner_line={five_six_line.pk}"]:
        listed = api_client.get(f"{TARGETS}?{query}").json()
        assert listed["count"] == 2, query
        assert [(c["old_date"], c["new_date"], c["reason"]) for c in listed["results"]] == [
            ("2016-06-30", "2016-09-30", "Still short"),
            ("2016-03-31", "2016-06-30", "Staff shortages"),
        ]
    other = five_six_line.recommendation.action_plan.recommendations.get(ref="5.1")
    assert api_client.get(f"{TARGETS}?recommendation={other.pk}").json()["count"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"new_date": "2016-06-30", "reason": "   "}, "reason"),
        ({"new_date": "2016-06-30", "reason": ""}, "reason"),
        ({"new_date": "2016-06-30"}, "reason"),
        ({"new_date": "30/06/2016", "reason": "Staff shortages"}, "new_date"),
        ({"new_date": "2016-02-30", "reason": "Staff shortages"}, "new_date"),
        ({"new_date": "", "reason": "Staff shortages"}, "new_date"),
        ({"reason": "Staff shortages"}, "new_date"),
        ({"new_date": "2016-03-31", "reason": "Same date"}, "new_date"),
    ],
)
def test_bad_target_change_is_400_and_saves_nothing(
    api_client, governor, five_six_line, payload, field
):
    before = AuditEntry.objects.count()
    response = api_client.post(TARGETS, {"owner_line": five_six_line.pk, **payload}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (400, "invalid")
    assert error["message"] == "The request has errors: see fields."
    assert list(error["fields"]) == [field]
    if field == "reason":
        assert error["fields"]["reason"] == ["Enter the reason for changing the target date"]
    assert TargetDateChange.objects.count() == 0
    five_six_line.refresh_from_db()
    assert five_six_line.target_date == dt.date(2016, 3, 31)
    assert AuditEntry.objects.count() == before


def test_target_change_without_an_owner_line_is_400(api_client, governor, plan):
    response = api_client.post(
        TARGETS, {"new_date": "2016-06-30", "reason": "Staff shortages"}, format="json"
    )
    assert response.status_code == 400
    assert "owner_line" in response.json()["error"]["fields"]


@pytest.mark.parametrize("role", ["caseworker", "inspector", "regional_manager"])
def test_target_change_needs_the_manage_capability(
    api_client, make_user, plan, five_six_line, role
):
    user = make_user(role, ("LTI",) if role == "caseworker" else ())
    api_client.force_authenticate(user)
    response = api_client.post(
        TARGETS,
        {"owner_line": five_six_line.pk, "new_date": "2016-06-30", "reason": "Staff shortages"},
        format="json",
    )
    assert response.status_code == 403
    error = response.json()["error"]
    assert (error["status"], error["code"]) == (403, "permission_denied")
    assert "change target dates" in error["message"]
    assert TargetDateChange.objects.count() == 0
    five_six_line.refresh_from_db()
    assert five_six_line.target_date == dt.date(2016, 3, 31)
    # They may still read the history.
    assert api_client.get(f"{TARGETS}?owner_line={five_six_line.pk}").status_code == 200


def test_target_changes_elsewhere_are_404(api_client, governor, plan, dartmoor_recommendation):
    line = OwnerLineFactory.create(recommendation=dartmoor_recommendation)
    change = services.target_date_change(
        actor=COMMAND_LINE, owner_line=line, new_date=dt.date(2016, 6, 30), reason="Fictional"
    )
    response = api_client.post(
        TARGETS,
        {"owner_line": line.pk, "new_date": "2016-09-30", "reason": "Staff shortages"},
        format="json",
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    for url in [
        f"{TARGETS}{change.pk}/",
        f"{TARGETS}?recommendation={dartmoor_recommendation.pk}",
        f"{TARGETS}?owner_line={line.pk}",
    ]:
        assert api_client.get(url).status_code == 404, url
    assert api_client.get(TARGETS).json()["count"] == 0
    line.refresh_from_db()
    assert line.target_date == dt.date(2016, 6, 30)
    assert TargetDateChange.objects.count() == 1


def test_target_change_of_a_recommendation_no_longer_in_the_plan_is_400(api_client, governor, plan):
    line = plan.recommendations.get(ref="5.64").owner_lines.first()
    services.action_plan_import(actor=governor, data=seed_revised(), filename="revised.txt")
    line.refresh_from_db()  # a revision keeps the owner lines of a removed recommendation
    assert not line.recommendation.in_current_plan
    before = line.target_date
    response = api_client.post(
        TARGETS,
        {"owner_line": line.pk, "new_date": "2016-09-30", "reason": "Staff shortages"},
        format="json",
    )
    assert response.status_code == 400
    message = response.json()["error"]["fields"]["__all__"][0]
    assert "no longer in the current action plan" in message
    assert not TargetDateChange.objects.filter(reason="Staff shortages").exists()
    line.refresh_from_db()
    assert line.target_date == before


# --- evidence downloads ------------------------------------------------------------------

PDF = evidence_files.pdf()


def _evidence(recommendation):
    update = services.progress_update_create(
        actor=COMMAND_LINE,
        recommendation=recommendation,
        date=dt.date(2016, 5, 1),
        status="in_progress",
        narrative="Fictional: training delivered.",
        evidence=[SimpleUploadedFile("minutes.pdf", PDF)],
        as_of=dt.date(2016, 5, 1),
    )
    return update.evidence_files.get()


@pytest.fixture
def token_user(make_user):
    return make_user("caseworker", ("LTI",), username="pom.token")


@pytest.fixture
def token_client(token_user):
    client = APIClient()
    client.credentials(
        HTTP_AUTHORIZATION=f"Token {user_token_create(actor=COMMAND_LINE, user=token_user)}"
    )
    return client


def test_progress_updates_give_the_api_download_url(api_client, governor, plan, media_root):
    evidence = _evidence(plan.recommendations.get(ref="5.6"))
    body = api_client.get(f"/api/v1/progress-updates/{evidence.progress_update_id}/").json()
    listed = body["evidence"][0]
    assert listed["download_url"] == f"/api/v1/evidence-files/{evidence.pk}/download/"
    assert listed["url"] == f"/inspections/evidence/{evidence.pk}/"
    detail = api_client.get(f"/api/v1/evidence-files/{evidence.pk}/").json()
    assert detail == listed
    assert (detail["original_name"], detail["size"]) == ("minutes.pdf", len(PDF))


def test_evidence_download_with_a_token_is_audited(token_client, token_user, plan, media_root):
    evidence = _evidence(plan.recommendations.get(ref="5.6"))
    url = f"/api/v1/evidence-files/{evidence.pk}/download/"
    response = token_client.get(url, HTTP_USER_AGENT="fictional-client/1.0")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="minutes.pdf"'
    entry = AuditEntry.objects.get(object_type="actionplans.evidencefile", action="view")
    assert (entry.actor, entry.channel, entry.establishment_code, entry.path) == (
        token_user,
        "api",
        "LTI",
        url,
    )
    assert (entry.object_id, entry.user_agent) == (str(evidence.pk), "fictional-client/1.0")
    assert "minutes.pdf" in entry.summary


def test_evidence_download_answers_whatever_the_client_accepts(token_client, plan, media_root):
    evidence = _evidence(plan.recommendations.get(ref="5.6"))
    url = f"/api/v1/evidence-files/{evidence.pk}/download/"
    response = token_client.get(url, HTTP_ACCEPT="application/pdf")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    missing = token_client.get("/api/v1/evidence-files/999999/download/", HTTP_ACCEPT="image/png")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/json"
    assert missing.json()["error"]["code"] == "not_found"


def test_evidence_elsewhere_is_404_and_not_audited(
    token_client, plan, dartmoor_recommendation, media_root
):
    evidence = _evidence(dartmoor_recommendation)
    for url in [
        f"/api/v1/evidence-files/{evidence.pk}/download/",
        f"/api/v1/evidence-files/{evidence.pk}/",
    ]:
        response = token_client.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"] == {
            "status": 404,
            "code": "not_found",
            "message": "Not found.",
        }
    assert not AuditEntry.objects.filter(action="view").exists()


def test_new_endpoints_need_authentication(plan, five_six_line, media_root):
    evidence = _evidence(plan.recommendations.get(ref="5.6"))
    anonymous = APIClient()
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    payload = {"owner_line": five_six_line.pk, "new_date": "2016-06-30", "reason": "x"}
    for client in [anonymous, bad_token]:
        for method, url in [
            ("get", f"/api/v1/evidence-files/{evidence.pk}/download/"),
            ("get", f"/api/v1/evidence-files/{evidence.pk}/"),
            ("get", TARGETS),
            ("post", TARGETS),
        ]:
            response = getattr(client, method)(url, payload if method == "post" else None)
            assert response.status_code == 401, (method, url)
            code = response.json()["error"]["code"]
            assert code in {"not_authenticated", "authentication_failed"}
    assert TargetDateChange.objects.count() == 0
    assert not AuditEntry.objects.filter(action="view").exists()


def test_schema_lists_the_target_and_evidence_endpoints(api_client, governor):
    schema = yaml.safe_load(api_client.get("/api/schema/").content)
    validate(schema)
    targets = schema["paths"]["/api/v1/target-date-changes/"]
    assert {"get", "post"} <= set(targets)
    assert "/api/v1/target-date-changes/{id}/" in schema["paths"]
    download = schema["paths"]["/api/v1/evidence-files/{id}/download/"]["get"]
    assert "application/octet-stream" in download["responses"]["200"]["content"]
    request = schema["components"]["schemas"]["NewTargetDateRequest"]
    assert set(request["required"]) == {"owner_line", "new_date", "reason"}


def test_a_target_change_may_name_the_lines_version_in_if_match(
    api_client, governor, five_six_line
):
    rec = api_client.get(f"/api/v1/recommendations/{five_six_line.recommendation_id}/").json()
    assert rec["owners"][0]["version"] == 1
    data = {"owner_line": five_six_line.pk, "new_date": "2016-06-30", "reason": "Staff shortages"}
    assert (
        api_client.post(TARGETS, data, format="json", headers={"If-Match": '"1"'}).status_code
        == 201
    )
    stale = api_client.post(
        TARGETS, {**data, "new_date": "2016-09-30"}, format="json", headers={"If-Match": '"1"'}
    )
    assert stale.status_code == 412
    assert stale.json()["error"]["code"] == "precondition_failed"
    assert stale["ETag"] == '"2"'
    assert TargetDateChange.objects.count() == 1
    five_six_line.refresh_from_db()
    assert (five_six_line.target_date, five_six_line.version) == (dt.date(2016, 6, 30), 2)
    schema = api_client.get("/api/schema/?format=json").json()
    post = schema["paths"]["/api/v1/target-date-changes/"]["post"]
    assert "412" in post["responses"]
    [if_match] = [p for p in post["parameters"] if p["name"] == "If-Match"]
    assert (if_match["in"], if_match.get("required", False)) == ("header", False)


def test_import_reports_warnings_and_strict_refuses(api_client, governor):
    unclear = SEED.replace(b"Report published\t31 July 2015", b"")
    preview = _import(api_client, data=unclear, dry_run="true")
    assert preview.status_code == 200
    assert preview.json()["warnings"] == [
        "report_published: the cover gives no report publication date"
    ]
    refused = _import(api_client, data=unclear, strict="true")
    assert refused.status_code == 400
    assert "report_published" in refused.json()["error"]["fields"]["file"][0]
    assert ActionPlan.objects.count() == 0
    given = _import(api_client, data=unclear, strict="true", report_published="2015-07-31")
    assert given.status_code == 201
