"""Progress reports of one action plan as CSV, XLSX (openpyxl) and PDF (xhtml2pdf)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from saferelease.actionplans.models import ActionPlan
from saferelease.actionplans.selectors import (
    RecommendationTracking,
    TrackingCounts,
    tracking_summary,
)
from saferelease.core.dates import format_date
from saferelease.core.pdf import pdf_bytes
from saferelease.core.spreadsheets import csv_writer, xlsx_append

COLUMNS: list[tuple[str, str]] = [
    ("ref", "Ref"),
    ("kind", "Kind"),
    ("addressee", "Addressee"),
    ("area", "Area"),
    ("recommendation", "Recommendation"),
    ("decision", "Decision"),
    ("decide_by", "Decide by"),
    ("owners", "Owners and targets"),
    ("status", "Self-reported status"),
    ("nothing_changed", "Complete – nothing changed"),
    ("last_update", "Last update"),
    ("overdue", "Overdue"),
    ("stale", "Stale"),
    ("judgement", "Latest judgement"),
    ("judged_on", "Judged on"),
]


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def export_rows(rows: Sequence[RecommendationTracking]) -> list[dict[str, str]]:
    """One flat row a recommendation; dates ISO 8601."""
    result = []
    for row in rows:
        rec = row.recommendation
        result.append(
            {
                "ref": rec.ref,
                "kind": rec.get_kind_display(),
                "addressee": rec.addressee,
                "area": rec.area,
                "recommendation": rec.text,
                "decision": rec.get_decision_display(),
                "decide_by": _iso(rec.decide_by) if row.decision_pending else "",
                "owners": "; ".join(
                    f"{o.function or 'No owner named'}: "
                    f"{_iso(o.line.target_date) or o.line.target_as_written or 'no target'}"
                    f"{' (overdue)' if o.overdue else ''}"
                    for o in row.owners
                ),
                "status": row.status_label,
                "nothing_changed": (
                    f"yes: {row.nothing_changed.metric.title} has not improved"
                    if row.complete_nothing_changed
                    else "no"
                ),
                "last_update": _iso(row.latest_update_on),
                "overdue": "yes" if row.overdue else "no",
                "stale": "yes" if row.stale else "no",
                "judgement": row.judgement_label if row.judgement_outcome else "",
                "judged_on": _iso(row.judgement_on),
            }
        )
    return result


def to_csv(rows: Sequence[RecommendationTracking]) -> bytes:
    output = io.StringIO()
    writer = csv_writer(output)
    writer.writerow([label for _, label in COLUMNS])
    for row in export_rows(rows):
        writer.writerow([row[key] for key, _ in COLUMNS])
    return output.getvalue().encode("utf-8-sig")


def to_xlsx(plan: ActionPlan, rows: Sequence[RecommendationTracking], as_of: dt.date) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Recommendations"
    xlsx_append(sheet, [label for _, label in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in export_rows(rows):
        xlsx_append(sheet, [row[key] for key, _ in COLUMNS])
    for column, width in zip(
        "ABCDEFGHIJKLMNO", (8, 20, 20, 28, 70, 26, 12, 50, 18, 24, 12, 9, 9, 18, 12), strict=True
    ):
        sheet.column_dimensions[column].width = width
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    summary = workbook.create_sheet("Summary")
    xlsx_append(summary, ["Action plan", plan.inspection.establishment.name])
    xlsx_append(summary, ["Inspection start", plan.inspection.start_date.isoformat()])
    xlsx_append(summary, ["As of", as_of.isoformat()])
    for heading, lines in tracking_summary(rows).items():
        xlsx_append(summary, [])
        xlsx_append(
            summary,
            [
                f"By {heading}",
                "Recommendations",
                "Complete",
                "Complete – nothing changed",
                "Overdue",
                "Stale",
            ],
        )
        summary.cell(row=summary.max_row, column=1).font = Font(bold=True)
        for line in lines:
            xlsx_append(
                summary,
                [
                    line.label,
                    line.total,
                    line.complete,
                    line.nothing_changed,
                    line.overdue,
                    line.stale,
                ],
            )
    summary.column_dimensions["A"].width = 50
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def to_pdf(
    plan: ActionPlan,
    rows: Sequence[RecommendationTracking],
    counts: TrackingCounts,
    as_of: dt.date,
) -> bytes:
    context: dict[str, Any] = {
        "plan": plan,
        "inspection": plan.inspection,
        "establishment": plan.inspection.establishment,
        "rows": rows,
        "counts": counts,
        "summary": tracking_summary(rows),
        "as_of": format_date(as_of),
    }
    return pdf_bytes("actionplans/report_pdf.html", context)
