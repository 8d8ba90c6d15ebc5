"""Services against the database: import (atomic, idempotent, revisions), tracking writes,
permissions and the audit trail."""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import services
from saferelease.actionplans.importing import ImportOptions
from saferelease.actionplans.models import (
    ActionPlan,
    EvidenceFile,
    Inspection,
    Judgement,
    OwnerLine,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
    TargetDateChange,
)
from saferelease.actionplans.tests import evidence_files
from saferelease.actionplans.tests.documents import SEED, littlehey_2019_docx, seed_revised
from saferelease.actionplans.tests.factories import OwnerLineFactory, RecommendationFactory
from saferelease.audit.models import AuditEntry
from saferelease.audit.services import snapshot
from saferelease.core.concurrency import StaleVersion

pytestmark = pytest.mark.django_db
TODAY = dt.date(2016, 6, 1)


@pytest.fixture
def governor(make_user):
    return make_user("governor", ("LTI",), username="governor.lti")


@pytest.fixture
def seed_plan(governor):
    return services.action_plan_import(actor=governor, data=SEED, filename="littlehey.txt").plan


def test_import_creates_the_inspection_plan_recommendations_and_owners(seed_plan, governor):
    inspection = seed_plan.inspection
    assert (inspection.establishment.code, inspection.kind) == ("LTI", "full_unannounced")
    assert (inspection.start_date, inspection.end_date, inspection.report_published) == (
        dt.date(2015, 3, 2),
        dt.date(2015, 3, 13),
        dt.date(2015, 7, 31),
    )
    assert seed_plan.submitted == dt.date(2015, 10, 16)
    assert seed_plan.position_as_at == "October 2015"
    assert seed_plan.imported_by == governor
    assert seed_plan.source_file.read() == SEED
    assert len(seed_plan.source_sha256) == 64
    assert seed_plan.stated_summary["recommendations"]["total"] == 58
    assert seed_plan.reconciliation["consistent"] is False
    assert len(seed_plan.differences) == 4
    assert seed_plan.recommendations.count() == 64
    five_six = seed_plan.recommendations.get(ref="5.6")
    assert (five_six.area, five_six.paragraph_refs, five_six.repeats) == (
        "Self-harm and suicide",
        ["1.21"],
        ["3.32"],
    )
    assert [(o.function, o.target_date) for o in five_six.owner_lines.all()] == [
        ("Head of Safer Custody", dt.date(2016, 3, 31))
    ]


def test_open_decisions_get_a_decide_by_six_months_after_submission(seed_plan):
    open_ones = seed_plan.recommendations.filter(
        decision__in=["partially_accepted", "accepted_subject_to_resources"]
    )
    assert open_ones.count() == 4
    assert {r.decide_by for r in open_ones} == {dt.date(2016, 4, 16)}
    assert (
        seed_plan.recommendations.filter(decision="accepted", decide_by__isnull=False).count() == 0
    )


def test_import_is_audited_with_channel_and_establishment(seed_plan):
    entries = AuditEntry.objects.filter(establishment_code="LTI")
    assert entries.filter(action="import").count() == 1
    assert entries.filter(action="create", object_type="actionplans.recommendation").count() == 64
    assert entries.filter(object_type="actionplans.actionplan", action="create").get().changes[
        "source_filename"
    ] == [None, "littlehey.txt"]


def test_importing_the_same_file_twice_changes_nothing(seed_plan, governor):
    audit_before = AuditEntry.objects.count()
    result = services.action_plan_import(actor=governor, data=SEED, filename="again.txt")
    assert result.outcome == "unchanged"
    assert result.plan == seed_plan
    assert "No changes" in result.message and "the same file" in result.message
    assert AuditEntry.objects.count() == audit_before
    assert (
        Inspection.objects.count(),
        ActionPlan.objects.count(),
        Recommendation.objects.count(),
    ) == (1, 1, 64)
    assert ActionPlan.objects.get().revision == 1


def test_same_content_in_another_file_is_also_no_change(seed_plan, governor):
    crlf = SEED.replace(b"\n", b"\r\n")
    result = services.action_plan_import(actor=governor, data=crlf, filename="copy.txt")
    assert result.outcome == "unchanged"
    assert "the same content" in result.message


