"""Import a prisoner file in the browser: upload → errors → preview → confirm; axe on each."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from saferelease.accounts.tests.factories import TEST_PASSWORD
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HEADER = (
    "prison_number,given_name,family_name,date_of_birth,establishment,reception_date,"
    "sentence_type,crd,rosh\r\n"
)


def csv_file(tmp_path, name, *lines):
    path = tmp_path / name
    path.write_bytes(("\ufeff" + HEADER + "".join(f"{line}\r\n" for line in lines)).encode())
    return str(path)


def test_upload_preview_and_confirm_a_prisoner_file(
    live_server, page, sign_in, check_a11y, make_user, tmp_path, media_root
):
    make_user("omu_manager", ("LTI",), username="omu.browser")
    make_prisoner(
        prison_number="A1111AA",
        given_name="John",
        family_name="Smith",
        date_of_birth=dt.date(1980, 2, 1),
        reception_date=dt.date(2024, 1, 10),
        crd=dt.date(2026, 9, 1),
        rosh="high",
    )
    sign_in(page, "omu.browser", TEST_PASSWORD)

    page.goto(f"{live_server.url}/prisoners/import/")
    expect(page.get_by_role("heading", name="Import prisoners")).to_be_visible()
    check_a11y(page, "import-upload")

    # A file with errors: every error with its row number, nothing saved.
    bad = csv_file(
        tmp_path,
        "bad.csv",
        "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,31/02/2026,high",
        "B2222BB,Adam,Jones,1985-02-01,LTI,2024-01-10,recall,,extreme",
    )
    page.get_by_label("Prisoner file").set_input_files(bad)
    page.get_by_role("button", name="Check the file").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_text("Row 2, crd: '31/02/2026' is not a date")).to_be_visible()
    expect(summary.get_by_text("Row 3, rosh: 'extreme' is not allowed")).to_be_visible()
    check_a11y(page, "import-errors")

    good = csv_file(
        tmp_path,
        "good.csv",
        "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,2026-10-01,high",
        "B2222BB,Adam,Jones,1985-02-01,,2024-01-10,recall,,medium",
    )
    page.get_by_label("Prisoner file").set_input_files(good)
    page.get_by_label("Establishment for rows without one").select_option("LTI")
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_url("**/prisoners/import/preview/")
    expect(page.get_by_role("heading", name="Check the prisoner import")).to_be_visible()
    expect(page.locator("#count-created")).to_have_text("1")
    expect(page.locator("#count-updated")).to_have_text("1")
    expect(page.get_by_role("cell", name="1 October 2026")).to_be_visible()
    assert Prisoner.objects.count() == 1
    check_a11y(page, "import-preview")

    page.get_by_role("button", name="Save the changes").click()
    page.wait_for_url("**/prisoners/import/")
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_be_visible()
    assert "1 new prisoner, 1 prisoner updated" in banner.inner_text()
    assert Prisoner.objects.count() == 2
    assert Prisoner.objects.get(prison_number="A1111AA").crd == dt.date(2026, 10, 1)
    check_a11y(page, "import-saved")
