"""Inspection reports (to May 2022 and since) and reviews of progress, as text, .docx and PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from saferelease.actionplans.parsing import ParseError
from saferelease.actionplans.parsing.report import parse_inspection_report
from saferelease.actionplans.parsing.review import parse_review_of_progress
from saferelease.actionplans.tests.cycle_documents import (
    REPORT_2015,
    REPORT_2023,
    REPORT_SECTIONS,
    REVIEW_2016,
    as_docx,
    as_pdf,
)

CONTAINERS: dict[str, tuple[Callable[[str], bytes], str]] = {
    "text": (lambda text: text.encode("utf-8"), "report.txt"),
    "docx": (as_docx, "report.docx"),
    "pdf": (as_pdf, "report.pdf"),
}


def _parse(text: str, container: str) -> dict[str, Any]:
    build, name = CONTAINERS[container]
    return parse_inspection_report(build(text), name).to_dict()


@pytest.mark.parametrize("container", CONTAINERS)
def test_report_to_2022(container: str) -> None:
    report = _parse(REPORT_2015, container)
    assert report["format"] == "report-to-2022"
    assert (report["establishment"], report["inspection_kind"]) == (
        "HMP Littlehey",
        "full_unannounced",
    )
    assert (report["inspection_start"], report["inspection_end"]) == ("2015-03-02", "2015-03-13")
    assert report["report_published"] == "2015-07-31"
    assert report["grades"] == {
        "safety": 4,
        "respect": 3,
        "purposeful_activity": 3,
        "rehabilitation_release_planning": 2,  # "Resettlement" before 2017
    }
    items = {item["ref"]: item for item in report["items"]}
    assert list(items) == ["5.1", "5.6", "5.48", "5.99"]  # good practice 5.100 skipped
    assert items["5.1"]["kind"] == "main_recommendation"
    assert items["5.1"]["addressee"] == "the governor"
    assert items["5.1"]["paragraph_refs"] == ["S42"]
    assert items["5.1"]["text"].endswith("better chance of employment on release.")
    assert (items["5.6"]["kind"], items["5.6"]["area"]) == (
        "recommendation",
        "Self-harm and suicide",
    )
    assert (items["5.6"]["paragraph_refs"], items["5.6"]["repeats"]) == (["1.21"], ["3.32"])
    # The running header and the page number do not interrupt the list or become an area.
    assert items["5.48"]["area"] == "Offender management and planning"
    assert items["5.99"]["paragraph_refs"] == ["4.40"]
    assert report["warnings"] == []


@pytest.mark.parametrize("container", CONTAINERS)
def test_report_from_2022_key_and_priority_concerns(container: str) -> None:
    report = _parse(REPORT_2023, container)
    assert report["format"] == "report-from-2022"
    assert report["grades"] == {
        "safety": 2,
        "respect": 3,
        "purposeful_activity": 1,
        "rehabilitation_release_planning": 2,
    }
    items = report["items"]
    assert [(i["ref"], i["kind"], i["priority"]) for i in items] == [
        ("1", "key_concern", True),
        ("2", "key_concern", True),
        ("3", "key_concern", False),
    ]
    assert items[0]["concern"] == "Fictional: too many men were released without a settled address."
    assert items[0]["text"] == (
        "Leaders should make sure that every man has a release address confirmed well before "
        "release."
    )
    assert (
        "report_published: the report does not give it where this parser looks"
        in report["warnings"]
    )


def test_report_without_a_summary_list_gives_its_sections_recommendations() -> None:
    report = _parse(REPORT_SECTIONS, "text")
    assert [(i["ref"], i["text"]) for i in report["items"]] == [
        ("1.14", "The prison should address prisoner concerns about debt."),
        ("1.15", "The management of victims of bullying should be improved."),
        ("4.12", "All prisoners should have an up-to-date OASys assessment."),
    ]
    assert report["items"][2]["repeats"] == ["4.9"]
    assert report["inspection_kind"] == "full_announced"


def test_a_report_without_recommendations_is_refused() -> None:
    with pytest.raises(ParseError, match="no recommendations were found"):
        parse_inspection_report(b"Report on nothing at all\nJust words.\n", "report.txt")


def test_a_spreadsheet_is_not_a_report() -> None:
    from saferelease.actionplans.tests.documents import flat_xlsx

    with pytest.raises(ParseError, match="text, Word"):
        parse_inspection_report(flat_xlsx(), "report.xlsx")


@pytest.mark.parametrize("container", ["text", "docx", "pdf"])
def test_review_of_progress(container: str) -> None:
    build, name = CONTAINERS[container]
    review = parse_review_of_progress(build(REVIEW_2016), name)
    assert review.establishment == "HMP Littlehey"
    assert (review.start.isoformat(), review.end.isoformat()) == ("2016-05-09", "2016-05-11")  # type: ignore[union-attr]
    assert review.inspectors == ["Fictional Inspector One", "Fictional Inspector Two"]
    assert [(i.ref, i.outcome) for i in review.items] == [
        ("5.1", "good_progress"),
        ("5.47", "insufficient_progress"),
    ]
    assert review.items[1].words.startswith("Fictional: a third of assessments")
    assert review.items[0].text.startswith("The prison should work with the provider")


def test_a_review_item_without_a_judgement_names_its_line() -> None:
    text = REVIEW_2016.replace(
        "We judged that there had been good progress against this recommendation.\n", ""
    )
    with pytest.raises(ParseError, match=r"^line 6: recommendation 5.1 has no judgement"):
        parse_review_of_progress(text.encode(), "review.txt")
