"""Plans as a governor reads them: superseded plans one click away, the judgement form's
conditional reveal, the owner functions list; axe on each page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.actionplans.models import Judgement
from saferelease.actionplans.tests.factories import (
    ActionPlanFactory,
    InspectionFactory,
    RecommendationFactory,
)
from saferelease.establishments.models import Establishment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _plans():
    lti = Establishment.objects.get(code="LTI")
    old = ActionPlanFactory.create(
        inspection=InspectionFactory.create(establishment=lti, start_date=dt.date(2015, 3, 2))
    )
    new = ActionPlanFactory.create(
        inspection=InspectionFactory.create(establishment=lti, start_date=dt.date(2025, 9, 8))
    )
    return old, RecommendationFactory.create(action_plan=new)


def test_superseded_plans_and_owner_functions(live_server, page, sign_in, check_a11y, make_user):
    old, _ = _plans()
    make_user("governor", ("LTI",), username="governor.plans")
    sign_in(page, "governor.plans", TEST_PASSWORD)
    page.goto(f"{live_server.url}/inspections/plans/")
    expect(page.get_by_role("heading", name="Action plans")).to_be_visible()
    expect(page.get_by_text("Current plan", exact=True)).to_be_visible()
    check_a11y(page, "plans-current")
    page.get_by_role("link", name="Show superseded plans (1)").click()
    expect(
        page.get_by_text("Superseded by the plan for the inspection of 8 September 2025")
    ).to_be_visible()
    check_a11y(page, "plans-with-superseded")
    page.goto(f"{live_server.url}/inspections/plans/{old.pk}/")
    expect(page.get_by_text("See the plan for the inspection of 8 September 2025")).to_be_visible()
    check_a11y(page, "plan-superseded")
    page.goto(f"{live_server.url}/inspections/owner-functions/")
    expect(page.get_by_role("heading", name="Owner functions")).to_be_visible()
    check_a11y(page, "owner-functions")


def test_judgement_form_reveals_the_outcomes_of_the_kind(
    live_server, page, sign_in, check_a11y, make_user
):
    _, recommendation = _plans()
    make_user("inspector", (), username="inspector.plans")
    sign_in(page, "inspector.plans", TEST_PASSWORD)
    page.goto(f"{live_server.url}/inspections/recommendations/{recommendation.pk}/judgement/")
    expect(page.get_by_label("Achieved", exact=True)).to_be_hidden()
    expect(page.get_by_label("Good progress")).to_be_hidden()
    check_a11y(page, "judgement-form")
    page.get_by_label("At an independent review of progress").check()
    expect(page.get_by_label("Good progress")).to_be_visible()
    expect(page.get_by_label("Achieved", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Record judgement").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "judgement-form-error")
    page.get_by_label("Reasonable progress").check()
    page.get_by_role("button", name="Record judgement").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert Judgement.objects.get().outcome == "reasonable_progress"
