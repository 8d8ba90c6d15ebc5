"""The 2019-onwards layout ("Agreed / Partly Agreed / Not Agreed"), as text and as .docx."""

from __future__ import annotations

import io
import json
from typing import Any

import docx
import pytest
from docx.table import Table

from saferelease.actionplans.parsing import parse_action_plan

HEADER = [
    "Recommendation number",
    "Recommendation",
    "Agreed / Partly Agreed / Not Agreed",
    "Response",
    "Responsible owner",
    "Target date",
]

TEXT_2019 = "\n".join(
    [
        "HMP EXAMPLE – ACTION PLAN",
        "",
        "Establishment:\tHMP Example",
        "Inspection type:\tFull announced inspection",
        "Inspection dates:\t28 October – 8 November 2019",
        "Report published:\t25 February 2020",
        "Action plan submitted:\t7 April 2020",
        "",
        "\t".join(HEADER),
        "\t<b>Priority concerns and recommendations</b>\t\t\t\t",
        "P1\tLeaders should reduce violence. (S1)\tAgreed\tA violence reduction plan is in"
        " place.\tHead of Safety\tMarch 2020",
        "P2\tPrisoners should spend more time out of cell. (S2)\tPartly Agreed\tThe regime will"
        " be reviewed.\tDeputy Governor\t31/01/2020",
        "\t<b>Recommendations to the governor Safety</b>\t\t\t\t",
        "1.1\tThe segregation unit should be\tNot Agreed\tThe unit is\tHead of\t",
        "",
        "\t".join(HEADER),
        "\trefurbished. (1.10, repeated recommendation 1.5)\t\tnot funded this year.\tSafety\t",
        "1.2\tFirst night cells should be clean. (1.12)\tAgreed\t<p>Cleaning schedules are in"
        " place.</p> <p>Checks are made daily.</p>\t<p>Head of Residence</p> <p>Head of"
        " Facilities</p>\t<p>31 March 2020</p> <p>30 June 2020</p>",
        "\t<b>Respect</b>\t\t\t\t",
        "1.3\tFood should be served hot. (2.4)\tAgreed\tNew trolleys were bought.\tCatering"
        " manager\tCompleted",
        "",
        "Recommendations\t",
        "Agreed\t3",
        "Partly agreed\t1",
        "Not agreed\t1",
        "Total\t5",
    ]
)


@pytest.fixture(scope="module")
def text_plan() -> dict[str, Any]:
    return parse_action_plan(TEXT_2019.encode("utf-8"), "example_2019.txt").to_dict()


def _by_ref(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["ref"]: item for item in plan["items"]}


def test_text_preamble(text_plan: dict[str, Any]) -> None:
    assert text_plan["format"] == "hmip-2019-text"
    assert text_plan["establishment"] == "HMP Example"
    assert text_plan["inspection_kind"] == "full_announced"
    assert text_plan["inspection_start"] == "2019-10-28"
    assert text_plan["inspection_end"] == "2019-11-08"
    assert text_plan["report_published"] == "2020-02-25"
    assert text_plan["action_plan_submitted"] == "2020-04-07"
    assert text_plan["position_as_at"] is None


def test_text_items(text_plan: dict[str, Any]) -> None:
    items = _by_ref(text_plan)
    assert list(items) == ["P1", "P2", "1.1", "1.2", "1.3"]
    assert items["P1"]["kind"] == "main_recommendation"
    assert items["P1"]["addressee"] is None
    assert items["P1"]["decision"] == "accepted"
    assert items["P1"]["decision_as_written"] == "Agreed"
    assert items["P1"]["owners"] == [
        {
            "function": "Head of Safety",
            "target_date": "2020-03-31",
            "target_as_written": "March 2020",
        }
    ]
    assert items["P2"]["decision"] == "partially_accepted"
    assert items["P2"]["owners"][0]["target_date"] == "2020-01-31"
    assert items["P2"]["owners"][0]["target_as_written"] == "31/01/2020"
    one = items["1.1"]
    assert (one["kind"], one["addressee"], one["area"]) == (
        "recommendation",
        "the governor",
        "Safety",
    )
    assert one["decision"] == "rejected"
    assert one["decision_as_written"] == "Not Agreed"
    assert one["text"] == "The segregation unit should be refurbished."
    assert (one["paragraph_refs"], one["repeats"]) == (["1.10"], ["1.5"])
    assert one["response"] == "The unit is not funded this year."
    assert one["owners"] == [
        {"function": "Head of Safety", "target_date": None, "target_as_written": ""}
    ]
    assert one["source_line"] == 14
    assert items["1.3"]["area"] == "Respect"
    assert items["1.3"]["owners"][0]["target_as_written"] == "Completed"


def test_text_multiple_owners_in_one_cell(text_plan: dict[str, Any]) -> None:
    item = _by_ref(text_plan)["1.2"]
    assert item["response"] == "Cleaning schedules are in place.\n\nChecks are made daily."
    assert item["owners"] == [
        {
            "function": "Head of Residence",
            "target_date": "2020-03-31",
            "target_as_written": "31 March 2020",
        },
        {
            "function": "Head of Facilities",
            "target_date": "2020-06-30",
            "target_as_written": "30 June 2020",
        },
    ]