def test_revised_plan_updates_by_ref_and_keeps_progress_and_judgements(
    seed_plan, governor, make_user
):
    five_six = seed_plan.recommendations.get(ref="5.6")
    five_sixty_four = seed_plan.recommendations.get(ref="5.64")
    services.progress_update_create(
        actor=governor,
        recommendation=five_six,
        date=dt.date(2016, 1, 10),
        status="in_progress",
        narrative="Fictional: ACCT training delivered to all wings.",
        as_of=TODAY,
    )
    inspector = make_user("inspector", ())
    services.judgement_record(
        actor=inspector,
        recommendation=five_sixty_four,
        kind="follow_up_inspection",
        outcome="not_achieved",
        date=dt.date(2016, 5, 1),
        as_of=TODAY,
    )
    result = services.action_plan_import(
        actor=governor, data=seed_revised(), filename="revised.txt"
    )
    assert result.outcome == "updated"
    assert result.message.endswith("0 added, 1 removed, 2 changed")
    plan = ActionPlan.objects.get()
    assert plan.revision == 2
    assert plan.source_filename == "revised.txt"
    five_six.refresh_from_db()
    assert five_six.owner_lines.get().target_date == dt.date(2016, 6, 30)
    change = TargetDateChange.objects.get()
    assert (change.old_date, change.new_date) == (dt.date(2016, 3, 31), dt.date(2016, 6, 30))
    assert change.reason == "Revised action plan imported (revised.txt)"
    assert five_six.progress_updates.count() == 1
    five_sixty_four.refresh_from_db()
    assert not five_sixty_four.in_current_plan
    assert five_sixty_four.judgements.count() == 1
    assert "Delivery began in every workshop" in plan.recommendations.get(ref="5.1").response
    assert Recommendation.objects.count() == 64


def test_revision_keeps_a_target_changed_in_the_app_when_the_document_leaves_it(
    seed_plan, governor
):
    five_one = seed_plan.recommendations.get(ref="5.1")
    line = five_one.owner_lines.get()
    services.target_date_change(
        actor=governor, owner_line=line, new_date=dt.date(2016, 5, 31), reason="Equipment delayed"
    )
    services.action_plan_import(actor=governor, data=seed_revised(), filename="revised.txt")
    line.refresh_from_db()
    assert line.target_date == dt.date(2016, 5, 31)  # 5.1's response changed, not its target


def test_removed_recommendation_comes_back_when_a_later_revision_lists_it(seed_plan, governor):
    services.action_plan_import(actor=governor, data=seed_revised(), filename="revised.txt")
    services.action_plan_import(actor=governor, data=SEED, filename="original.txt")
    assert seed_plan.recommendations.get(ref="5.64").in_current_plan


def test_import_is_atomic(governor):
    real = services._recommendation_create
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 10:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    with (
        mock.patch.object(services, "_recommendation_create", failing),
        pytest.raises(RuntimeError),
    ):
        services.action_plan_import(actor=governor, data=SEED, filename="seed.txt")
    assert (
        Inspection.objects.count(),
        ActionPlan.objects.count(),
        Recommendation.objects.count(),
    ) == (0, 0, 0)
    assert not AuditEntry.objects.filter(object_type__startswith="actionplans").exists()


def test_bad_input_saves_nothing(governor):
    broken = SEED.replace(b"31 March 2016", b"31 Febtember 2016", 1)
    with pytest.raises(ValidationError) as error:
        services.action_plan_import(actor=governor, data=broken, filename="broken.txt")
    assert "broken.txt: line" in error.value.message_dict["file"][0]
    assert "Febtember" in error.value.message_dict["file"][0]
    assert Inspection.objects.count() == 0


def test_later_plan_links_explicit_and_similar_repeats(seed_plan, governor):
    result = services.action_plan_import(
        actor=governor, data=littlehey_2019_docx(), filename="2019.docx"
    )
    later = result.plan.recommendations
    explicit = RecommendationLink.objects.get(recommendation=later.get(ref="2.14"))
    assert (explicit.kind, explicit.ref_as_written, explicit.earlier.ref) == (
        "explicit",
        "1.21",
        "5.6",
    )
    similar = RecommendationLink.objects.get(recommendation=later.get(ref="2.20"))
    assert (similar.kind, similar.earlier.ref) == ("similar", "5.10")
    assert similar.score == 100.0
    assert not RecommendationLink.objects.filter(recommendation=later.get(ref="2.31")).exists()
    # Linking is idempotent.
    assert services.recommendation_links_refresh(
        actor=COMMAND_LINE, establishment=seed_plan.inspection.establishment
    ) == (0, 0)


