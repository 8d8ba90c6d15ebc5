"""A POM's day: caseload, a prisoner's page, recording a completion, a save over a
colleague's change; axe on each page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.core import clock
from saferelease.core.dates import format_date
from saferelease.release_planning import services
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_caseload_prisoner_page_and_completion(live_server, page, sign_in, check_a11y, make_user):
    today = clock.today()
    pom = make_user("caseworker", ("LTI",), username="pom.browser")
    # ERD in five months: MAPPA level set is overdue, the rest are coming up.
    make_prisoner(
        prison_number="A1234BC",
        family_name="Fictional",
        given_name="Adam",
        crd=today + dt.timedelta(days=150),
        sed=today + dt.timedelta(days=900),
        mappa_category=1,
        mappa_level=2,
        pom=pom,
    )
    make_prisoner(
        prison_number="A2345BC",
        family_name="Madeup",
        crd=today + dt.timedelta(days=400),
        sed=today + dt.timedelta(days=1200),
    )
    sign_in(page, "pom.browser", TEST_PASSWORD)

    page.get_by_role("link", name="Caseload").first.click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    expect(page.get_by_role("link", name="FICTIONAL, Adam")).to_be_visible()
    check_a11y(page, "caseload")

    page.get_by_role("link", name="FICTIONAL, Adam").click()
    expect(page.get_by_role("heading", name="FICTIONAL, Adam")).to_be_visible()
    expect(page.get_by_text("MAPPA category 1").first).to_be_visible()
    check_a11y(page, "prisoner")

    page.get_by_role("link", name="Record mappa level set").first.click()
    page.get_by_role("button", name="Save completion date").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "deadline-error")
    page.get_by_label("Date completed").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save completion date").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    page.get_by_role("link", name="Releases").first.click()
    expect(page.get_by_role("heading", name="Upcoming releases")).to_be_visible()
    # ERD in 150 days: week 21 or 22 from this week, on the sixth page of four weeks.
    page.get_by_role("link", name=re.compile(r"^Page 6: weeks from")).click()
    expect(page.get_by_role("link", name="FICTIONAL, Adam")).to_be_visible()
    check_a11y(page, "releases")


def test_a_save_over_a_colleagues_change_shows_the_conflict(
    live_server, page, sign_in, check_a11y, make_user
):
    today = clock.today()
    make_user("caseworker", ("LTI",), username="pom.browser")
    colleague = make_user("omu_manager", ("LTI",), first_name="Sam", last_name="Green")
    make_prisoner(
        prison_number="A1234BC",
        family_name="Fictional",
        given_name="Adam",
        crd=today + dt.timedelta(days=150),
        sed=today + dt.timedelta(days=900),
        oasys_completed_date=None,
    )
    sign_in(page, "pom.browser", TEST_PASSWORD)
    page.goto(f"{live_server.url}/prisoners/A1234BC/deadlines/oasys-current/")
    mine, theirs = today - dt.timedelta(days=1), today - dt.timedelta(days=3)
    page.get_by_label("Date completed").fill(mine.strftime("%d/%m/%Y"))
    # Meanwhile a colleague records another date for the same deadline.
    services.deadline_complete(
        actor=colleague,
        prisoner=Prisoner.objects.get(prison_number="A1234BC"),
        rule_code="oasys-current",
        completed_on=theirs,
        today=today,
    )
    page.get_by_role("button", name="Save completion date").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("This record was changed by Sam Green at ")
    expect(summary).to_contain_text("while you were editing")
    table = page.get_by_role("table", name="Their value and yours")
    expect(table).to_contain_text(format_date(theirs))
    expect(table).to_contain_text(format_date(mine))
    expect(page.get_by_label("Date completed")).to_have_value(mine.strftime("%d/%m/%Y"))
    check_a11y(page, "deadline-conflict")
    assert Prisoner.objects.get(prison_number="A1234BC").oasys_completed_date == theirs
    # Saving again keeps the POM's date, knowingly.
    page.get_by_role("button", name="Save completion date").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    assert Prisoner.objects.get(prison_number="A1234BC").oasys_completed_date == mine
