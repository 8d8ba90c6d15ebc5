"""Dashboards, exports and the PDF report: status, key content, scoping."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from saferelease.metrics.tests.factories import littlehey_population
from saferelease.metrics.tests.test_apis import dartmoor_man

pytestmark = pytest.mark.django_db
PERIOD = "from_date=1/1/2025&to_date=31/12/2025"


@pytest.fixture
def governor(client, make_user):
    littlehey_population()
    user = make_user("governor", ("LTI",))
    client.force_login(user)
    return user


def test_establishment_dashboard(client, governor):
    response = client.get(f"/dashboards/LTI/?{PERIOD}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Public-protection dashboard" in body
    assert "1 January 2025" in body and "31 December 2025" in body
    assert "Share of men released during the period whose accommodation on release" in body
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img"' in body
    assert "Show the data as a table" in body
    assert "33%" in body  # MAPPA set on time: 1 of 3


def test_governor_gets_404_for_another_prison(client, governor):
    dartmoor_man()
    assert client.get("/dashboards/DAI/").status_code == 404
    assert client.get("/dashboards/DAI/export.csv").status_code == 404
    assert client.get("/dashboards/DAI/report.pdf").status_code == 404


def test_national_dashboard_for_a_governor_shows_only_littlehey(client, governor):
    dartmoor_man()
    response = client.get(f"/dashboards/?{PERIOD}")
    assert response.status_code == 200
    names = [row.establishment.code for row in response.context["comparison"]]
    assert names == ["LTI"]


def test_national_dashboard_for_a_national_manager(client, make_user):
    littlehey_population()
    dartmoor_man()
    client.force_login(make_user("national_manager", ()))
    response = client.get(f"/dashboards/?{PERIOD}&sort=-population")
    assert response.status_code == 200
    assert [r.establishment.code for r in response.context["comparison"]] == ["LTI", "DAI"]
    assert response.context["report"].values["population"] == 7
    assert 'aria-sort="descending"' in response.content.decode()
    assert client.get("/dashboards/DAI/").status_code == 200


def test_region_filter_and_codes_out_of_scope(client, governor):
    response = client.get(f"/dashboards/?{PERIOD}&establishments=DAI")
    assert response.status_code == 200
    assert "Enter only codes of establishments you can see" in response.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("from_date=31/2/2025", "From must be a real date"),
        ("from_date=1/6/2025&to_date=1/1/2025", "must be the same as or after"),
        ("from_date=1/1/2000&to_date=1/1/2025", "10 years or less"),
    ],
)
def test_period_errors(client, governor, query, message):
    response = client.get(f"/dashboards/LTI/?{query}")
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in body and message in body
    assert "report" not in response.context or response.context.get("report") is None


def test_csv_export_reads_back(client, governor):
    response = client.get(f"/dashboards/LTI/export.csv?{PERIOD}")
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_code = {row["code"]: row for row in rows}
    assert float(by_code["population"]["2025-01-01 to 2025-12-31"]) == 6
    assert float(by_code["released_homeless_share"]["2025-07"]) == 1.0
    assert by_code["released_homeless_share"]["2025-06"] == ""


def test_xlsx_export_reads_back(client, make_user):
    littlehey_population()
    client.force_login(make_user("inspector", ()))
    response = client.get(f"/dashboards/export.xlsx?{PERIOD}")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Metrics", "Establishments"]
    metrics = {row[0]: row for row in workbook["Metrics"].iter_rows(values_only=True)}
    assert metrics["population"][4] == 6
    assert workbook["Metrics"]["E2"].value is not None
    establishments = list(workbook["Establishments"].iter_rows(values_only=True))
    assert establishments[1][0] == "LTI"


def test_pdf_report(client, governor):
    response = client.get(f"/dashboards/LTI/report.pdf?{PERIOD}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/Image" in response.content  # the charts, drawn as PNG


def test_unknown_export_format(client, governor):
    assert client.get("/dashboards/LTI/export.json").status_code == 404


def test_navigation_item_for_every_signed_in_user(client, make_user):
    client.force_login(make_user("inspector", ()))
    response = client.get("/dashboards/")
    assert any(
        item["label"] == "Dashboards" and item["active"]
        for item in response.context["navigation_items"]
    )


def test_dashboards_show_the_deadlines_of_the_men_in_custody_today(client, make_user):
    import datetime as dt

    from saferelease.core import clock
    from saferelease.deadlines import RULES_BY_CODE
    from saferelease.establishments.models import Establishment
    from saferelease.release_planning.services_results import deadline_results_rebuild
    from saferelease.release_planning.tests.factories import make_prisoner

    make_prisoner(prison_number="H1111AA", mappa_category=1, crd=dt.date(2026, 3, 20))
    make_prisoner(prison_number="H2222AA", establishment=Establishment.objects.get(code="DAI"))
    deadline_results_rebuild(as_of=clock.today())
    client.force_login(make_user("national_manager", ()))
    body = client.get(f"/dashboards/?{PERIOD}").content.decode()
    assert f"Release-planning deadlines on {clock.today():%-d %B %Y}" in body
    assert RULES_BY_CODE["mappa-level-set"].title in body
    assert "Every man in custody at these establishments (2)" in body
    assert 'href="/dashboards/LTI/#deadlines-now"' in body
    page = client.get(f"/dashboards/LTI/?{PERIOD}").content.decode()
    assert 'id="deadlines-now"' in page
    assert "Every man in custody (1)" in page
