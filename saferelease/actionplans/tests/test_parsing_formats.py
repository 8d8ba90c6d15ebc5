"""Other containers: .xlsx, .csv (flat and HMIP headers), .pdf, and a 2015-layout .docx."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

import docx
import openpyxl
from openpyxl.styles import Font
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from saferelease.actionplans.parsing import detect_format, parse_action_plan

FLAT_HEADER = [
    "ref",
    "kind",
    "addressee",
    "area",
    "text",
    "paragraph_refs",
    "repeats",
    "decision",
    "response",
    "owner",
    "target_date",
]


def _by_ref(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["ref"]: item for item in plan["items"]}


# --------------------------------------------------------------------------- .xlsx


def build_xlsx_2019() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Establishment:", "HMP Sheetly"])
    sheet.append([])
    sheet.append(
        [
            "Ref",
            "Recommendation",
            "Agreed/Partly agreed/Not agreed",
            "Action",
            "Responsible owner",
            "Target date",
        ]
    )
    sheet.append(["Recommendations to the governor"])
    sheet["A4"].font = Font(bold=True)
    sheet.append(
        [
            "1.1",
            "Keep records. (1.3)",
            "Agreed",
            "Records kept.",
            "Head of Safety",
            datetime(2020, 1, 31),
        ]
    )
    sheet.append(
        ["1.2", "Train staff in", "Not Agreed", "Training\nis", "Head of Learning", "March 2020"]
    )
    sheet.append([None, "first aid. (1.4)", None, "not funded.", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_2019_headers() -> None:
    plan = parse_action_plan(build_xlsx_2019(), "plan.xlsx").to_dict()
    assert plan["format"] == "xlsx"
    assert plan["establishment"] == "HMP Sheetly"
    items = _by_ref(plan)
    assert list(items) == ["1.1", "1.2"]
    assert items["1.1"]["addressee"] == "the governor"
    assert items["1.1"]["owners"][0]["target_date"] == "2020-01-31"
    assert items["1.1"]["source_line"] == 5
    assert items["1.2"]["text"] == "Train staff in first aid."
    assert items["1.2"]["paragraph_refs"] == ["1.4"]
    assert items["1.2"]["decision"] == "rejected"
    assert items["1.2"]["response"] == "Training\n\nis not funded."
    assert items["1.2"]["owners"][0]["target_date"] == "2020-03-31"


def test_xlsx_flat_headers() -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(FLAT_HEADER)
    sheet.append(
        [
            "S1",
            "main_recommendation",
            "the governor",
            None,
            "Do better.",
            "S12",
            None,
            "Partially Accepted",
            "We will.",
            "Governor",
            "2020-03-31",
        ]
    )
    sheet.append(
        ["S1", None, None, None, None, None, None, None, None, "Head of Safety", "Ongoing"]
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = parse_action_plan(buffer.getvalue(), "flat.xlsx").to_dict()
    [item] = plan["items"]
    assert item["kind"] == "main_recommendation"
    assert item["paragraph_refs"] == ["S12"]
    assert item["decision"] == "partially_accepted"
    assert item["owners"] == [
        {"function": "Governor", "target_date": "2020-03-31", "target_as_written": "2020-03-31"},
        {"function": "Head of Safety", "target_date": None, "target_as_written": "Ongoing"},
    ]


# --------------------------------------------------------------------------- .csv

FLAT_CSV = (
    ",".join(FLAT_HEADER)
    + "\n"
    + "\n".join(
        [
            '5.1,main_recommendation,the governor,,"Improve training.",S42,,Accepted,'
            '"First paragraph.\n\nSecond paragraph.",Head of Learning,31 January 2016',
            "5.1,,,,,,,,,Head of Reducing Reoffending,Completed",
            "5.2,recommendation,the governor,Safety,Reduce debt. (1.14),,3.32,"
            "Accepted Subject to Resources,Debt advice.,Head of Safer Custody,31/10/2015",
            "5.3,housekeeping,the governor,Security,Clean the fridge.,1.32,,Rejected,No.,"
            "Head of Security,",
        ]
    )
    + "\n"
)


def test_csv_flat_format() -> None:
    plan = parse_action_plan(FLAT_CSV.encode("utf-8"), "plan.csv").to_dict()
    assert plan["format"] == "csv"
    assert plan["establishment"] is None
    items = _by_ref(plan)
    assert list(items) == ["5.1", "5.2", "5.3"]
    first = items["5.1"]
    assert first["response"] == "First paragraph.\n\nSecond paragraph."
    assert first["owners"] == [
        {
            "function": "Head of Learning",
            "target_date": "2016-01-31",
            "target_as_written": "31 January 2016",
        },
        {
            "function": "Head of Reducing Reoffending",
            "target_date": None,
            "target_as_written": "Completed",
        },
    ]
    assert first["source_line"] == 2
    second = items["5.2"]
    assert (second["kind"], second["area"]) == ("recommendation", "Safety")
    assert second["text"] == "Reduce debt."
    assert (second["paragraph_refs"], second["repeats"]) == (["1.14"], ["3.32"])
    assert second["decision"] == "accepted_subject_to_resources"
    assert second["owners"][0]["target_date"] == "2015-10-31"
    third = items["5.3"]
    assert (third["kind"], third["decision"]) == ("housekeeping", "rejected")
    assert plan["stated_summary"] is None


def test_csv_with_hmip_headers_and_semicolons() -> None:
    text = "\n".join(
        [
            "Recommendation number;Recommendation;Agreed / Partly Agreed / Not Agreed;Response;"
            "Responsible owner;Target date",
            "P1;Reduce violence. (S1);Agreed;Plan in place.;Head of Safety;March 2020",
            ";;;Reviewed monthly.;;",
        ]
    )
    plan = parse_action_plan(text.encode("cp1252"), "plan.csv").to_dict()
    [item] = plan["items"]
    assert item["response"] == "Plan in place.\n\nReviewed monthly."
    assert item["kind"] == "main_recommendation"


# --------------------------------------------------------------------------- .pdf


def build_pdf() -> bytes:
    styles = getSampleStyleSheet()

    def cell(text: str) -> Paragraph:
        return Paragraph(text, styles["Normal"])

    header = [
        "Ref",
        "Recommendation",
        "Agreed / Partly Agreed / Not Agreed",
        "Response",
        "Responsible owner",
        "Target date",
    ]
    rows = [
        [cell(text) for text in header],
        ["", cell("Recommendations to the governor"), "", "", "", ""],
        [
            "1.1",
            cell(
                "Prisoners should be able to shower every day, and this text is long "
                "enough to wrap inside its cell. (1.5)"
            ),
            "Agreed",
            cell("Showers fixed."),
            cell("Head of Residence"),
            "March 2020",
        ],
        [
            "1.2",
            cell("Cells should be clean. (1.6)"),
            "Not Agreed",
            cell("Not funded."),
            cell("Governor"),
            "31/01/2020",
        ],
    ]
    table = Table(rows, colWidths=[40, 200, 90, 150, 100, 80])
    table.setStyle(
        TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("SPAN", (1, 1), (5, 1))])
    )
    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=landscape(A4))
    document.build(
        [Paragraph("ESTABLISHMENT: HMP PDFTOWN", styles["Normal"]), Spacer(1, 12), table]
    )
    return buffer.getvalue()


def test_pdf_best_effort() -> None:
    plan = parse_action_plan(build_pdf(), "plan.pdf").to_dict()
    assert plan["format"] == "pdf"
    assert plan["establishment"] == "HMP PDFTOWN"
    items = _by_ref(plan)
    assert list(items) == ["1.1", "1.2"]
    assert items["1.1"]["text"] == (
        "Prisoners should be able to shower every day, and this text is long enough to wrap "
        "inside its cell."
    )
    assert items["1.1"]["paragraph_refs"] == ["1.5"]
    assert items["1.1"]["addressee"] == "the governor"
    assert items["1.1"]["response"] == "Showers fixed."
    assert items["1.1"]["owners"][0] == {
        "function": "Head of Residence",
        "target_date": "2020-03-31",
        "target_as_written": "March 2020",
    }
    assert items["1.2"]["decision"] == "rejected"
    assert items["1.2"]["owners"][0]["target_date"] == "2020-01-31"


# --------------------------------------------------------------------------- 2015 layout in .docx


def build_2015_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("ESTABLISHMENT: HMP WORDHAM")
    timetable = document.add_table(rows=0, cols=3)
    for values in (
        ["TIMETABLE", "DATE", "STATUS OF THIS RETURN"],
        ["Full Unannounced inspection", "2 – 13 March 2015", ""],
        ["Action Plan Submitted", "16 October 2015", "Attached"],
    ):
        for cell, value in zip(timetable.add_row().cells, values, strict=True):
            cell.text = value
    document.add_paragraph("POSITION AS AT: OCTOBER 2015")
    table = document.add_table(rows=0, cols=6)
    header = [
        "1. Rec. No.",
        "2. Recommendation",
        "3. Accepted/ Rejected",
        "4. Response Action Taken/Planned",
        "5. Function Responsible/ Policy Lead",
        "6. Target Date",
    ]
    rows = [
        header,
        ["", "**Main recommendations To the governor**", "", "", "", ""],
        ["5.1", "Do the first thing. (S42)", "Accepted", "Done.", "Head of Safer", "29 February"],
        header,
        ["", "", "", "", "Custody", "2016"],
        [
            "5.2",
            "Do the second thing. (1.2)",
            "Partially Accepted",
            "Partly done.",
            "Head of OMU\nHead of Security",
            "31 March 2016\nCompleted",
        ],
    ]
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values, strict=True):
            bold = value.startswith("**")
            for index, line in enumerate(value.strip("*").split("\n")):
                paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
                paragraph.add_run(line).bold = bold
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_2015_layout() -> None:
    data = build_2015_docx()
    plan = parse_action_plan(data, "wordham.docx").to_dict()
    assert plan["establishment"] == "HMP WORDHAM"
    assert plan["inspection_kind"] == "full_unannounced"
    assert plan["inspection_start"] == "2015-03-02"
    assert plan["action_plan_submitted"] == "2015-10-16"
    assert plan["position_as_at"] == "October 2015"
    items = _by_ref(plan)
    assert items["5.1"]["kind"] == "main_recommendation"
    assert items["5.1"]["owners"] == [
        {
            "function": "Head of Safer Custody",
            "target_date": "2016-02-29",
            "target_as_written": "29 February 2016",
        }
    ]
    assert items["5.1"]["source_line"] == 6  # three timetable rows, header, heading
    assert items["5.2"]["owners"] == [
        {
            "function": "Head of OMU",
            "target_date": "2016-03-31",
            "target_as_written": "31 March 2016",
        },
        {"function": "Head of Security", "target_date": None, "target_as_written": "Completed"},
    ]


def test_format_detection_uses_content() -> None:
    data = build_2015_docx()
    assert detect_format(data, "upload.bin") == "docx"
    assert detect_format(build_xlsx_2019(), "upload") == "xlsx"
    assert detect_format(build_pdf(), "upload.txt") == "pdf"
    assert detect_format(b"a\tb\n", "notes") == "text"
    assert detect_format(b"ref,text\n", "export") == "csv"
    assert parse_action_plan(data, "upload.bin").to_dict()["format"] == "docx"
