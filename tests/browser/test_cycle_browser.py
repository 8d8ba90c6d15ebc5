"""The inspection cycle in a browser: import a report, see it against the plan, record a review
of progress and an urgent notification, read the lineage and the readiness forecast; axe on
each page."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.actionplans import services
from saferelease.actionplans.models import ReviewOfProgress, UrgentNotification
from saferelease.actionplans.tests.documents import SEED
from saferelease.establishments.models import Establishment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_report_review_notification_lineage_readiness(
    live_server, page, sign_in, check_a11y, make_user, tmp_path, media_root
):
    from saferelease.actionplans.tests.cycle_documents import REPORT_2015

    services.action_plan_import(actor=COMMAND_LINE, data=SEED, filename="littlehey.txt")
    services.inspection_create(
        actor=COMMAND_LINE,
        establishment=Establishment.objects.get(code="DAI"),
        kind="full_unannounced",
        start_date=dt.date(2026, 10, 5),
        end_date=dt.date(2026, 10, 16),
        as_of=dt.date(2026, 10, 20),
    )
    make_user("inspector", (), username="inspector.browser")
    sign_in(page, "inspector.browser", TEST_PASSWORD)
    report = tmp_path / "report.txt"
    report.write_text(REPORT_2015)

    page.goto(f"{live_server.url}/inspections/reports/import/")
    expect(page.get_by_role("heading", name="Import an inspection report")).to_be_visible()
    page.get_by_role("button", name="Import the report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "cycle-report-upload-error")
    page.get_by_label("Inspection report").set_input_files(str(report))
    page.get_by_role("button", name="Import the report").click()
    expect(page.get_by_role("heading", name="The report and the action plan")).to_be_visible()
    expect(page.get_by_text("Not answered by the action plan").first).to_be_visible()
    check_a11y(page, "cycle-inspection")

    page.get_by_role("link", name="Record a review of progress").click()
    expect(page.get_by_role("heading", name="Record a review of progress")).to_be_visible()
    check_a11y(page, "cycle-review-form")
    page.get_by_label("First day of the review").fill("09/05/2016")
    page.get_by_label("Inspectors", exact=True).fill("Fictional Inspector")
    page.get_by_label("Judgement of 5.1", exact=True).select_option("good_progress")
    page.get_by_role("button", name="Save the review").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    review = ReviewOfProgress.objects.get()
    page.goto(f"{live_server.url}/inspections/reviews/{review.pk}/")
    expect(
        page.get_by_role("heading", name="Claimed versus verified, item by item")
    ).to_be_visible()
    check_a11y(page, "cycle-review")
    page.goto(f"{live_server.url}/inspections/establishments/LTI/reviews/")
    check_a11y(page, "cycle-establishment-reviews")

    page.goto(f"{live_server.url}/inspections/establishments/LTI/lineage/")
    expect(
        page.get_by_role("heading", name="Each concern, from the first inspection on")
    ).to_be_visible()
    check_a11y(page, "cycle-lineage")

    page.goto(f"{live_server.url}/inspections/readiness/")
    expect(page.get_by_role("heading", name="Inspection readiness forecast")).to_be_visible()
    check_a11y(page, "cycle-readiness")

    dartmoor = Establishment.objects.get(code="DAI").inspections.get()
    page.goto(f"{live_server.url}/inspections/inspection/{dartmoor.pk}/urgent/new/")
    page.get_by_label("Date the notification was issued").fill("21/10/2026")
    page.get_by_label("Concerns").fill("Fictional: men released without an address.")
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_role("heading", name="Urgent notification of 21 October 2026")
    ).to_be_visible()
    assert UrgentNotification.objects.count() == 1
    check_a11y(page, "cycle-urgent")
    page.goto(f"{live_server.url}/inspections/urgent/")
    check_a11y(page, "cycle-urgent-dashboard")
