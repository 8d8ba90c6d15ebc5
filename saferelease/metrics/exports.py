"""CSV and XLSX exports of a report. Figures are raw: shares as fractions from 0 to 1
(formatted as percentages in XLSX), dates ISO 8601."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook

from saferelease.core.spreadsheets import csv_writer, xlsx_append
from saferelease.metrics.catalogue import METRICS, Unit, Value
from saferelease.metrics.selectors import EstablishmentValues, Report

Table = tuple[list[str], list[list[Any]]]


def metrics_table(report: Report) -> Table:
    """One row a metric: code, title, unit, definition, the period's value, then a column
    for each month."""
    period = report.period
    header = [
        "code",
        "title",
        "unit",
        "definition",
        f"{period.start.isoformat()} to {period.end.isoformat()}",
        *[month.period.start.strftime("%Y-%m") for month in report.months],
    ]
    rows = [
        [
            metric.code,
            metric.title,
            metric.unit.value,
            metric.definition,
            report.values[metric.code],
            *[month.values[metric.code] for month in report.months],
        ]
        for metric in METRICS
    ]
    return header, rows


def comparison_table(rows: Sequence[EstablishmentValues]) -> Table:
    header = ["code", "establishment", *[metric.code for metric in METRICS]]
    body = [
        [row.establishment.code, row.establishment.name, *[row.values[m.code] for m in METRICS]]
        for row in rows
    ]
    return header, body


def _cell(value: Value | str) -> Any:
    return "" if value is None else value


def csv_text(table: Table) -> str:
    header, rows = table
    output = io.StringIO()
    writer = csv_writer(output, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return output.getvalue()


def xlsx_bytes(sheets: Sequence[tuple[str, Table]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    share_codes = {m.code for m in METRICS if m.unit == Unit.SHARE}
    for title, (header, rows) in sheets:
        sheet = workbook.create_sheet(title)
        xlsx_append(sheet, header)
        for row in rows:
            xlsx_append(sheet, row)
        _format_shares(sheet, header, share_codes)
        sheet.freeze_panes = "C2"
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def _format_shares(sheet: Any, header: list[str], share_codes: set[str]) -> None:
    """Shares as percentages: by row in the metrics sheet, by column in the comparison."""
    if header and header[0] == "code" and "unit" in header:
        for row in sheet.iter_rows(min_row=2):
            if row[0].value in share_codes:
                for cell in row[4:]:
                    cell.number_format = "0.0%"
        return
    for index, code in enumerate(header, start=1):
        if code in share_codes:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.0%"
