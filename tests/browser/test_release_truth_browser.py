"""Release-date truth and urgency in the browser: a man past his release date on the
caseload, his prisoner page and the releases board (its own section, filters, pages of
weeks); axe on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.core import clock
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_past_release_date_is_a_red_alert_everywhere(
    live_server, page, sign_in, check_a11y, make_user
):
    today = clock.today()
    pom = make_user("caseworker", ("LTI",), username="pom.truth")
    make_prisoner(
        prison_number="A1000BC",
        family_name="Overstayed",
        given_name="Carl",
        confirmed_release_date=today - dt.timedelta(days=40),
        crd=today - dt.timedelta(days=40),
        sed=today + dt.timedelta(days=700),
        pom=pom,
    )
    # MAPPA category 1 with an ERD in five months: MAPPA level overdue, and more.
    make_prisoner(
        prison_number="A2000BC",
        family_name="Urgent",
        given_name="Dan",
        crd=today + dt.timedelta(days=150),
        sed=today + dt.timedelta(days=900),
        mappa_category=1,
        pom=pom,
    )
    # Not his, low risk, release in three weeks.
    make_prisoner(
        prison_number="A3000BC",
        family_name="Other",
        given_name="Ed",
        rosh="low",
        offence_category="other",
        crd=today + dt.timedelta(days=21),
        sed=today + dt.timedelta(days=900),
    )
    sign_in(page, "pom.truth", TEST_PASSWORD)

    page.get_by_role("link", name="Caseload").first.click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("OVERSTAYED, Carl")
    expect(rows.first).to_contain_text("Release date passed")
    expect(rows.nth(1)).to_contain_text("URGENT, Dan")
    expect(rows.nth(1)).to_contain_text("MAPPA level overdue")
    expect(rows.nth(1)).to_contain_text(re.compile(r"\+\d+ more"))
    check_a11y(page, "truth-caseload")

    page.get_by_role("link", name="OVERSTAYED, Carl").click()
    expect(
        page.get_by_role("heading", name="Release date passed: record the release or correct")
    ).to_be_visible()
    expect(page.get_by_text("40 days ago")).to_be_visible()
    check_a11y(page, "truth-prisoner-past")

    page.go_back()
    page.get_by_role("link", name="URGENT, Dan").click()
    expect(page.get_by_role("heading", name="Needs doing now")).to_be_visible()
    page.get_by_text("How the due date was worked out").first.click()
    expect(page.get_by_text("minus 6 months").first).to_be_visible()
    check_a11y(page, "truth-prisoner-alerts")

    page.get_by_role("link", name="Releases").first.click()
    expect(
        page.get_by_role("heading", name=re.compile("Past their release date, still in custody"))
    ).to_be_visible()
    expect(page.get_by_role("link", name="OVERSTAYED, Carl")).to_be_visible()
    expect(page.get_by_role("link", name="OTHER, Ed")).to_be_visible()
    check_a11y(page, "truth-releases")

    page.get_by_label("My men").check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="OVERSTAYED, Carl")).to_be_visible()
    expect(page.get_by_role("link", name="OTHER, Ed")).to_have_count(0)
    page.get_by_role("link", name=re.compile(r"^Page 6: weeks from")).click()
    expect(page.get_by_role("link", name="URGENT, Dan")).to_be_visible()
    expect(page.get_by_label("My men")).to_be_checked()
    check_a11y(page, "truth-releases-filtered")