def test_import_with_establishment_and_dates_from_options(make_user):
    admin = make_user("admin", ())
    result = services.action_plan_import(
        actor=admin,
        data=littlehey_2019_docx(),
        filename="plan.docx",
        options=ImportOptions(establishment_code="DAI", report_published=dt.date(2019, 9, 1)),
    )
    assert result.plan.inspection.establishment.code == "DAI"
    assert result.plan.inspection.report_published == dt.date(2019, 9, 1)


# --- tracking writes ---------------------------------------------------------------------


def test_progress_update_with_evidence(governor):
    recommendation = RecommendationFactory.create()
    minutes = evidence_files.pdf()
    evidence = SimpleUploadedFile("minutes.pdf", minutes, "application/pdf")
    update = services.progress_update_create(
        actor=governor,
        recommendation=recommendation,
        date=dt.date(2016, 5, 1),
        status="complete",
        narrative="  Fictional: done.  ",
        evidence=[evidence],
        as_of=TODAY,
    )
    assert (update.status, update.narrative, update.author) == (
        "complete",
        "Fictional: done.",
        governor,
    )
    stored = EvidenceFile.objects.get()
    assert (stored.original_name, stored.content_type, stored.size) == (
        "minutes.pdf",
        "application/pdf",
        len(minutes),
    )
    assert stored.file.read() == minutes
    assert AuditEntry.objects.filter(object_type="actionplans.evidencefile").exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"date": dt.date(2016, 6, 2)}, "date"),
        ({"narrative": "   "}, "narrative"),
        ({"evidence": [SimpleUploadedFile("virus.exe", b"MZ")]}, "evidence"),
        ({"evidence": [SimpleUploadedFile("fake.pdf", b"<html>")]}, "evidence"),
    ],
)
def test_progress_update_refuses_bad_input(governor, kwargs, field):
    values: dict[str, Any] = {
        "date": dt.date(2016, 5, 1),
        "status": "in_progress",
        "narrative": "Fictional.",
    }
    values.update(kwargs)
    with pytest.raises(ValidationError) as error:
        services.progress_update_create(
            actor=governor, recommendation=RecommendationFactory.create(), as_of=TODAY, **values
        )
    assert field in error.value.message_dict
    assert ProgressUpdate.objects.count() == 0


@pytest.mark.parametrize("role", ["inspector", "caseworker", "national_manager"])
def test_only_managers_add_progress(make_user, role):
    with pytest.raises(PermissionDenied):
        services.progress_update_create(
            actor=make_user(role, ("LTI",)),
            recommendation=RecommendationFactory.create(),
            date=dt.date(2016, 5, 1),
            status="in_progress",
            narrative="Fictional.",
            as_of=TODAY,
        )


def test_target_change_without_a_reason_is_refused(governor):
    line = OwnerLineFactory.create()
    with pytest.raises(ValidationError) as error:
        services.target_date_change(
            actor=governor, owner_line=line, new_date=dt.date(2016, 9, 30), reason="  "
        )
    assert error.value.message_dict["reason"] == ["Enter the reason for changing the target date"]
    line.refresh_from_db()
    assert line.target_date == dt.date(2016, 3, 31)
    assert TargetDateChange.objects.count() == 0


def test_target_change_is_logged_and_audited(governor):
    line = OwnerLineFactory.create()
    change = services.target_date_change(
        actor=governor, owner_line=line, new_date=dt.date(2016, 9, 30), reason="Staff shortages"
    )
    line.refresh_from_db()
    assert (line.target_date, line.target_as_written) == (dt.date(2016, 9, 30), "30 September 2016")
    assert (change.old_date, change.new_date, change.reason, change.changed_by) == (
        dt.date(2016, 3, 31),
        dt.date(2016, 9, 30),
        "Staff shortages",
        governor,
    )
    entry = AuditEntry.objects.get(object_type="actionplans.ownerline", action="update")
    assert entry.changes["target_date"] == ["2016-03-31", "2016-09-30"]


