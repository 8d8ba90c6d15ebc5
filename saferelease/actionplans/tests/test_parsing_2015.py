"""The HMP Littlehey 2015 action plan, parsed field by field against a careful reading."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from saferelease.actionplans.parsing import ParsedActionPlan, parse_action_plan

SEED = Path(__file__).resolve().parent.parent / "data" / "littlehey_2015_action_plan.txt"


@pytest.fixture(scope="module")
def plan() -> ParsedActionPlan:
    return parse_action_plan(SEED.read_bytes(), SEED.name)


@pytest.fixture(scope="module")
def data(plan: ParsedActionPlan) -> dict[str, Any]:
    return plan.to_dict()


@pytest.fixture(scope="module")
def items(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {item["ref"]: item for item in data["items"]}


def test_preamble(data: dict[str, Any]) -> None:
    assert data["establishment"] == "HMP LITTLEHEY"
    assert data["inspection_kind"] == "full_unannounced"
    assert data["inspection_start"] == "2015-03-02"
    assert data["inspection_end"] == "2015-03-13"
    assert data["report_published"] == "2015-07-31"
    assert data["action_plan_submitted"] == "2015-10-16"
    assert data["position_as_at"] == "October 2015"
    assert data["format"] == "hmip-2015-text"


def test_dataclass_attributes(plan: ParsedActionPlan) -> None:
    assert plan.inspection_start == date(2015, 3, 2)
    assert plan.items[0].owners[0].target_date == date(2016, 1, 31)


def test_refs_in_order(data: dict[str, Any]) -> None:
    assert len(data["items"]) == 64
    assert [item["ref"] for item in data["items"]] == [f"5.{n}" for n in range(1, 65)]


def test_output_keys(data: dict[str, Any]) -> None:
    assert list(data) == [
        "establishment",
        "inspection_kind",
        "inspection_start",
        "inspection_end",
        "report_published",
        "action_plan_submitted",
        "position_as_at",
        "format",
        "items",
        "stated_summary",
        "reconciliation",
        "warnings",
    ]
    assert data["warnings"] == []
    assert list(data["items"][0]) == [
        "ref",
        "kind",
        "addressee",
        "area",
        "text",
        "paragraph_refs",
        "repeats",
        "decision",
        "decision_as_written",
        "response",
        "owners",
        "source_line",
    ]


def test_kinds_and_addressees(items: dict[str, dict[str, Any]]) -> None:
    for ref in ("5.1", "5.2"):
        assert (items[ref]["kind"], items[ref]["addressee"]) == (
            "main_recommendation",
            "the governor",
        )
    assert (items["5.3"]["kind"], items["5.3"]["addressee"]) == ("main_recommendation", "NOMS")
    for number in range(4, 58):
        item = items[f"5.{number}"]
        assert (item["kind"], item["addressee"]) == ("recommendation", "the governor")
    assert (items["5.58"]["kind"], items["5.58"]["addressee"]) == (
        "housekeeping",
        "Prisoner Escort and Custody Services",
    )
    for number in range(59, 65):
        item = items[f"5.{number}"]
        assert (item["kind"], item["addressee"]) == ("housekeeping", "the governor")


@pytest.mark.parametrize(
    ("ref", "area"),
    [
        ("5.1", None),
        ("5.3", None),
        ("5.4", "Bullying and violence reduction"),
        ("5.5", "Bullying and violence reduction"),
        ("5.6", "Self-harm and suicide"),
        ("5.8", "Incentives and earned privileges"),
        ("5.9", "Discipline"),
        ("5.12", "Residential units"),
        ("5.22", "Health services"),
        ("5.33", "Time out of cell"),
        ("5.47", "Offender management and planning"),
        ("5.57", "Reintegration planning"),
        ("5.58", None),
        ("5.59", "Early days in custody"),
        ("5.61", "Security"),
        ("5.62", "Incentives and earned privileges"),
        ("5.64", "Health services"),
    ],
)
def test_areas(items: dict[str, dict[str, Any]], ref: str, area: str | None) -> None:
    assert items[ref]["area"] == area


def test_text_across_page_break(items: dict[str, dict[str, Any]]) -> None:
    item = items["5.2"]
    assert item["text"].startswith("The prison should pursue a whole-prison approach")
    assert item["text"].endswith("how to work effectively with a sex offender population.")
    assert item["paragraph_refs"] == ["S43"]
    assert item["repeats"] == []
    assert items["5.9"]["text"] == (
        "Management oversight and accountability for all aspects of use of force, including "
        "planned interventions, should be improved."
    )


def test_references(items: dict[str, dict[str, Any]]) -> None:
    assert items["5.1"]["paragraph_refs"] == ["S42"]
    assert items["5.1"]["text"].endswith("on release.")
    assert (items["5.6"]["paragraph_refs"], items["5.6"]["repeats"]) == (["1.21"], ["3.32"])
    assert items["5.6"]["text"].endswith("wider representation of departments at reviews.")
    assert (items["5.12"]["paragraph_refs"], items["5.12"]["repeats"]) == (["2.7"], ["2.1"])
    for item in items.values():
        assert "(" not in item["text"][-12:], item["ref"]
        assert item["paragraph_refs"], item["ref"]


def test_decisions(items: dict[str, dict[str, Any]]) -> None:
    assert items["5.10"]["decision"] == "accepted_subject_to_resources"
    assert items["5.10"]["decision_as_written"] == "Accepted Subject to Resources"
    assert items["5.28"]["decision"] == "partially_accepted"
    assert items["5.28"]["decision_as_written"] == "Partially Accepted"
    assert items["5.12"]["decision"] == "rejected"
    counts: dict[str, list[str]] = {}
    for ref, item in items.items():
        counts.setdefault(item["decision"], []).append(ref)
    assert counts["rejected"] == ["5.12", "5.31", "5.32"]
    assert counts["partially_accepted"] == ["5.28", "5.30"]
    assert counts["accepted_subject_to_resources"] == ["5.10", "5.46"]
    assert len(counts["accepted"]) == 57


def _owners(item: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    return [(o["function"], o["target_date"], o["target_as_written"]) for o in item["owners"]]


HSC = "Head of Safer Custody"
HEQ = "Head of Equalities"
HLS = "Head of Learning and Skills"
HRR = "Head of Reducing Reoffending"
NHT = "NHT Head of Service /Head of Healthcare"
DCCM = "Directorate of Commissioning and Contract Management / Head of Corporate Services"
OCT15 = ("2015-10-31", "31 October 2015")
DONE = (None, "Completed")

EXPECTED_OWNERS: dict[str, list[tuple[str, str | None, str]]] = {
    "5.1": [("Head of Reducing Re-Offending", "2016-01-31", "31 January 2016")],
    "5.2": [("Head of Offender Management Unit (OMU)", "2016-04-30", "30 April 2016")],
    "5.3": [("Rehabilitation Services Transformation Group", *DONE)],
    "5.4": [(HSC, *OCT15)],
    "5.5": [(HSC, *OCT15)],
    "5.6": [(HSC, "2016-03-31", "31 March 2016")],
    "5.7": [(HSC, *DONE)],
    "5.8": [(HEQ, *OCT15)],
    "5.9": [(HSC, *OCT15)],
    "5.10": [(HSC, "2016-07-31", "31 July 2016")],
    "5.11": [(HSC, *OCT15)],
    "5.12": [("Deputy Director of Custody", None, "")],
    "5.13": [("Head of Residential and Safety", "2015-11-30", "30 November 2015")],
    "5.14": [(HEQ, *OCT15)],
    "5.15": [(HEQ, *OCT15)],
    "5.16": [(HEQ, *DONE)],
    "5.17": [(HEQ, "2015-12-31", "31 December 2015")],
    "5.18": [(HEQ, *OCT15)],
    "5.19": [(HEQ, *DONE)],
    "5.20": [(HRR, "2016-01-31", "31 January 2016")],
    "5.21": [("Head of Corporate Services", "2015-12-31", "31 December 2015")],
    "5.22": [("Northamptonshire Healthcare Trust (NHT) Head of Service /Head of Equality", *OCT15)],
    "5.23": [(NHT, *OCT15)],
    "5.24": [(NHT, *OCT15)],
    "5.25": [(NHT, *DONE)],
    "5.26": [(NHT, *OCT15)],
    "5.27": [(NHT, *OCT15)],
    "5.28": [(NHT, *OCT15)],
    "5.29": [(HEQ, "2016-03-31", "31 March 2016")],
    "5.30": [("Deputy Governor", "2016-01-31", "31 January 2016")],
    "5.31": [(DCCM, None, "")],
    "5.32": [(DCCM, None, "")],
    "5.33": [
        ("NOMS Equality Rights and Decency Group", None, ""),
        ("Deputy Governor", "2016-01-31", "31 January 2016"),
    ],
    "5.34": [(HRR, "2016-03-31", "31 March 2016")],
    "5.35": [(HLS, "2016-07-31", "31 July 2016")],
    "5.36": [(HRR, "2016-03-31", "31 March 2016")],
    "5.37": [(HLS, "2016-01-31", "31 January 2016")],
    "5.38": [(HLS, "2015-12-31", "31 December 2015")],
    "5.39": [(HLS, "2016-07-31", "31 July 2016")],
    "5.40": [(HLS, *OCT15)],
    "5.41": [(HLS, *DONE)],
    "5.42": [(HLS, *DONE)],
    "5.43": [(HLS, "2015-12-31", "31 December 2015")],
    "5.44": [(HRR, "2016-04-30", "30 April 2016")],
    "5.45": [(HLS, "2015-12-31", "31 December 2015")],
    "5.46": [(HRR, "2016-03-31", "31 March 2016")],
    "5.47": [("Head of OMU", "2016-05-31", "31 May 2016")],
    "5.48": [("Head of OMU", "2016-02-29", "29 February 2016")],
    "5.49": [("Head of OMU", "2016-08-31", "31 August 2016")],
    "5.50": [("Head of OMU", "2016-05-31", "31 May 2016")],
    "5.51": [("Head of OMU", "2015-12-31", "31 December 2015")],
    "5.52": [("Head of OMU", "2016-02-29", "29 February 2016")],
    "5.53": [("Head of OMU", "2016-12-31", "31 December 2016")],
    "5.54": [(HRR, *OCT15)],
    "5.55": [(HLS, "2016-04-30", "30 April 2016")],
    "5.56": [("Head of Healthcare", *DONE)],
    "5.57": [
        ("NOMS Directorate of Commissioning and Contract Management", None, ""),
        (HRR, "2016-04-30", "30 April 2016"),
    ],
    "5.58": [("NOMS Prisoner Escort and Custody Service (PECS)", None, "Ongoing")],
    "5.59": [(HSC, *DONE)],
    "5.60": [(HSC, *DONE)],
    "5.61": [("Head of Security", *DONE)],
    "5.62": [("Head of Residential and Safety", *OCT15)],
    "5.63": [(HEQ, *OCT15)],
    "5.64": [("NHT Head of Service /Head of Equalities", *OCT15)],
}


@pytest.mark.parametrize("ref", list(EXPECTED_OWNERS))
def test_owners_of_every_item(items: dict[str, dict[str, Any]], ref: str) -> None:
    assert _owners(items[ref]) == EXPECTED_OWNERS[ref]


def test_owner_and_date_joined_across_page_breaks(items: dict[str, dict[str, Any]]) -> None:
    assert _owners(items["5.9"]) == [("Head of Safer Custody", "2015-10-31", "31 October 2015")]
    assert _owners(items["5.27"])[0][0] == "NHT Head of Service /Head of Healthcare"
    assert items["5.52"]["owners"][0]["target_date"] == "2016-02-29"
    assert items["5.52"]["text"].endswith("by the inter departmental risk management team board.")
    assert items["5.52"]["paragraph_refs"] == ["4.22"]
    assert items["5.63"]["owners"][0]["target_date"] == "2015-10-31"
    assert items["5.63"]["text"] == (
        "All night staff should be aware of prisoners subject to a personal emergency "
        "evacuation plan."
    )


def test_completed_and_empty_targets(items: dict[str, dict[str, Any]]) -> None:
    assert items["5.3"]["owners"] == [
        {
            "function": "Rehabilitation Services Transformation Group",
            "target_date": None,
            "target_as_written": "Completed",
        }
    ]
    assert items["5.12"]["owners"][0]["target_date"] is None
    assert items["5.12"]["owners"][0]["target_as_written"] == ""
    assert items["5.58"]["owners"][0]["target_as_written"] == "Ongoing"


def test_response_paragraphs_5_57(items: dict[str, dict[str, Any]]) -> None:
    item = items["5.57"]
    assert HRR in [owner["function"] for owner in item["owners"]]
    assert item["owners"][-1]["target_date"] == "2016-04-30"
    paragraphs = item["response"].split("\n\n")
    assert len(paragraphs) == 5
    assert paragraphs[0].startswith("HMP Littlehey is commissioned to deliver")
    assert "For this reason, the delivery of sex offender treatment programmes" in paragraphs[1]
    assert paragraphs[-1] == (
        "On a local level, HMP Littlehey will develop a strategy to address the management of "
        "prisoners in denial of their sexual offending following a recently commissioned "
        "research project."
    )
    assert item["response"].endswith("recently commissioned research project.")


def test_response_continuations(items: dict[str, dict[str, Any]]) -> None:
    assert "and the Safer Custody CM will reinforce this" in items["5.5"]["response"]
    assert "\n" not in items["5.5"]["response"]
    response_5_3 = items["5.3"]["response"].split("\n\n")
    assert len(response_5_3) == 3
    assert "any provider who it feels offer a service which best meets" in response_5_3[2]
    response_5_48 = items["5.48"]["response"].split("\n\n")
    assert response_5_48[0].endswith(
        "the need for responses will be communicated to all departments, along with guidance "
        "on what information should be included."
    )
    assert len(response_5_48) == 2
    assert items["5.2"]["response"].split("\n\n")[1].startswith("Work will be undertaken")


def test_markup_is_stripped(data: dict[str, Any]) -> None:
    response_5_33 = next(item for item in data["items"] if item["ref"] == "5.33")["response"]
    assert "Residential Services" in response_5_33
    assert "regime remains compliant with the specification" in response_5_33
    for item in data["items"]:
        values = [item["text"], item["response"], item["decision_as_written"]]
        values += [owner["function"] for owner in item["owners"]]
        for value in values:
            assert "<" not in value and ">" not in value, item["ref"]
            assert "  " not in value, item["ref"]


def test_source_lines(items: dict[str, dict[str, Any]]) -> None:
    assert items["5.1"]["source_line"] == 20
    assert items["5.6"]["source_line"] == 37
    assert items["5.64"]["source_line"] == 160


def test_stated_summary(data: dict[str, Any]) -> None:
    assert data["stated_summary"] == {
        "recommendations": {
            "accepted": 50,
            "partial_or_subject_to_resources": 5,
            "rejected": 3,
            "total": 58,
        },
        "housekeeping": {
            "accepted": 6,
            "partial_or_subject_to_resources": 0,
            "rejected": 0,
            "total": 6,
        },
    }


def test_reconciliation_reports_every_difference(data: dict[str, Any]) -> None:
    assert data["reconciliation"] == {
        "consistent": False,
        "differences": [
            "Recommendations: the summary states 58 in total but 57 rows were found.",
            "Recommendations: the summary states 5 accepted subject to resources or partially "
            "accepted but 4 rows were found.",
            "Housekeeping points: the summary states 6 in total but 7 rows were found.",
            "Housekeeping points: the summary states 6 accepted but 7 rows were found.",
        ],
    }


def test_deterministic_and_json_serialisable() -> None:
    raw = SEED.read_bytes()
    first = parse_action_plan(raw, SEED.name).to_dict()
    second = parse_action_plan(raw, SEED.name).to_dict()
    assert first == second
    assert json.loads(json.dumps(first)) == first


def test_cp1252_copy_parses_the_same(data: dict[str, Any]) -> None:
    text = SEED.read_bytes().decode("utf-8")
    again = parse_action_plan(text.encode("cp1252"), "plan.tsv").to_dict()
    assert again == data
    with_bom = parse_action_plan(b"\xef\xbb\xbf" + SEED.read_bytes(), "plan.txt").to_dict()
    assert with_bom == data
