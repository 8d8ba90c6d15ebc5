"""Each role's home page names what to do now, passes axe, and is saved as a screenshot
(test-artifacts/home-<role>.png, git-ignored) for review."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.actionplans.tests.factories import (
    OwnerLineFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)
from saferelease.core import clock
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _world(make_user):
    today = clock.today()
    pom = make_user("caseworker", ("LTI",), username="pom.home", first_name="Pat", last_name="Pom")
    make_prisoner(
        pom=pom,
        prison_number="A1111AA",
        family_name="Overdue",
        oasys_completed_date=today - dt.timedelta(days=900),
        crd=today + dt.timedelta(days=200),
    )
    make_prisoner(
        pom=pom,
        prison_number="A2222AA",
        family_name="Pastdate",
        crd=today - dt.timedelta(days=30),
    )
    make_prisoner(
        pom=None,
        prison_number="A3333AA",
        family_name="Unallocated",
        crd=today + dt.timedelta(days=400),
    )
    make_prisoner(
        pom=pom,
        prison_number="A4444AA",
        family_name="Homeless",
        released_on=today - dt.timedelta(days=1),
        accommodation_on_release="none",
    )
    recommendation = RecommendationFactory(text="Fictional: every man leaves with an address.")
    OwnerLineFactory(recommendation=recommendation, target_date=today - dt.timedelta(days=40))
    claimed = RecommendationFactory(
        action_plan=recommendation.action_plan, text="Fictional: OASys kept current."
    )
    ProgressUpdateFactory(recommendation=claimed, status="complete", date=today)
    return pom


@pytest.mark.parametrize(
    ("role", "username", "expected"),
    [
        ("caseworker", "pom.home", "past his release date, still in custody"),
        ("omu_manager", "omu.home", "Men without a POM"),
        ("governor", "governor.home", "Inspection recommendations: current plan"),
        ("inspector", "inspector.home", "Claimed complete, awaiting a judgement"),
        ("national_manager", "national.home", "League table: all establishments"),
    ],
)
def test_home_page_per_role(
    live_server, page, sign_in, check_a11y, make_user, role, username, expected
):
    _world(make_user)
    if username != "pom.home":
        sees_all = role in ("inspector", "national_manager")
        make_user(role, () if sees_all else ("LTI",), username=username)
    sign_in(page, username, TEST_PASSWORD)
    expect(page.get_by_text(expected).first).to_be_visible()
    if role == "caseworker":
        expect(page.get_by_text("OASys assessment out of date: due").first).to_be_visible()
        expect(page.get_by_role("link", name="Pastdate", exact=False).first).to_be_visible()
        expect(page.get_by_text("without an address")).to_be_visible()
    if role == "national_manager":
        expect(page.get_by_role("link", name="Download this table as a PDF")).to_be_visible()
    if role == "governor":
        expect(page.get_by_text("Past a target date").first).to_be_visible()
    check_a11y(page, f"home-{role}")
