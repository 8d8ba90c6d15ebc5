"""Both dashboards as a governor and a national manager would read them, checked with axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.establishments.models import Establishment
from saferelease.metrics.tests.factories import littlehey_population, man, released

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PERIOD = "from_date=1/1/2025&to_date=31/12/2025"


def test_dashboards_with_axe(live_server, page, sign_in, check_a11y, make_user):
    littlehey_population()
    dartmoor = Establishment.objects.get(code="DAI")
    man(establishment=dartmoor)
    released(
        dartmoor.prisoners.earliest("pk").reception_date.replace(year=2025), establishment=dartmoor
    )

    make_user("governor", ("LTI",), username="governor.lti")
    sign_in(page, "governor.lti", TEST_PASSWORD)
    page.get_by_role("link", name="Dashboards").first.click()
    page.wait_for_url("**/dashboards/")
    expect(page.get_by_role("heading", name="Public-protection dashboard")).to_be_visible()

    page.goto(f"{live_server.url}/dashboards/LTI/?{PERIOD}")
    expect(page.get_by_role("img", name="Releases a month")).to_be_visible()
    page.get_by_text("Show the data as a table").first.click()
    check_a11y(page, "metrics-establishment")

    page.get_by_role("textbox", name="From").fill("31/2/2025")
    page.get_by_role("button", name="Show figures").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "metrics-establishment-error")

    assert page.goto(f"{live_server.url}/dashboards/DAI/").status == 404

    page.get_by_role("button", name="Sign out").click()
    make_user("national_manager", (), username="national.manager")
    sign_in(page, "national.manager", TEST_PASSWORD)
    page.goto(f"{live_server.url}/dashboards/?{PERIOD}")
    expect(page.get_by_role("heading", name="Establishments side by side")).to_be_visible()
    page.get_by_role("link", name="Population").first.click()
    expect(page.locator('th[aria-sort="descending"]')).to_have_count(1)
    check_a11y(page, "metrics-national")
