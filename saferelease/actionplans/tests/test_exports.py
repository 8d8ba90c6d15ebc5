"""Exports read back: CSV with the csv module, XLSX with openpyxl, PDF by its signature."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import exports, selectors, services
from saferelease.actionplans.tests.documents import SEED
from saferelease.actionplans.tests.factories import OwnerLineFactory, RecommendationFactory

pytestmark = pytest.mark.django_db
AS_OF = dt.date(2016, 5, 1)


@pytest.fixture
def rows(make_user):
    plan = services.action_plan_import(actor=COMMAND_LINE, data=SEED, filename="littlehey.txt").plan
    admin = make_user("admin", ())
    return plan, selectors.tracking_rows(
        selectors.recommendation_list(admin, action_plan=plan), as_of=AS_OF
    )


def test_csv_reads_back(rows):
    _, tracked = rows
    content = exports.to_csv(tracked).decode("utf-8-sig")
    records = list(csv.DictReader(io.StringIO(content)))
    assert len(records) == 64
    five_six = next(r for r in records if r["Ref"] == "5.6")
    assert five_six["Area"] == "Self-harm and suicide"
    assert five_six["Decision"] == "Accepted"
    assert five_six["Owners and targets"] == "Head of Safer Custody: 2016-03-31 (overdue)"
    assert five_six["Overdue"] == "yes"
    assert five_six["Self-reported status"] == "No update yet"


def test_csv_cells_cannot_become_formulas(make_user):
    recommendation = RecommendationFactory.create(text='=HYPERLINK("http://example.invalid")')
    OwnerLineFactory.create(recommendation=recommendation)
    admin = make_user("admin", ())
    tracked = selectors.tracking_rows(selectors.recommendation_list(admin), as_of=AS_OF)
    record = next(csv.DictReader(io.StringIO(exports.to_csv(tracked).decode("utf-8-sig"))))
    assert record["Recommendation"].startswith("'=")


def test_xlsx_reads_back(rows):
    plan, tracked = rows
    workbook = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(plan, tracked, AS_OF)))
    sheet = workbook["Recommendations"]
    header = [cell.value for cell in sheet[1]]
    assert header[:6] == ["Ref", "Kind", "Addressee", "Area", "Recommendation", "Decision"]
    refs = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert len(refs) == 64 and refs[0] == "5.1"
    summary = workbook["Summary"]
    labels = [row[0] for row in summary.iter_rows(values_only=True)]
    assert "By decision" in labels and "By owner" in labels


def test_pdf_progress_report(rows):
    plan, tracked = rows
    content = exports.to_pdf(plan, tracked, selectors.tracking_counts(tracked), AS_OF)
    assert content.startswith(b"%PDF")
    assert len(content) > 5_000
