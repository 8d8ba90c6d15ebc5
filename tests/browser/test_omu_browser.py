"""The offender management unit's pages: COM report requests; axe on each page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.core import clock
from saferelease.omu.models import ComReportRequest, Programme, ProgrammeNeed, SupervisionSession
from saferelease.omu.rules import previous_month
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_com_report_requests(live_server, page, sign_in, check_a11y, make_user):
    today = clock.today()
    make_user("omu_manager", ("LTI",), username="head.omu")
    make_prisoner(prison_number="A1234BC", family_name="Fictional", com_team="Norfolk PDU")
    sign_in(page, "head.omu", TEST_PASSWORD)

    page.get_by_role("link", name="COM reports").first.click()
    expect(page.get_by_role("heading", name="COM report requests")).to_be_visible()
    check_a11y(page, "com-reports-empty")

    page.get_by_role("link", name="Record a report request").click()
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "com-report-errors")
    page.get_by_label("Prison number").fill("A1234BC")
    page.get_by_label("Parole report").check()
    earlier = today - dt.timedelta(days=30)
    page.get_by_label("Date requested").fill(earlier.strftime("%d/%m/%Y"))
    page.get_by_label("Date due").fill((today - dt.timedelta(days=2)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.locator("td .govuk-tag--red")).to_have_text("Overdue")
    expect(page.get_by_text("by 2 days")).to_be_visible()
    check_a11y(page, "com-reports")
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="COM reports overdue")).to_be_visible()
    check_a11y(page, "home-omu-panels")
    page.go_back()

    page.get_by_role("link", name="Parole report for A1234BC").click()
    expect(page.get_by_role("heading", name="Change the report request")).to_be_visible()
    check_a11y(page, "com-report-edit")
    page.get_by_label("Date received").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save").click()
    expect(page.locator("td .govuk-tag--yellow")).to_have_text("Received late")
    request = ComReportRequest.objects.get()
    assert (request.pdu, request.received_on, request.quality_acceptable) == (
        "Norfolk PDU",
        today,
        True,
    )


def test_quality_assurance_and_supervision(live_server, page, sign_in, check_a11y, make_user):
    head = make_user("omu_manager", ("LTI",), username="head.qa", first_name="Hana")
    pom = make_user("caseworker", ("LTI",), username="pom.qa", first_name="Piet")
    month = previous_month(clock.today())
    for index in range(6):
        make_prisoner(
            prison_number=f"A{index:04d}QA",
            family_name=f"Madeup{index}",
            oasys_completed_date=month + dt.timedelta(days=2),
            pom=pom,
        )
    sign_in(page, "head.qa", TEST_PASSWORD)
    page.get_by_role("link", name="Quality assurance").first.click()
    expect(
        page.get_by_role("heading", name="Quality assurance of OASys assessments")
    ).to_be_visible()
    check_a11y(page, "qa-overview-empty")
    page.get_by_role("button", name="Draw the sample for").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("5 of 6")
    check_a11y(page, "qa-overview")

    page.locator("table a.govuk-link").first.click()
    expect(page.get_by_role("heading", name="Quality assurance review")).to_be_visible()
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "qa-review-errors")
    for group in page.locator(".govuk-radios").all():
        group.get_by_label("Met", exact=True).check()
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.get_by_text("Completed on time", exact=True)).to_be_visible()

    page.get_by_role("link", name="Change the sample share, senior POMs and checklist").click()
    check_a11y(page, "qa-settings")
    page.get_by_label("Piet").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()

    page.goto(f"{live_server.url}/omu/supervision/?establishment=LTI")
    page.get_by_label("POM supervised").select_option(str(pom.pk))
    page.get_by_label("Supervisor").select_option(str(head.pk))
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    check_a11y(page, "supervision")


def test_programmes_and_men_maintaining_innocence(
    live_server, page, sign_in, check_a11y, make_user
):
    make_user("omu_manager", ("LTI",), username="head.prog")
    today = clock.today()
    make_prisoner(
        prison_number="A1111PP",
        family_name="Invented",
        maintains_innocence=True,
        crd=today + dt.timedelta(days=20),
    )
    sign_in(page, "head.prog", TEST_PASSWORD)
    page.get_by_role("link", name="Programmes").first.click()
    expect(page.get_by_role("heading", name="Programmes: places against need")).to_be_visible()
    page.get_by_label("Programme", exact=True).fill("Healthy Sex Programme")
    page.get_by_label("Places a year").fill("3")
    page.get_by_role("button", name="Add the programme").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    page.get_by_label("Prison number").fill("A1111PP")
    page.locator("select[name=programme]").select_option(label="Healthy Sex Programme")
    page.get_by_role("button", name="Add to the waiting list").click()
    expect(page.get_by_text("1 waiting")).to_be_visible()
    check_a11y(page, "programmes")

    page.get_by_role("link", name="Men maintaining innocence and the work offered").click()
    expect(page.get_by_text("No offer in 12 months")).to_be_visible()
    page.get_by_role("button", name="Save the offer").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "engagement-errors")
    page.get_by_label("Prison number").fill("A1111PP")
    page.get_by_label("Intervention offered").fill("Maintaining innocence group")
    page.get_by_label("Declined").check()
    page.get_by_role("button", name="Save the offer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    check_a11y(page, "engagement")


def test_a_programme_start_and_a_supervision_session_changed(
    live_server, page, sign_in, check_a11y, make_user
):
    head = make_user("omu_manager", ("LTI",), username="head.start", first_name="Hana")
    pom = make_user("caseworker", ("LTI",), username="pom.start", first_name="Piet")
    today = clock.today()
    man = make_prisoner(prison_number="A2222PS", family_name="Imagined")
    programme = Programme.objects.create(
        establishment=head.establishments.get(), name="Horizon", places_per_year=12
    )
    ProgrammeNeed.objects.create(
        programme=programme, prisoner=man, assessed_on=today - dt.timedelta(days=30)
    )
    session = SupervisionSession.objects.create(
        establishment=head.establishments.get(),
        pom=pom,
        supervisor=head,
        held_on=today - dt.timedelta(days=10),
    )
    sign_in(page, "head.start", TEST_PASSWORD)
    page.goto(f"{live_server.url}/omu/programmes/?establishment=LTI")
    expect(page.get_by_text("Places against need", exact=True)).to_be_visible()
    expect(page.get_by_text("12.00 places a year per man waiting")).to_be_visible()
    page.get_by_role("link", name="Record a start for A2222PS").click()
    expect(page.get_by_role("heading", name="Horizon")).to_be_visible()
    check_a11y(page, "programme-start")
    page.get_by_label("Date he started the programme").fill(
        (today + dt.timedelta(days=2)).strftime("%d/%m/%Y")
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "programme-start-errors")
    page.get_by_label("Date he started the programme").fill(today.strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("started")
    expect(page.get_by_text("0 waiting")).to_be_visible()
    assert ProgrammeNeed.objects.get().started_on == today

    page.goto(f"{live_server.url}/omu/supervision/?establishment=LTI")
    page.get_by_role("link", name="change the session").click()
    expect(page.get_by_role("heading", name="Change the supervision session")).to_be_visible()
    check_a11y(page, "supervision-edit")
    page.get_by_label("Notes").fill("Caseload review")
    page.get_by_role("button", name="Save the session").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    session.refresh_from_db()
    assert (session.notes, session.version) == ("Caseload review", 2)
