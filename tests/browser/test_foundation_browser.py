"""Sign in, move through the navigation, and check every page with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_in_navigate_and_axe(live_server, page, sign_in, check_a11y, make_user):
    page.goto(f"{live_server.url}/")
    assert "/accounts/sign-in/" in page.url
    check_a11y(page, "sign-in")

    # A failed sign-in shows the GOV.UK error summary, which must also pass axe.
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "sign-in-error")

    make_user("admin", (), username="admin.user")
    sign_in(page, "admin.user", TEST_PASSWORD)
    # GOV.UK Frontend JavaScript ran: the body class is set and the header rendered.
    assert "govuk-frontend-supported" in (page.locator("body").get_attribute("class") or "")
    # The MoJ internal header, not the GOV.UK crown header.
    expect(page.locator(".moj-header__link--service-name")).to_have_text("Safe Release")
    assert page.locator(".govuk-header").count() == 0
    check_a11y(page, "home")

    page.get_by_role("link", name="Establishments").first.click()
    page.wait_for_url("**/establishments/")
    expect(page.get_by_role("heading", name="Establishments")).to_be_visible()
    check_a11y(page, "establishments")

    page.get_by_label("Name or code").fill("littlehey")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("1 establishment", exact=True)).to_be_visible()
    page.get_by_role("link", name="Littlehey (HMP)").click()
    expect(page.get_by_role("heading", name="Littlehey (HMP)")).to_be_visible()
    check_a11y(page, "establishment")

    page.get_by_role("link", name="Change designated resettlement prison").click()
    check_a11y(page, "establishment-edit")
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    page.get_by_role("link", name="Audit").click()
    expect(page.get_by_role("cell", name="Designated resettlement: No → Yes")).to_be_visible()
    check_a11y(page, "audit")

    page.goto(f"{live_server.url}/establishments/NOPE/")
    check_a11y(page, "not-found")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="You have signed out")).to_be_visible()
    check_a11y(page, "signed-out")


def test_out_of_scope_establishment_is_404_in_browser(live_server, page, sign_in, make_user):
    make_user("caseworker", ("LTI",), username="pom.browser")
    sign_in(page, "pom.browser", TEST_PASSWORD)
    response = page.goto(f"{live_server.url}/establishments/DAI/")
    assert response is not None and response.status == 404