def test_target_change_to_the_same_date_is_refused(governor):
    line = OwnerLineFactory.create()
    with pytest.raises(ValidationError):
        services.target_date_change(
            actor=governor, owner_line=line, new_date=dt.date(2016, 3, 31), reason="x"
        )


@pytest.mark.parametrize("role", ["governor", "admin", "omu_manager", "national_manager"])
def test_judgement_by_a_non_inspector_is_refused(make_user, role):
    with pytest.raises(PermissionDenied):
        services.judgement_record(
            actor=make_user(role, ("LTI",)),
            recommendation=RecommendationFactory.create(),
            kind="follow_up_inspection",
            outcome="achieved",
            date=dt.date(2016, 5, 1),
            as_of=TODAY,
        )
    assert Judgement.objects.count() == 0


def test_judgement_by_an_inspector(make_user):
    inspector = make_user("inspector", ())
    judgement = services.judgement_record(
        actor=inspector,
        recommendation=RecommendationFactory.create(),
        kind="review_of_progress",
        outcome="reasonable_progress",
        date=dt.date(2016, 5, 1),
        notes="Fictional notes.",
        as_of=TODAY,
    )
    assert (judgement.inspector, judgement.outcome) == (inspector, "reasonable_progress")


def test_judgement_outcome_must_match_its_kind(make_user):
    with pytest.raises(ValidationError) as error:
        services.judgement_record(
            actor=make_user("inspector", ()),
            recommendation=RecommendationFactory.create(),
            kind="review_of_progress",
            outcome="achieved",
            date=dt.date(2016, 5, 1),
            as_of=TODAY,
        )
    assert "outcome" in error.value.message_dict


def test_decide_by_only_for_open_decisions_and_resolution(governor):
    accepted = RecommendationFactory.create()
    with pytest.raises(ValidationError):
        services.recommendation_decide_by_update(
            actor=governor, recommendation=accepted, decide_by=dt.date(2016, 9, 1), as_of=TODAY
        )
    partial = RecommendationFactory.create(
        decision="partially_accepted", decide_by=dt.date(2016, 4, 16)
    )
    services.recommendation_decide_by_update(
        actor=governor,
        recommendation=partial,
        decide_by=dt.date(2016, 9, 1),
        resolved_on=dt.date(2016, 5, 20),
        resolution="Funding agreed for the rest.",
        as_of=TODAY,
    )
    partial.refresh_from_db()
    assert (partial.decide_by, partial.open_part_resolved_on) == (
        dt.date(2016, 9, 1),
        dt.date(2016, 5, 20),
    )


def test_metric_links(governor):
    recommendation = RecommendationFactory.create()
    link = services.recommendation_metric_add(
        actor=governor, recommendation=recommendation, metric_code=" OASYS_current_share "
    )
    assert link.metric_code == "oasys_current_share"
    with pytest.raises(ValidationError):
        services.recommendation_metric_add(
            actor=governor, recommendation=recommendation, metric_code="oasys_current_share"
        )
    with pytest.raises(ValidationError):
        services.recommendation_metric_add(
            actor=governor, recommendation=recommendation, metric_code="Not a code!"
        )
    services.recommendation_metric_remove(actor=governor, link=link)
    assert not recommendation.metrics.exists()
    assert AuditEntry.objects.filter(
        object_type="actionplans.recommendationmetric", action="delete"
    ).exists()


def test_governor_elsewhere_cannot_write_to_littlehey(make_user):
    dartmoor = make_user("governor", ("DAI",))
    from django.http import Http404

    with pytest.raises(Http404):
        services.target_date_change(
            actor=dartmoor,
            owner_line=OwnerLineFactory.create(),
            new_date=dt.date(2017, 1, 1),
            reason="x",
        )


