"""The account page: details and API tokens, revoked from the page, checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.services import user_token_create
from saferelease.accounts.tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_sees_and_revokes_an_api_token(live_server, page, sign_in, check_a11y, make_user):
    user = make_user("caseworker", ("LTI",), username="pom.browser")
    token = user_token_create(actor=COMMAND_LINE, user=user)
    sign_in(page, "pom.browser", TEST_PASSWORD)
    page.get_by_role("link", name="Your account").first.click()
    page.wait_for_url("**/accounts/")
    expect(page.get_by_role("heading", name="API tokens")).to_be_visible()
    expect(page.get_by_role("cell", name=token[:8], exact=True)).to_be_visible()
    check_a11y(page, "account")

    page.get_by_role("button", name=f"Revoke token starting {token[:8]}").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("revoked")
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    check_a11y(page, "account-token-revoked")
