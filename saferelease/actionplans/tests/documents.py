"""Action-plan files built in the tests: the Littlehey 2015 seed, a revised copy, a 2019
.docx and a flat .xlsx. All content is fictional apart from the public seed plan."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import openpyxl

SEED_PATH = Path(__file__).resolve().parents[1] / "data" / "littlehey_2015_action_plan.txt"
SEED = SEED_PATH.read_bytes()

HEADER_2019 = [
    "Recommendation number",
    "Recommendation",
    "Agreed / Partly Agreed / Not Agreed",
    "Response",
    "Responsible owner",
    "Target date",
]


def seed_revised() -> bytes:
    """The seed with 5.6's target moved, 5.64 dropped and 5.1's response reworded."""
    text = SEED.decode("utf-8")
    text = text.replace(
        "Head of Safer Custody\t31 March 2016", "Head of Safer Custody\t30 June 2016", 1
    )
    text = text.replace(
        "Delivery will commence in the other areas on receipt of the equipment.",
        "Delivery began in every workshop in December 2015.",
        1,
    )
    lines = [line for line in text.splitlines() if not line.startswith("5.64\t")]
    return "\n".join(lines).encode("utf-8")


def _row(table: docx.table.Table, values: list[str], *, bold: bool = False) -> None:
    for cell, value in zip(table.add_row().cells, values, strict=True):
        cell.paragraphs[0].add_run(value).bold = bold


def littlehey_2019_docx() -> bytes:
    """A fictional 2019-layout plan for Littlehey that repeats two 2015 recommendations:
    2.14 says so ("repeated recommendation 1.21", the paragraph of 2015's 5.6); 2.20 does
    not, but its text is 2015's 5.10 again."""
    document = docx.Document()
    document.add_paragraph("Establishment: HMP Littlehey")
    document.add_paragraph("Full announced inspection\t4 – 15 March 2019")
    document.add_paragraph("Report published: 2 August 2019")
    document.add_paragraph("Action plan submitted: 1 October 2019")
    table = document.add_table(rows=0, cols=6)
    _row(table, HEADER_2019, bold=True)
    _row(table, ["", "Recommendations to the governor Safety", "", "", "", ""], bold=True)
    _row(
        table,
        [
            "2.14",
            "ACCT case management should improve, with consistent case managers and"
            " multidisciplinary reviews. (2.14, repeated recommendation 1.21)",
            "Agreed",
            "A fictional quality assurance process is in place.",
            "Head of Safer Custody",
            "March 2020",
        ],
    )
    _row(
        table,
        [
            "2.20",
            "The shower area in the care and separation unit should be refurbished. (2.30)",
            "Partly Agreed",
            "Fictional: funding is being sought.",
            "Head of Residence",
            "31/01/2020",
        ],
    )
    _row(
        table,
        [
            "2.31",
            "Every prisoner should be offered a fictional telephone in cell. (2.40)",
            "Not Agreed",
            "Not affordable.",
            "Governor",
            "",
        ],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def flat_xlsx() -> bytes:
    """A flat-format workbook (documented headers) for an establishment named in a row."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Establishment", "HMP Dartmoor"])
    sheet.append(["Inspection dates", "1 – 12 June 2020"])
    sheet.append(["ref", "kind", "text", "decision", "response", "owner", "target_date"])
    sheet.append(
        [
            "1.1",
            "",
            "Fictional: staff should be trained. (1.2)",
            "Agreed",
            "Done.",
            "Head of Learning",
            "March 2021",
        ]
    )
    sheet.append(["1.2", "", "Fictional: records should be kept. (1.3)", "Rejected", "No.", "", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


#: Widths (characters) at which each column of the Word table wraps in a PDF.
_PDF_COLUMN_WIDTHS = (8, 40, 12, 60, 20, 14)


def copied_from_pdf(data: bytes) -> bytes:
    """Text as copied out of a PDF of a tab-separated plan: every cell on lines of its own,
    wrapped at its column's width; no tabs, no markup."""
    import textwrap

    from saferelease.actionplans.parsing.common import paragraphs

    lines: list[str] = []
    for line in data.decode("utf-8").splitlines():
        cells = line.split("\t")
        in_table = len(cells) >= 5
        for index, cell in enumerate(cells):
            for paragraph in paragraphs(cell):
                if in_table:
                    lines.extend(textwrap.wrap(paragraph, _PDF_COLUMN_WIDTHS[index]))
                else:
                    lines.append(paragraph)
    return "\n".join(lines).encode("utf-8")