def test_text_summary_and_reconciliation(text_plan: dict[str, Any]) -> None:
    assert text_plan["stated_summary"] == {
        "recommendations": {
            "accepted": 3,
            "partial_or_subject_to_resources": 1,
            "rejected": 1,
            "total": 5,
        }
    }
    assert text_plan["reconciliation"] == {"consistent": True, "differences": []}


@pytest.mark.parametrize(
    "header",
    [
        ["Ref", "Recommendation", "Agreed/Partly agreed/Not agreed", "Action", "Owner", "Date"],
        ["REF", "RECOMMENDATION", "Response", "Action", "Responsible  owner", "Target  date"],
        [
            "Recommendation number / Ref",
            "Recommendation",
            "Agreed/ partly agreed/ not agreed",
            "Response / action",
            "Responsible owner",
            "Target date",
        ],
    ],
)
def test_header_wording_varies(header: list[str]) -> None:
    text = "\n".join(
        ["\t".join(header), "S1\tDo it. (S1)\tPartly agreed\tWe will.\tGovernor\t31/01/2020"]
    )
    plan = parse_action_plan(text.encode(), "plan.txt").to_dict()
    [item] = plan["items"]
    assert item["decision"] == "partially_accepted"
    assert item["response"] == "We will."
    assert item["owners"][0]["function"] == "Governor"
    assert item["owners"][0]["target_date"] == "2020-01-31"
    assert item["kind"] == "main_recommendation"


# --------------------------------------------------------------------------- .docx


def _add_row(table: Table, values: list[str], *, bold: bool = False) -> None:
    cells = table.add_row().cells
    for cell, value in zip(cells, values, strict=True):
        lines = value.split("\n")
        cell.paragraphs[0].add_run(lines[0]).bold = bold
        for line in lines[1:]:
            cell.add_paragraph().add_run(line).bold = bold


def build_2019_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("HMP Docxville – action plan")
    document.add_paragraph("Establishment: HMP Docxville")
    document.add_paragraph("Independent review of progress\t3 – 5 June 2019")
    document.add_paragraph("Report published: 1 August 2019")
    table = document.add_table(rows=0, cols=6)
    _add_row(table, HEADER, bold=True)
    heading = table.add_row().cells
    merged = heading[0].merge(heading[5])
    merged.paragraphs[0].add_run("Key concerns and recommendations").bold = True
    _add_row(
        table,
        [
            "K1",
            "Staff should challenge poor behaviour. (1.1)",
            "Agreed",
            "Training is planned.",
            "Head of Residence",
            "March 2020",
        ],
    )
    _add_row(
        table,
        [
            "1.4",
            "Use of force paperwork should be",
            "Partly Agreed",
            "Paperwork is checked.\nA new log",
            "Head of Security",
            "31/01/2020",
        ],
    )
    _add_row(table, HEADER, bold=True)  # repeated at a page break
    _add_row(table, ["", "completed promptly. (1.40)", "", "has been introduced.", "", ""])
    _add_row(table, ["", "Recommendations to the governor Respect", "", "", "", ""], bold=True)
    _add_row(
        table,
        [
            "2.1",
            "Prisoners should have access to a kettle. (2.2)",
            "Not Agreed",
            "Not affordable.",
            "Governor",
            "",
        ],
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def docx_plan() -> dict[str, Any]:
    return parse_action_plan(build_2019_docx(), "docxville.docx").to_dict()


def test_docx_preamble(docx_plan: dict[str, Any]) -> None:
    assert docx_plan["format"] == "docx"
    assert docx_plan["establishment"] == "HMP Docxville"
    assert docx_plan["inspection_kind"] == "independent_review_of_progress"
    assert (docx_plan["inspection_start"], docx_plan["inspection_end"]) == (
        "2019-06-03",
        "2019-06-05",
    )
    assert docx_plan["report_published"] == "2019-08-01"
    assert docx_plan["stated_summary"] is None
    assert docx_plan["reconciliation"] == {"consistent": True, "differences": []}


def test_docx_items(docx_plan: dict[str, Any]) -> None:
    items = _by_ref(docx_plan)
    assert list(items) == ["K1", "1.4", "2.1"]
    assert items["K1"]["kind"] == "main_recommendation"
    assert items["K1"]["owners"][0]["target_date"] == "2020-03-31"
    assert items["K1"]["source_line"] == 3
    merged = items["1.4"]
    assert merged["kind"] == "main_recommendation"
    assert merged["text"] == "Use of force paperwork should be completed promptly."
    assert merged["paragraph_refs"] == ["1.40"]
    assert merged["decision"] == "partially_accepted"
    assert merged["response"] == "Paperwork is checked.\n\nA new log has been introduced."
    assert merged["owners"] == [
        {
            "function": "Head of Security",
            "target_date": "2020-01-31",
            "target_as_written": "31/01/2020",
        }
    ]
    last = items["2.1"]
    assert (last["kind"], last["addressee"], last["area"]) == (
        "recommendation",
        "the governor",
        "Respect",
    )
    assert last["decision"] == "rejected"
    assert last["owners"][0]["target_date"] is None
    assert json.dumps(docx_plan)
