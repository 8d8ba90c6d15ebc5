"""The inspection cycle against the database: reports and plans as one record, reviews of
progress, urgent notifications, lineage, achievement and readiness; permissions, scoping and
the audit trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from saferelease.actionplans import selectors, selectors_cycle, services
from saferelease.actionplans.models import (
    Inspection,
    InspectionReport,
    Judgement,
    Recommendation,
    ReviewOfProgress,
)
from saferelease.actionplans.services_reports import ReportOptions, inspection_report_import
from saferelease.actionplans.services_reviews import (
    Finding,
    review_create,
    review_finding_record,
    review_import,
)
from saferelease.actionplans.services_urgent import (
    urgent_commitment_add,
    urgent_notification_record,
    urgent_response_record,
)
from saferelease.actionplans.tests.cycle_documents import REPORT_2015, REPORT_2023, REVIEW_2016
from saferelease.actionplans.tests.documents import SEED
from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment

pytestmark = pytest.mark.django_db
TODAY = dt.date(2016, 6, 1)


@pytest.fixture
def governor(make_user):
    return make_user("governor", ("LTI",), username="governor.lti")


@pytest.fixture
def inspector(make_user):
    return make_user("inspector", (), username="inspector.one")


def _report(actor, text=REPORT_2015, **options):
    return inspection_report_import(
        actor=actor, data=text.encode(), filename="report.txt", options=ReportOptions(**options)
    )


def _plan(actor):
    return services.action_plan_import(actor=actor, data=SEED, filename="littlehey.txt").plan


def _by_report_ref(inspection: Inspection) -> dict[str, Recommendation]:
    return {r.report_ref: r for r in inspection.recommendations.filter(in_report=True)}


# --- the report and the plan as one record ------------------------------------------------


def test_report_then_plan_gives_one_record_each(inspector, governor):
    result = _report(inspector)
    assert result.outcome == "created"
    inspection = result.inspection
    assert (inspection.kind, inspection.end_date, inspection.report_published) == (
        "full_unannounced",
        dt.date(2015, 3, 13),
        dt.date(2015, 7, 31),
    )
    assert inspection.grades == {
        "safety": 4,
        "respect": 3,
        "purposeful_activity": 3,
        "rehabilitation_release_planning": 2,
    }
    waiting = _by_report_ref(inspection)
    assert set(waiting) == {"5.1", "5.6", "5.48", "5.99"}
    assert all(r.action_plan_id is None and not r.in_current_plan for r in waiting.values())
    assert result.unanswered == ["5.1", "5.6", "5.48", "5.99"]

    plan = _plan(governor)
    assert plan.inspection == inspection
    records = _by_report_ref(inspection)
    assert {ref: r.pk for ref, r in records.items()} == {ref: r.pk for ref, r in waiting.items()}
    same, reworded, by_text, dropped = (records[k] for k in ("5.1", "5.6", "5.48", "5.99"))
    assert (same.ref, same.plan_match, same.reworded) == ("5.1", "ref", False)
    assert (reworded.ref, reworded.plan_match, reworded.reworded) == ("5.6", "ref", True)
    assert "a named care manager" in reworded.report_text
    assert "a named care manager" not in reworded.text
    assert (by_text.ref, by_text.plan_match) == ("5.47", "text")
    assert by_text.plan_match_score is not None and by_text.plan_match_score >= 85
    assert dropped.action_plan_id is None
    # The plan's 64 items: 3 answer the report; 61 are the plan's own.
    assert plan.recommendations.count() == 64
    assert inspection.recommendations.count() == 65
    states = {
        c.recommendation.report_ref: c.state
        for c in selectors_cycle.inspection_recommendations(inspection)
    }
    assert (states["5.1"], states["5.6"], states["5.48"], states["5.99"]) == (
        "same",
        "reworded",
        "same",
        "unanswered",
    )


def test_plan_then_report_finds_the_same_records(inspector, governor):
    plan = _plan(governor)
    before = set(plan.recommendations.values_list("pk", flat=True))
    result = _report(inspector)
    assert result.inspection == plan.inspection
    assert sorted(result.answered) == ["5.1", "5.48", "5.6"]
    assert result.unanswered == ["5.99"] and result.reworded == ["5.6"]
    answered = Recommendation.objects.filter(in_report=True, action_plan=plan)
    assert set(answered.values_list("pk", flat=True)) <= before
    assert "rewords 1" in result.message


def test_reimporting_the_same_report_changes_nothing(inspector):
    _report(inspector)
    count = AuditEntry.objects.count()
    again = _report(inspector)
    assert again.outcome == "unchanged"
    assert AuditEntry.objects.count() == count
    assert InspectionReport.objects.count() == 1


def test_report_import_is_audited(inspector):
    result = _report(inspector)
    entry = AuditEntry.objects.get(action="import", object_type="actionplans.inspectionreport")
    assert entry.establishment_code == "LTI"
    assert entry.summary == result.message
    assert (
        AuditEntry.objects.filter(object_type="actionplans.recommendation", action="create").count()
        == 4
    )


def test_report_import_refuses_and_saves_nothing(make_user, inspector):
    with pytest.raises(ValidationError) as caught:
        inspection_report_import(actor=inspector, data=b"no recommendations", filename="r.txt")
    assert "r.txt" in caught.value.message_dict["file"][0]
    with pytest.raises(ValidationError, match="matches no establishment"):
        _report(inspector, text=REPORT_2023)  # HMP Harlow Fen is not in the register
    caseworker = make_user("caseworker", ("LTI",))
    with pytest.raises(PermissionDenied):
        _report(caseworker)
    stafford_governor = make_user("governor", ("SFI",))
    with pytest.raises(Http404):
        _report(stafford_governor, establishment_code="LTI")
    assert Inspection.objects.count() == 0


def test_a_2022_report_with_an_establishment_chosen(inspector):
    result = _report(inspector, text=REPORT_2023, establishment_code="DAI")
    rows = result.inspection.recommendations.order_by("position")
    assert [(r.report_ref, r.kind, r.priority) for r in rows] == [
        ("1", "key_concern", True),
        ("2", "key_concern", True),
        ("3", "key_concern", False),
    ]
    assert rows[0].concern.startswith("Fictional: too many men")


def test_report_only_recommendations_stay_out_of_plan_tracking(inspector, governor):
    _report(inspector)
    assert selectors.recommendation_list(governor).count() == 0
    _plan(governor)
    # Tracked: the plan's 64; the report's unanswered recommendation is not tracked.
    assert selectors.recommendation_list(governor).count() == 64


# --- reviews of progress ------------------------------------------------------------------


@pytest.fixture
def littlehey(inspector, governor):
    _report(inspector)
    return _plan(governor).inspection


def test_review_with_judgements_drives_claimed_versus_verified(littlehey, inspector, governor):
    records = _by_report_ref(littlehey)
    services.progress_update_create(
        actor=governor,
        recommendation=records["5.48"],
        date=dt.date(2016, 1, 10),
        status="complete",
        narrative="Fictional: backlog cleared.",
        as_of=TODAY,
    )
    review = review_create(
        actor=inspector,
        inspection=littlehey,
        start_date=dt.date(2016, 5, 9),
        end_date=dt.date(2016, 5, 11),
        inspectors="Fictional Inspector One\nFictional Inspector Two",
        findings=[
            Finding(records["5.48"], "insufficient_progress", "Fictional: a third out of date."),
            Finding(records["5.1"], "good_progress"),
            Finding(records["5.99"], "no_meaningful_progress", "Fictional: nothing done."),
        ],
        as_of=TODAY,
    )
    assert review.inspector_names == ["Fictional Inspector One", "Fictional Inspector Two"]
    judgements = Judgement.objects.filter(review=review)
    assert judgements.count() == 3
    assert {j.date for j in judgements} == {dt.date(2016, 5, 11)}
    lines = {line.recommendation.report_ref: line for line in selectors_cycle.review_lines(review)}
    assert (lines["5.48"].claimed, lines["5.48"].contradicted) == ("complete", True)
    assert lines["5.1"].claimed == "not_reported" and not lines["5.1"].contradicted
    summary = selectors_cycle.review_summary(list(lines.values()))
    assert (summary.followed_up, summary.claimed_complete, summary.contradicted) == (3, 1, 1)
    # The plan's own counts now take the review as the independent side.
    _, total = selectors.dashboard(governor, as_of=TODAY)
    assert (total.cvv.verified, total.cvv.contradicted) == (1, 1)


def test_review_refusals_save_nothing(littlehey, inspector, governor, make_user):
    records = _by_report_ref(littlehey)
    base = {
        "inspection": littlehey,
        "start_date": dt.date(2016, 5, 9),
        "inspectors": "Fictional Inspector",
        "as_of": TODAY,
    }
    with pytest.raises(PermissionDenied):
        review_create(actor=governor, **base)
    with pytest.raises(ValidationError, match="no meaningful, insufficient"):
        review_create(actor=inspector, findings=[Finding(records["5.1"], "achieved")], **base)
    other = services.inspection_create(
        actor=inspector,
        establishment=Establishment.objects.get(code="DAI"),
        kind="full_announced",
        start_date=dt.date(2015, 6, 1),
        as_of=TODAY,
    )
    with pytest.raises(ValidationError, match="recommendations of its inspection"):
        review_create(
            actor=inspector,
            **{**base, "inspection": other},
            findings=[Finding(records["5.1"], "good_progress")],
        )
    with pytest.raises(ValidationError, match="taken place by today"):
        review_create(actor=inspector, **{**base, "start_date": dt.date(2016, 7, 1)})
    with pytest.raises(ValidationError, match="comes after the inspection"):
        review_create(actor=inspector, **{**base, "start_date": dt.date(2015, 3, 1)})
    with pytest.raises(ValidationError, match="judged twice"):
        review_create(
            actor=inspector,
            findings=[
                Finding(records["5.1"], "good_progress"),
                Finding(records["5.1"], "good_progress"),
            ],
            **base,
        )
    assert ReviewOfProgress.objects.count() == 0 and Judgement.objects.count() == 0


def test_a_finding_added_later_and_not_twice(littlehey, inspector):
    records = _by_report_ref(littlehey)
    review = review_create(
        actor=inspector,
        inspection=littlehey,
        start_date=dt.date(2016, 5, 9),
        inspectors="A",
        as_of=TODAY,
    )
    review_finding_record(
        actor=inspector,
        review=review,
        finding=Finding(records["5.1"], "reasonable_progress"),
        as_of=TODAY,
    )
    with pytest.raises(ValidationError, match=r"already judges 5\.1"):
        review_finding_record(
            actor=inspector,
            review=review,
            finding=Finding(records["5.1"], "good_progress"),
            as_of=TODAY,
        )


def test_review_import_matches_each_followed_up_recommendation(littlehey, inspector):
    review = review_import(
        actor=inspector,
        data=REVIEW_2016.encode(),
        filename="review.txt",
        inspection=littlehey,
        as_of=TODAY,
    )
    outcomes = {
        j.recommendation.ref: j.outcome for j in review.judgements.select_related("recommendation")
    }
    assert outcomes == {"5.1": "good_progress", "5.47": "insufficient_progress"}
    assert review.source_filename == "review.txt"
    assert AuditEntry.objects.filter(
        action="import", object_type="actionplans.reviewofprogress"
    ).exists()


def test_review_import_refuses_recommendations_not_held(inspector):
    result = _report(inspector)
    text = REVIEW_2016.replace(
        "Recommendation 5.47\nAll prisoners should have an up-to-date offender assessment (OASys).",
        "Recommendation 7.7\nFictional: something never recommended here at all.",
    )
    with pytest.raises(ValidationError, match="not held for the inspection"):
        review_import(
            actor=inspector,
            data=text.encode(),
            filename="r.txt",
            inspection=result.inspection,
            as_of=TODAY,
        )
    assert ReviewOfProgress.objects.count() == 0


# --- urgent notifications -----------------------------------------------------------------


@pytest.fixture
def dartmoor_inspection(inspector):
    return services.inspection_create(
        actor=inspector,
        establishment=Establishment.objects.get(code="DAI"),
        kind="full_unannounced",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 16),
        as_of=dt.date(2026, 10, 20),
    )


def test_urgent_notification_clock_response_and_commitments(
    dartmoor_inspection, inspector, make_user
):
    notification = urgent_notification_record(
        actor=inspector,
        inspection=dartmoor_inspection,
        issued_on=dt.date(2026, 10, 21),
        concerns="Fictional one.\n\nFictional two.",
        as_of=dt.date(2026, 10, 21),
    )
    assert notification.concern_list == ["Fictional one.", "Fictional two."]
    [row] = selectors_cycle.urgent_rows(inspector, as_of=dt.date(2026, 11, 19))
    assert (row.status, row.due, row.days_late) == ("late", dt.date(2026, 11, 18), 1)
    governor = make_user("governor", ("DAI",))
    with pytest.raises(ValidationError, match="Record the response before"):
        urgent_commitment_add(
            actor=governor, notification=notification, text="X", owner="Y", target_date=None
        )
    urgent_response_record(
        actor=governor,
        notification=notification,
        published_on=dt.date(2026, 11, 20),
        summary="Fictional response.",
        as_of=dt.date(2026, 11, 20),
    )
    commitment = urgent_commitment_add(
        actor=governor,
        notification=notification,
        text="Fictional: every man's address confirmed before release.",
        owner="Governor",
        target_date=dt.date(2026, 12, 1),
    )
    assert (commitment.ref, commitment.kind, commitment.decision) == (
        "UN1",
        "commitment",
        "accepted",
    )
    [row] = selectors_cycle.urgent_rows(governor, as_of=dt.date(2026, 12, 2))
    assert (row.status, row.commitments, row.commitments_overdue) == ("responded_late", 1, 1)
    # Commitments are tracked, but not as action-plan recommendations.
    assert selectors.recommendation_list(governor).count() == 0
    assert AuditEntry.objects.filter(object_type="actionplans.urgentnotification").count() == 2


def test_urgent_notification_permissions_and_scope(dartmoor_inspection, inspector, make_user):
    governor = make_user("governor", ("DAI",))
    with pytest.raises(PermissionDenied):
        urgent_notification_record(
            actor=governor,
            inspection=dartmoor_inspection,
            issued_on=dt.date(2026, 10, 21),
            concerns="X",
            as_of=dt.date(2026, 10, 21),
        )
    with pytest.raises(ValidationError, match="today or in the past"):
        urgent_notification_record(
            actor=inspector,
            inspection=dartmoor_inspection,
            issued_on=dt.date(2026, 10, 22),
            concerns="X",
            as_of=dt.date(2026, 10, 21),
        )
    notification = urgent_notification_record(
        actor=inspector,
        inspection=dartmoor_inspection,
        issued_on=dt.date(2026, 10, 21),
        concerns="X",
        as_of=dt.date(2026, 10, 21),
    )
    littlehey_governor = make_user("governor", ("LTI",))
    assert selectors_cycle.urgent_rows(littlehey_governor, as_of=dt.date(2026, 10, 21)) == []
    with pytest.raises(Http404):
        selectors_cycle.urgent_notification_get(littlehey_governor, notification.pk)
    with pytest.raises(Http404):
        urgent_response_record(
            actor=littlehey_governor,
            notification=notification,
            published_on=dt.date(2026, 10, 22),
            summary="X",
            as_of=dt.date(2026, 10, 22),
        )


# --- lineage, achievement and readiness ---------------------------------------------------


def test_lineage_and_achievement_across_two_inspections(littlehey, inspector, governor):
    records = _by_report_ref(littlehey)
    services.progress_update_create(
        actor=governor,
        recommendation=records["5.48"],
        date=dt.date(2016, 2, 1),
        status="complete",
        narrative="Fictional.",
        as_of=TODAY,
    )
    later = services.inspection_create(
        actor=inspector,
        establishment=littlehey.establishment,
        kind="full_unannounced",
        start_date=dt.date(2019, 3, 4),
        as_of=dt.date(2019, 3, 4),
    )
    for ref, outcome in (("5.48", "not_achieved"), ("5.1", "achieved")):
        services.judgement_record(
            actor=inspector,
            recommendation=records[ref],
            kind="follow_up_inspection",
            outcome=outcome,
            date=dt.date(2019, 3, 15),
            as_of=dt.date(2019, 4, 1),
        )
    review_create(
        actor=inspector,
        inspection=littlehey,
        start_date=dt.date(2020, 1, 14),
        inspectors="A",
        findings=[Finding(records["5.48"], "insufficient_progress")],
        as_of=dt.date(2020, 2, 1),
    )
    concerns = {
        c.recommendations[0].pk: c
        for c in selectors_cycle.concerns(inspector, littlehey.establishment)
    }
    assert concerns[records["5.48"].pk].text == (
        "raised 2015, plan said complete 2016, not achieved 2019, IRP insufficient progress 2020"
    )
    assert concerns[records["5.99"].pk].text == "raised 2015, plan did not answer it 2015"
    [achievement] = selectors_cycle.achievements(inspector, littlehey.establishment)
    assert achievement.next_inspection == later
    assert (achievement.figures.judged, achievement.figures.achieved) == (2, 1)
    # 5.47 by its progress update, and the 8 the plan itself marks "Completed".
    assert achievement.figures.claimed_complete == 9
    assert achievement.figures.total == 58  # 57 plan recommendations and the unanswered one


def test_readiness_facts_and_scope(littlehey, inspector, governor, make_user):
    records = _by_report_ref(littlehey)
    services.progress_update_create(
        actor=governor,
        recommendation=records["5.48"],
        date=dt.date(2016, 1, 10),
        status="complete",
        narrative="Fictional.",
        as_of=TODAY,
    )
    review_create(
        actor=inspector,
        inspection=littlehey,
        start_date=dt.date(2016, 5, 9),
        inspectors="A",
        findings=[Finding(records["5.48"], "insufficient_progress")],
        as_of=TODAY,
    )
    facts = selectors_cycle.readiness_facts(inspector, littlehey.establishment, as_of=TODAY)
    assert facts.last_grade == 2
    assert facts.tracked == 64
    assert (facts.review_followed_up, facts.review_insufficient) == (1, 1)
    assert facts.claims_not_borne_out == 1
    [row] = selectors_cycle.readiness(inspector, as_of=TODAY)
    assert row.establishment.code == "LTI" and row.forecast.score > 0
    stafford = make_user("governor", ("SFI",))
    assert selectors_cycle.readiness(stafford, as_of=TODAY) == []


def test_a_recorded_response_is_never_overwritten(dartmoor_inspection, inspector, make_user):
    notification = urgent_notification_record(
        actor=inspector,
        inspection=dartmoor_inspection,
        issued_on=dt.date(2026, 10, 21),
        concerns="Fictional.",
        as_of=dt.date(2026, 10, 21),
    )
    governor = make_user("governor", ("DAI",))
    stale_copy = type(notification).objects.get(pk=notification.pk)
    urgent_response_record(
        actor=governor,
        notification=notification,
        published_on=dt.date(2026, 11, 1),
        summary="First.",
        as_of=dt.date(2026, 11, 2),
    )
    with pytest.raises(ValidationError, match="already recorded"):
        urgent_response_record(
            actor=governor,
            notification=stale_copy,
            published_on=dt.date(2026, 11, 2),
            summary="Second.",
            as_of=dt.date(2026, 11, 2),
        )
    notification.refresh_from_db()
    assert notification.response_summary == "First."
