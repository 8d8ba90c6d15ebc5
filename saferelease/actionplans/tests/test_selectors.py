"""Reads are scoped through the establishments selector; tracking applies the rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import selectors, services
from saferelease.actionplans.tests.documents import SEED, littlehey_2019_docx
from saferelease.actionplans.tests.factories import (
    ActionPlanFactory,
    InspectionFactory,
    JudgementFactory,
    OwnerLineFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)
from saferelease.establishments.models import Establishment

pytestmark = pytest.mark.django_db


@pytest.fixture
def dartmoor_plan():
    inspection = InspectionFactory.create(establishment=Establishment.objects.get(code="DAI"))
    plan = ActionPlanFactory.create(inspection=inspection)
    RecommendationFactory.create(action_plan=plan)
    return plan


def test_littlehey_governor_cannot_see_a_dartmoor_plan(make_user, dartmoor_plan):
    governor = make_user("governor", ("LTI",))
    with pytest.raises(Http404):
        selectors.action_plan_get(governor, dartmoor_plan.pk)
    with pytest.raises(Http404):
        selectors.inspection_get(governor, dartmoor_plan.inspection.pk)
    with pytest.raises(Http404):
        selectors.recommendation_get(governor, dartmoor_plan.recommendations.get().pk)
    assert not selectors.action_plan_list(governor).exists()
    assert not selectors.recommendation_list(governor).exists()


def test_dartmoor_governor_and_inspector_see_it(make_user, dartmoor_plan):
    assert (
        selectors.action_plan_get(make_user("governor", ("DAI",)), dartmoor_plan.pk)
        == dartmoor_plan
    )
    inspector = make_user("inspector", ())
    assert selectors.action_plan_get(inspector, dartmoor_plan.pk) == dartmoor_plan
    assert selectors.recommendation_list(inspector).count() == 1


def test_unknown_ids_are_404(make_user):
    with pytest.raises(Http404):
        selectors.recommendation_get(make_user("admin", ()), 999)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("HMP LITTLEHEY", "LTI"),
        ("HMP Littlehey", "LTI"),
        ("Littlehey", "LTI"),
        ("HMP & YOI Altcourse", "ACI"),
        ("HMYOI Aylesbury", "AYI"),
    ],
)
def test_establishment_named_in_a_document_is_matched(name, code):
    matched = selectors.establishment_match(COMMAND_LINE, name)
    assert matched is not None and matched.code == code


def test_establishment_match_is_scoped_and_needs_one_answer(make_user):
    assert selectors.establishment_match(make_user("governor", ("DAI",)), "HMP Littlehey") is None
    assert selectors.establishment_match(COMMAND_LINE, "HMP Nowhere") is None
    assert selectors.establishment_match(COMMAND_LINE, None) is None


def test_tracking_overdue_status_and_stale():
    recommendation = RecommendationFactory.create(decision="accepted")
    OwnerLineFactory.create(recommendation=recommendation, target_date=dt.date(2016, 3, 31))
    ProgressUpdateFactory.create(
        recommendation=recommendation, date=dt.date(2016, 1, 15), status="in_progress"
    )
    row = selectors.recommendation_tracking(
        tracked_again(recommendation), as_of=dt.date(2016, 4, 1)
    )
    assert row.status == "in_progress"
    assert row.latest_update_on == dt.date(2016, 1, 15)
    assert row.overdue and row.overdue_lines == 1
    assert not row.stale  # 77 days
    later = selectors.recommendation_tracking(
        tracked_again(recommendation), as_of=dt.date(2016, 4, 15)
    )
    assert later.stale  # 91 days


def tracked_again(recommendation):
    """Re-read through the selector, which annotates the latest update and judgement."""
    return selectors.recommendation_list(_admin(), current_only=False).get(pk=recommendation.pk)


def _admin():
    from saferelease.accounts.tests.factories import UserFactory

    return UserFactory(role="admin", username="admin.selectors")


def test_complete_update_stops_overdue_and_stale():
    recommendation = RecommendationFactory.create()
    OwnerLineFactory.create(recommendation=recommendation, target_date=dt.date(2016, 3, 31))
    ProgressUpdateFactory.create(
        recommendation=recommendation, date=dt.date(2016, 2, 1), status="complete"
    )
    row = selectors.recommendation_tracking(
        tracked_again(recommendation), as_of=dt.date(2017, 1, 1)
    )
    assert (row.status, row.overdue, row.stale) == ("complete", False, False)


def test_counts_and_claimed_versus_verified():
    plan = ActionPlanFactory.create()
    claimed_and_achieved = RecommendationFactory.create(action_plan=plan)
    ProgressUpdateFactory.create(recommendation=claimed_and_achieved, status="complete")
    JudgementFactory.create(recommendation=claimed_and_achieved, outcome="achieved")
    claimed_not_achieved = RecommendationFactory.create(action_plan=plan)
    ProgressUpdateFactory.create(recommendation=claimed_not_achieved, status="complete")
    JudgementFactory.create(recommendation=claimed_not_achieved, outcome="not_achieved")
    RecommendationFactory.create(
        action_plan=plan, decision="partially_accepted", decide_by=dt.date(2016, 4, 16)
    )
    housekeeping = RecommendationFactory.create(action_plan=plan, kind="housekeeping")
    ProgressUpdateFactory.create(recommendation=housekeeping, status="complete")
    rows = selectors.tracking_rows(
        selectors.recommendation_list(_admin(), action_plan=plan), as_of=dt.date(2016, 5, 1)
    )
    counts = selectors.tracking_counts(rows, stale_days=90)
    assert counts.recommendations == 4
    assert (counts.decisions_pending, counts.decisions_overdue) == (1, 1)
    assert (counts.cvv.total, counts.cvv.claimed_complete, counts.cvv.judged_achieved) == (3, 2, 1)
    assert round(counts.cvv.gap or 0, 3) == 0.333
    assert counts.by_status["complete"] == 3


def test_filter_and_sort():
    plan = ActionPlanFactory.create()
    first = RecommendationFactory.create(action_plan=plan, area="Safety", position=1)
    OwnerLineFactory.create(
        recommendation=first, function="Head of Safety", target_date=dt.date(2016, 1, 1)
    )
    second = RecommendationFactory.create(
        action_plan=plan, area="Respect", position=2, decision="rejected"
    )
    OwnerLineFactory.create(
        recommendation=second, function="Governor", target_date=None, target_as_written=""
    )
    rows = selectors.tracking_rows(
        selectors.recommendation_list(_admin(), action_plan=plan), as_of=dt.date(2016, 5, 1)
    )

    def refs(**filters):
        return [
            r.recommendation.ref
            for r in selectors.tracking_filter(rows, selectors.TrackingFilters(**filters))
        ]

    assert refs() == [first.ref, second.ref]
    assert refs(sort="area") == [second.ref, first.ref]
    assert refs(sort="ref", descending=True) == [second.ref, first.ref]
    assert refs(overdue="yes") == [first.ref]
    assert refs(decision="rejected") == [second.ref]
    assert refs(owner="Governor") == [second.ref]
    assert refs(area="Safety") == [first.ref]
    summary = selectors.tracking_summary(rows)
    assert {line.label for line in summary["owner"]} == {"Head of Safety", "Governor"}
    assert selectors.filter_choices(rows) == {
        "owners": ["Governor", "Head of Safety"],
        "areas": ["Respect", "Safety"],
    }


def test_dashboard_per_establishment_is_scoped(make_user, dartmoor_plan):
    RecommendationFactory.create()  # a Littlehey plan
    per_establishment, total = selectors.dashboard(
        make_user("governor", ("LTI",)), as_of=dt.date(2016, 5, 1)
    )
    assert [row.establishment.code for row in per_establishment] == ["LTI"]
    assert total.recommendations == 1
    per_establishment, total = selectors.dashboard(
        make_user("inspector", ()), as_of=dt.date(2016, 5, 1)
    )
    assert [row.establishment.code for row in per_establishment] == ["DAI", "LTI"]
    assert total.recommendations == 2


def test_lineage_first_raised_then_raised_again(make_user):
    services.action_plan_import(actor=COMMAND_LINE, data=SEED, filename="2015.txt")
    later = services.action_plan_import(
        actor=COMMAND_LINE, data=littlehey_2019_docx(), filename="2019.docx"
    ).plan
    governor = make_user("governor", ("LTI",))
    repeat = later.recommendations.get(ref="2.14")
    chain = selectors.lineage(governor, repeat)
    assert [r.ref for r in chain] == ["5.6", "2.14"]
    assert selectors.lineage_sentence(chain) == "First raised 2015 (5.6), raised again 2019 (2.14)"
    original = chain[0]
    assert [r.ref for r in selectors.lineage(governor, original)] == ["5.6", "2.14"]
    links = selectors.recommendation_links(original)
    assert links["unresolved"] == ["3.32"]  # the 2012 plan is not held
    assert [link.recommendation.ref for link in links["later"]] == ["2.14"]


def test_reconciliation_table_shows_stated_and_found():
    plan = services.action_plan_import(actor=COMMAND_LINE, data=SEED, filename="2015.txt").plan
    lines = {(line.group, line.category): line for line in selectors.reconciliation_table(plan)}
    total = lines[("Recommendations", "Total")]
    assert (total.stated, total.found, total.differs) == (58, 57, True)
    accepted = lines[("Recommendations", "Accepted")]
    assert (accepted.stated, accepted.found, accepted.differs) == (50, 50, False)
    assert lines[("Housekeeping points", "Accepted")].found == 7


def test_timeline_newest_first(make_user):
    recommendation = RecommendationFactory.create()
    ProgressUpdateFactory.create(recommendation=recommendation, date=dt.date(2016, 1, 1))
    JudgementFactory.create(recommendation=recommendation, date=dt.date(2019, 3, 15))
    entries = selectors.timeline(recommendation)
    assert [e.kind for e in entries] == ["judgement", "progress"]
    assert tracked_again(RecommendationFactory.create()).latest_update_on is None
