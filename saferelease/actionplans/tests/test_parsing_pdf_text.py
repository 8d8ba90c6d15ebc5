"""Text copied out of a PDF (one cell per line): the table rebuilt, or refused with advice."""

from __future__ import annotations

from typing import Any

import pytest

from saferelease.actionplans.parsing import ParseError, parse_action_plan
from saferelease.actionplans.parsing.pdf_text import HOW_TO, REBUILT_WARNING
from saferelease.actionplans.tests.documents import SEED, copied_from_pdf

FICTIONAL_2019 = """Action Plan: HMP Fenwick
Action Plan Submitted 05 November 2019
A Response to the HMIP Inspection 23 April – 3 May 2019
Report Published 20 August 2019
INTRODUCTION
Fictional: action plans are sent to HMIP and published on the web.
Ref
Recommendation
Agreed / Partly
Agreed / Not
Agreed
Response
Responsible
owner
Target
date
Recommendations to the governor
S1
Leaders should make sure that every man has a release
address confirmed six weeks before release. (S40)
Partly
Agreed
The prison will work with the local councils and the
probation service to confirm addresses earlier. By Q3
2020 a weekly meeting will track every man due out.
Head of Reducing
Reoffending
31 March 2020
S2
OASys assessments should be up to date. (S41)
Agreed
A backlog plan is in place.
Head of OMU
Head of Psychology
31 January 2020
30 June 2020
Safety
1.10
Violence should fall. (1.10, repeated recommendation 1.5)
Not Agreed
The prison disagrees.
Page 3 of 10
7
Ref
Recommendation
Agreed / Partly
Agreed / Not
Agreed
Response
Responsible
owner
Target
date
2.14
Food should be served hot. (2.14)
Agreed
New trolleys were bought.
Catering manager
Completed
Agreed
2
Partly agreed
1
Not agreed
1
Total
4
"""


@pytest.fixture(scope="module")
def fictional() -> dict[str, Any]:
    return parse_action_plan(FICTIONAL_2019.encode("utf-8"), "copied.txt").to_dict()


def test_cover_and_rebuilt_rows(fictional: dict[str, Any]) -> None:
    assert fictional["format"] == "hmip-2019-text"
    assert (fictional["establishment"], fictional["inspection_start"]) == (
        "HMP Fenwick",
        "2019-04-23",
    )
    assert REBUILT_WARNING in fictional["warnings"]
    items = {item["ref"]: item for item in fictional["items"]}
    assert list(items) == ["S1", "S2", "1.10", "2.14"]  # not the page number "7", not "Q3"
    s1 = items["S1"]
    assert s1["text"] == (
        "Leaders should make sure that every man has a release address confirmed six weeks "
        "before release."
    )
    assert s1["paragraph_refs"] == ["S40"]
    assert (s1["decision"], s1["decision_as_written"]) == ("partially_accepted", "Partly Agreed")
    assert s1["response"].endswith("a weekly meeting will track every man due out.")
    assert s1["owners"] == [
        {
            "function": "Head of Reducing Reoffending",
            "target_date": "2020-03-31",
            "target_as_written": "31 March 2020",
        }
    ]
    assert [(o["function"], o["target_as_written"]) for o in items["S2"]["owners"]] == [
        ("Head of OMU", "31 January 2020"),
        ("Head of Psychology", "30 June 2020"),
    ]
    assert items["1.10"]["area"] == "Safety"
    assert items["1.10"]["repeats"] == ["1.5"]
    assert items["1.10"]["owners"] == []
    assert items["2.14"]["owners"][0]["target_as_written"] == "Completed"
    assert fictional["stated_summary"]["recommendations"] == {
        "accepted": 2,
        "partial_or_subject_to_resources": 1,
        "rejected": 1,
        "total": 4,
    }
    assert fictional["reconciliation"]["consistent"] is True


def _comparable(item: dict[str, Any]) -> dict[str, Any]:
    kept = {key: item[key] for key in ("kind", "addressee", "area", "text", "paragraph_refs")}
    kept["repeats"] = item["repeats"]
    kept["decision"] = item["decision_as_written"]
    kept["owners"] = [
        (o["function"], o["target_date"], o["target_as_written"]) for o in item["owners"]
    ]
    return kept


def test_the_littlehey_seed_copied_out_of_a_pdf() -> None:
    """Rows split across pages, owners and dates split across pages, wrapped headings, the
    repeated header: every item as in the Word table, bar one documented limit."""
    tabbed = parse_action_plan(SEED, "seed.txt").to_dict()
    copied = parse_action_plan(copied_from_pdf(SEED), "copied.txt").to_dict()
    assert [i["ref"] for i in copied["items"]] == [i["ref"] for i in tabbed["items"]]
    differences = {
        item["ref"]: (_comparable(item), _comparable(other))
        for item, other in zip(tabbed["items"], copied["items"], strict=True)
        if _comparable(item) != _comparable(other)
    }
    # 5.32 has no target, so nothing marks where its owner ends and the next heading ("Time
    # out of cell") starts: the heading joins the owner and 5.33 keeps the area above.
    assert set(differences) == {"5.32", "5.33"}
    assert differences["5.32"][1]["owners"][0][0].endswith(
        "Head of Corporate Services Time out of cell"
    )
    assert differences["5.33"][1]["area"] == "Purchases"
    for key in ("establishment", "inspection_start", "inspection_end", "report_published"):
        assert copied[key] == tabbed[key]
    assert copied["action_plan_submitted"] == tabbed["action_plan_submitted"]
    assert copied["stated_summary"] == tabbed["stated_summary"]
    assert copied["reconciliation"] == tabbed["reconciliation"]
    assert copied["warnings"] == [REBUILT_WARNING]


def test_rows_that_cannot_be_rebuilt_are_refused_with_advice() -> None:
    text = FICTIONAL_2019.replace("Partly\nAgreed\n", "")  # S1 loses its decision
    with pytest.raises(ParseError) as caught:
        parse_action_plan(text.encode("utf-8"), "copied.txt")
    message = str(caught.value)
    assert message.startswith("line 18: item S1")
    assert "text copied out of a PDF" in message and HOW_TO in message


def test_text_without_columns_or_a_header_is_refused_with_advice() -> None:
    text = "Action Plan: HMP Fenwick\nS1 Leaders should act.\nAgreed\nThey will.\n"
    with pytest.raises(ParseError, match="unknown layout") as caught:
        parse_action_plan(text.encode("utf-8"), "copied.txt")
    assert HOW_TO in str(caught.value)


def test_tab_separated_text_is_not_rebuilt() -> None:
    plan = parse_action_plan(SEED, "seed.txt").to_dict()
    assert REBUILT_WARNING not in plan["warnings"]
