"""A governor switches a local-default deadline rule off for his prison, and a POM sees
the setting on a prisoner's deadline; axe on each page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.core import clock
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_governor_changes_a_rule_and_the_change_is_explained(
    live_server, page, sign_in, check_a11y, make_user
):
    today = clock.today()
    make_user("governor", ("LTI",), username="governor.rules")
    make_prisoner(
        prison_number="A4000BC",
        family_name="Settled",
        given_name="Fred",
        rosh="high",
        crd=today + dt.timedelta(days=200),
        sed=today + dt.timedelta(days=900),
    )
    sign_in(page, "governor.rules", TEST_PASSWORD)
    page.goto(f"{live_server.url}/deadline-rules/?establishment=LTI")
    expect(page.get_by_role("heading", name="Release-planning deadline rules")).to_be_visible()
    check_a11y(page, "rule-settings")

    page.get_by_role(
        "link", name="Change interdepartmental risk management team (IRMT) review"
    ).click()
    page.get_by_label("Another offset before the ERD").check()
    page.get_by_role("button", name="Save setting").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "rule-setting-error")

    page.get_by_label("Months before the earliest release date").fill("4")
    page.get_by_label("Reason").fill("Our IRMT meets four months before release")
    page.get_by_role("button", name="Save setting").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.get_by_text("Our IRMT meets four months before release").first).to_be_visible()

    page.goto(f"{live_server.url}/prisoners/A4000BC/")
    expect(
        page.get_by_text("minus 4 months (Littlehey (HMP)'s setting: Our IRMT meets").first
    ).to_be_attached()
    check_a11y(page, "rule-setting-prisoner")
