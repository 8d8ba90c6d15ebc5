"""SP1: a plan superseded by a later inspection's plan is marked so everywhere plans are
listed, and left out of current totals (selectors, pages, API, exports)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from saferelease.actionplans import selectors, selectors_home
from saferelease.actionplans.tests.factories import (
    ActionPlanFactory,
    InspectionFactory,
    OwnerLineFactory,
    RecommendationFactory,
)
from saferelease.establishments.models import Establishment

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 12, 4)


@pytest.fixture
def littlehey():
    """Littlehey: a 2015 plan (two overdue recommendations) superseded by a 2025 plan (one
    recommendation, not overdue); Dartmoor: one plan, current."""
    lti = Establishment.objects.get(code="LTI")
    old = ActionPlanFactory.create(
        inspection=InspectionFactory.create(establishment=lti, start_date=dt.date(2015, 3, 2))
    )
    new = ActionPlanFactory.create(
        inspection=InspectionFactory.create(establishment=lti, start_date=dt.date(2025, 9, 8))
    )
    for _ in range(2):
        OwnerLineFactory.create(
            recommendation=RecommendationFactory.create(action_plan=old),
            target_date=dt.date(2016, 3, 31),
        )
    OwnerLineFactory.create(
        recommendation=RecommendationFactory.create(action_plan=new),
        target_date=dt.date(2027, 3, 31),
    )
    dartmoor = ActionPlanFactory.create(
        inspection=InspectionFactory.create(
            establishment=Establishment.objects.get(code="DAI"), start_date=dt.date(2015, 3, 2)
        )
    )
    return {"old": old, "new": new, "dartmoor": dartmoor}


def test_SP1_a_plan_followed_by_a_later_plan_is_superseded(make_user, littlehey):
    governor = make_user("governor", ("LTI", "DAI"))
    plans = {plan.pk: plan for plan in selectors.action_plan_list(governor)}
    old = plans[littlehey["old"].pk]
    assert not old.is_current
    assert vars(old)["superseded_by_plan_id"] == littlehey["new"].pk
    assert vars(old)["superseded_by_start"] == dt.date(2025, 9, 8)
    assert plans[littlehey["new"].pk].is_current
    # Another establishment's later plan supersedes nothing here.
    assert plans[littlehey["dartmoor"].pk].is_current


def test_SP1_the_next_later_plan_is_named_not_the_latest(make_user, littlehey):
    lti = Establishment.objects.get(code="LTI")
    middle = ActionPlanFactory.create(
        inspection=InspectionFactory.create(establishment=lti, start_date=dt.date(2019, 1, 7))
    )
    old = selectors.action_plan_get(make_user("admin", ()), littlehey["old"].pk)
    assert vars(old)["superseded_by_plan_id"] == middle.pk


def test_SP1_an_inspection_without_a_plan_supersedes_nothing(make_user, littlehey):
    InspectionFactory.create(
        establishment=Establishment.objects.get(code="LTI"), start_date=dt.date(2026, 6, 1)
    )
    new = selectors.action_plan_get(make_user("admin", ()), littlehey["new"].pk)
    assert new.is_current


def test_current_filter_and_the_home_pages_current_plan_agree(make_user, littlehey):
    governor = make_user("governor", ("LTI",))
    lti = Establishment.objects.get(code="LTI")
    assert list(selectors.action_plan_list(governor, current=True)) == [littlehey["new"]]
    assert list(selectors.action_plan_list(governor, current=False)) == [littlehey["old"]]
    assert selectors_home.current_plan(governor, lti) == littlehey["new"]


def test_dashboard_totals_leave_superseded_plans_out(make_user, littlehey):
    governor = make_user("governor", ("LTI",))
    rows, total = selectors.dashboard(governor, as_of=AS_OF)
    assert total.recommendations == 1
    assert total.overdue == 0
    (row,) = rows
    assert row.plans == 2
    assert row.superseded_plans == 1
    assert row.current_plan == littlehey["new"]


def test_a_superseded_plans_own_page_still_counts_its_own_recommendations(
    client, make_user, littlehey
):
    client.force_login(make_user("governor", ("LTI",)))
    response = client.get(reverse("actionplans:plan", args=[littlehey["old"].pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Superseded by the plan for the inspection of 8 September 2025" in text
    assert reverse("actionplans:plan", args=[littlehey["new"].pk]) in text
    assert response.context["counts"].overdue == 2
    current = client.get(reverse("actionplans:plan", args=[littlehey["new"].pk]))
    assert "Current plan" in current.content.decode()
    assert "Superseded by" not in current.content.decode()


def test_plan_list_hides_superseded_plans_one_click_away(client, make_user, littlehey):
    client.force_login(make_user("governor", ("LTI",)))
    url = reverse("actionplans:plans")
    response = client.get(url)
    assert [plan for plan, _counts in response.context["plans"]] == [littlehey["new"]]
    text = response.content.decode()
    assert "Show superseded plans (1)" in text
    shown = client.get(url, {"superseded": "show"})
    assert [plan for plan, _counts in shown.context["plans"]] == [
        littlehey["new"],
        littlehey["old"],
    ]
    assert "Superseded by the plan for the inspection of 8 September 2025" in (
        shown.content.decode()
    )
    # Only the current plan has figures; the superseded one is out of current totals.
    counts = dict(shown.context["plans"])
    assert counts[littlehey["new"]] is not None
    assert counts[littlehey["new"]].recommendations == 1
    assert counts[littlehey["old"]] is None
    assert "Not in current totals" in shown.content.decode()


def test_plan_list_of_another_establishment_is_404(client, make_user, littlehey):
    client.force_login(make_user("governor", ("LTI",)))
    response = client.get(reverse("actionplans:plans"), {"establishment": "DAI"})
    assert response.status_code == 404


def test_establishment_and_dashboard_pages_tag_and_count(client, make_user, littlehey):
    client.force_login(make_user("governor", ("LTI",)))
    page = client.get(reverse("actionplans:establishment", args=["LTI"])).content.decode()
    assert "Superseded by the plan for the inspection of 8 September 2025" in page
    assert "1 earlier plan, superseded by a later inspection's plan, is left out" in page
    dashboard = client.get(reverse("actionplans:dashboard"))
    assert dashboard.context["total"].recommendations == 1
    assert "1 superseded" in dashboard.content.decode()


def test_api_lists_is_current_and_superseded_by(client, make_user, littlehey):
    client.force_login(make_user("governor", ("LTI",)))
    data = client.get("/api/v1/action-plans/").json()["results"]
    by_id = {plan["id"]: plan for plan in data}
    assert by_id[littlehey["old"].pk]["is_current"] is False
    assert by_id[littlehey["old"].pk]["superseded_by"] == littlehey["new"].pk
    assert by_id[littlehey["old"].pk]["superseded_by_inspection_start"] == "2025-09-08"
    assert by_id[littlehey["new"].pk]["is_current"] is True
    assert by_id[littlehey["new"].pk]["superseded_by"] is None
    current = client.get("/api/v1/action-plans/", {"current": "true"}).json()["results"]
    assert [plan["id"] for plan in current] == [littlehey["new"].pk]
    detail = client.get(f"/api/v1/action-plans/{littlehey['old'].pk}/").json()
    assert detail["is_current"] is False
    assert client.get("/api/v1/action-plans/", {"current": "maybe"}).status_code == 400