def test_inspection_update_records_grades(make_user):
    from saferelease.actionplans.tests.factories import InspectionFactory

    inspection = InspectionFactory.create()
    services.inspection_update(
        actor=make_user("inspector", ()), inspection=inspection, grade_safety=2
    )
    inspection.refresh_from_db()
    assert inspection.grade_safety == 2
    with pytest.raises(PermissionDenied):
        services.inspection_update(
            actor=make_user("caseworker", ("LTI",)), inspection=inspection, grade_safety=3
        )
    assert OwnerLine.objects.count() == 0


# --- optimistic concurrency ----------------------------------------------------------------


def _stale_target(actor, line, version):
    return services.target_date_change(
        actor=actor,
        owner_line=line,
        new_date=dt.date(2016, 12, 31),
        reason="Fictional: a new head of safer custody",
        expected_version=version,
    )


def _stale_decide_by(actor, recommendation, version):
    return services.recommendation_decide_by_update(
        actor=actor,
        recommendation=recommendation,
        decide_by=dt.date(2016, 12, 1),
        as_of=TODAY,
        expected_version=version,
    )


def _stale_inspection(actor, inspection, version):
    return services.inspection_update(
        actor=actor, inspection=inspection, grade_safety=3, expected_version=version
    )


def _target_by_someone_else(actor, line):
    services.target_date_change(
        actor=actor, owner_line=line, new_date=dt.date(2016, 6, 30), reason="Staff shortages"
    )


def _decide_by_by_someone_else(actor, recommendation):
    services.recommendation_decide_by_update(
        actor=actor, recommendation=recommendation, decide_by=dt.date(2016, 10, 1), as_of=TODAY
    )


def _inspection_by_someone_else(actor, inspection):
    services.inspection_update(actor=actor, inspection=inspection, grade_respect=2)


@pytest.mark.parametrize(
    ("make", "meanwhile", "edit"),
    [
        (lambda: OwnerLineFactory.create(), _target_by_someone_else, _stale_target),
        (
            lambda: RecommendationFactory.create(decision="partially_accepted"),
            _decide_by_by_someone_else,
            _stale_decide_by,
        ),
        (
            lambda: RecommendationFactory.create().inspection,
            _inspection_by_someone_else,
            _stale_inspection,
        ),
    ],
    ids=["owner line target", "recommendation decide-by", "inspection grades"],
)
def test_an_edit_from_a_stale_version_saves_nothing(governor, make, meanwhile, edit):
    record = make()
    model = type(record)
    meanwhile(governor, model.objects.get(pk=record.pk))
    before = snapshot(model.objects.get(pk=record.pk))
    counts = (AuditEntry.objects.count(), TargetDateChange.objects.count())
    with pytest.raises(StaleVersion) as caught:
        edit(governor, record, 1)
    assert (caught.value.expected, caught.value.current.version) == (1, 2)
    assert snapshot(model.objects.get(pk=record.pk)) == before
    assert (AuditEntry.objects.count(), TargetDateChange.objects.count()) == counts
    edit(governor, record, 2)
    assert model.objects.get(pk=record.pk).version == 3


def test_a_target_change_records_the_target_it_replaced_even_from_an_old_copy(governor):
    line = OwnerLineFactory.create()
    old_copy = OwnerLine.objects.get(pk=line.pk)
    services.target_date_change(
        actor=governor, owner_line=line, new_date=dt.date(2016, 6, 30), reason="First"
    )
    second = services.target_date_change(
        actor=governor, owner_line=old_copy, new_date=dt.date(2016, 9, 30), reason="Second"
    )
    assert second.old_date == dt.date(2016, 6, 30)  # read under the lock, not from the copy
    assert OwnerLine.objects.get(pk=line.pk).version == 3


def test_a_revised_plan_raises_the_versions_of_what_it_changes(seed_plan, governor):
    services.action_plan_import(actor=governor, data=seed_revised(), filename="revised.txt")
    changed = set(seed_plan.recommendations.filter(version=2).values_list("ref", flat=True))
    assert changed == {"5.1", "5.64"}  # a reworded response; dropped from the plan
    assert set(seed_plan.recommendations.values_list("version", flat=True)) == {1, 2}
    line = seed_plan.recommendations.get(ref="5.6").owner_lines.get(
        function="Head of Safer Custody"
    )
    assert (line.target_date, line.version) == (dt.date(2016, 6, 30), 2)
