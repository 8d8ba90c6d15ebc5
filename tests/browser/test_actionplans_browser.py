"""Upload an action plan, check the preview, confirm, add a progress update; axe on each page."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.actionplans.models import ActionPlan, ProgressUpdate
from saferelease.actionplans.tests.documents import SEED_PATH

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_upload_preview_confirm_and_progress(
    live_server, page, sign_in, check_a11y, make_user, tmp_path
):
    make_user("governor", ("LTI",), username="governor.browser")
    sign_in(page, "governor.browser", TEST_PASSWORD)

    page.get_by_role("link", name="Inspections").first.click()
    page.wait_for_url("**/inspections/")
    expect(page.get_by_role("heading", name="Inspections and action plans")).to_be_visible()
    check_a11y(page, "actionplans-dashboard-empty")

    page.get_by_role("link", name="Import an action plan").click()
    expect(page.get_by_role("heading", name="Import an action plan")).to_be_visible()
    check_a11y(page, "actionplans-upload")

    # Without a file: the GOV.UK error summary, and nothing saved.
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_text("Choose the action plan file").first).to_be_visible()
    check_a11y(page, "actionplans-upload-error")

    page.get_by_label("Action plan file").set_input_files(str(SEED_PATH))
    page.get_by_role("button", name="Upload and preview").click()
    expect(page.get_by_role("heading", name="Check the action plan before saving")).to_be_visible()
    expect(
        page.get_by_text("Recommendations: the summary states 58 in total but 57 rows were found.")
    ).to_be_visible()
    expect(page.get_by_text("A new action plan")).to_be_visible()
    assert ActionPlan.objects.count() == 0
    check_a11y(page, "actionplans-preview")

    page.get_by_role("button", name="Confirm and save").click()
    expect(page.get_by_role("heading", name="Action plan", exact=True)).to_be_visible()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(page.get_by_text("Showing 64 of 64 recommendations")).to_be_visible()
    check_a11y(page, "actionplans-plan")

    page.get_by_label("Decision").select_option("rejected")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Showing 3 of 64 recommendations")).to_be_visible()

    recommendation = ActionPlan.objects.get().recommendations.get(ref="5.6")
    page.goto(f"{live_server.url}/inspections/recommendations/{recommendation.pk}/")
    expect(page.get_by_role("heading", name="Recommendation 5.6")).to_be_visible()
    check_a11y(page, "actionplans-recommendation")

    page.get_by_role("link", name="Add a progress update").click()
    check_a11y(page, "actionplans-progress-form")
    page.get_by_role("button", name="Save progress update").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check_a11y(page, "actionplans-progress-error")

    evidence = tmp_path / "acct-audit.txt"
    evidence.write_text("Fictional ACCT audit: every review had a consistent case manager.")
    page.get_by_label("Date of the update").fill("01/05/2016")
    page.get_by_label("In progress").check()
    page.get_by_label("What has been done").fill(
        "Fictional: ACCT case manager training delivered on every wing."
    )
    page.get_by_label("Evidence (optional)").set_input_files(str(evidence))
    page.get_by_role("button", name="Save progress update").click()
    expect(page.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(
        page.get_by_text("Fictional: ACCT case manager training delivered on every wing.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="acct-audit.txt")).to_be_visible()
    assert ProgressUpdate.objects.get().evidence_files.count() == 1
    check_a11y(page, "actionplans-recommendation-after-update")

    page.get_by_role("link", name="Change target for Head of Safer Custody").click()
    check_a11y(page, "actionplans-target-form")
