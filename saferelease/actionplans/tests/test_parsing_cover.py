"""Covers as written: every field read as a careful reader would, or listed in `warnings`.

Each fictional cover in covers.py is parsed as text and as five Word layouts (paragraphs, line
breaks in one paragraph, a cover table, a text box, the first page's header)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from saferelease.actionplans.parsing import parse_action_plan
from saferelease.actionplans.parsing.cover import cover_lines, inspection_kind, parse_cover
from saferelease.actionplans.parsing.merge import RawRow
from saferelease.actionplans.tests.covers import (
    COVERS,
    Cover,
    as_docx_cover_table,
    as_docx_first_page_header,
    as_docx_line_breaks,
    as_docx_paragraphs,
    as_docx_text_box,
    as_text,
)

CONTAINERS: dict[str, tuple[Callable[[Cover], bytes], str]] = {
    "text": (as_text, "cover.txt"),
    "docx paragraphs": (as_docx_paragraphs, "cover.docx"),
    "docx line breaks": (as_docx_line_breaks, "cover.docx"),
    "docx cover table": (as_docx_cover_table, "cover.docx"),
    "docx text box": (as_docx_text_box, "cover.docx"),
    "docx first-page header": (as_docx_first_page_header, "cover.docx"),
}

FIELDS = {
    "establishment": "establishment",
    "kind": "inspection_kind",
    "start": "inspection_start",
    "end": "inspection_end",
    "published": "report_published",
    "submitted": "action_plan_submitted",
}


def _warned_fields(plan: dict[str, Any]) -> set[str]:
    return {warning.split(": ", 1)[0] for warning in plan["warnings"]}


@pytest.mark.parametrize("container", CONTAINERS)
@pytest.mark.parametrize("cover", COVERS, ids=[cover.name for cover in COVERS])
def test_cover_read_as_written(cover: Cover, container: str) -> None:
    build, filename = CONTAINERS[container]
    plan = parse_action_plan(build(cover), filename).to_dict()
    for attribute, key in FIELDS.items():
        assert plan[key] == getattr(cover, attribute), key
    assert _warned_fields(plan) == cover.warned
    # Every field left null is explained, and nothing read is also warned about.
    for key in FIELDS.values():
        assert (plan[key] is None) == (key in cover.warned)
    assert len(plan["items"]) == 1


def test_no_kind_is_invented() -> None:
    plan = parse_action_plan(as_text(COVERS[0]), "cover.txt").to_dict()
    assert plan["inspection_kind"] is None
    assert "inspection_kind: the cover does not name the kind of inspection" in plan["warnings"]


def test_the_name_stops_at_the_next_label() -> None:
    westgate = next(cover for cover in COVERS if cover.name.startswith("2018 template run"))
    plan = parse_action_plan(as_text(westgate), "cover.txt").to_dict()
    assert plan["establishment"] == "HMP Westgate"  # not "HMP Westgate A"


def test_warnings_say_why() -> None:
    by_name = {cover.name: cover for cover in COVERS}
    plan = parse_action_plan(
        as_text(by_name["a range without a year and no other date"]), "cover.txt"
    ).to_dict()
    assert plan["warnings"] == [
        "inspection_start: '11-22 May' gives no year and no other date in the document gives "
        "its year",
        "inspection_end: '11-22 May' gives no year and no other date in the document gives "
        "its year",
        "report_published: the cover gives no report publication date",
        "action_plan_submitted: the cover gives no date the action plan was submitted",
    ]
    plan = parse_action_plan(
        as_text(by_name["a publication date without a day"]), "cover.txt"
    ).to_dict()
    assert (
        "report_published: 'June 2020' cannot be read as report publication date (no day is given)"
        in plan["warnings"]
    )


def test_first_readable_value_wins() -> None:
    rows = [
        RawRow(1, ["Report published: to follow"]),
        RawRow(2, ["Action Plan: HMP Fenwick"]),
        RawRow(3, ["ESTABLISHMENT: HMP FENWICK"]),
        RawRow(4, ["Report published: 3 June 2020"]),
    ]
    cover = parse_cover(rows)
    assert cover.preamble.establishment == "HMP Fenwick"
    assert cover.preamble.report_published is not None
    assert not any(w.startswith("report_published") for w in cover.warnings)


def test_label_words_in_prose_are_not_labels() -> None:
    rows = [
        RawRow(1, ["Establishment: HMP Fenwick"]),
        RawRow(
            2,
            [
                "Action plans are sent to HMIP and published on the web, and progress is checked"
                " at the next full inspection of the prison, whenever that takes place."
            ],
        ),
    ]
    cover = parse_cover(rows)
    assert cover.preamble.inspection_kind is None
    assert cover.preamble.report_published is None
    assert "report_published: the cover gives no report publication date" in cover.warnings


def test_markdown_and_markup_are_ignored() -> None:
    rows = [
        RawRow(1, ["## Action Plan: <b>HMP Fenwick</b>"]),
        RawRow(2, ["**Report Published** 3 June 2020"]),
    ]
    assert cover_lines(rows) == ["Action Plan: HMP Fenwick", "Report Published 3 June 2020"]
    assert parse_cover(rows).preamble.establishment == "HMP Fenwick"


def test_a_title_names_the_establishment_when_no_label_does() -> None:
    cover = parse_cover([RawRow(1, ["HMP EXAMPLE – ACTION PLAN"])])
    assert cover.preamble.establishment == "HMP EXAMPLE"


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Full Unannounced inspection", "full_unannounced"),
        ("Unannounced inspection", "full_unannounced"),
        ("Full announced inspection", "full_announced"),
        ("Independent review of progress", "independent_review_of_progress"),
        ("Short unannounced inspection", "other"),
        ("Scrutiny visit", "other"),
        ("A Response to the HMIP Inspection", None),
        ("Full inspection", None),
        ("Timetable", None),
    ],
)
def test_inspection_kinds(written: str, kind: str | None) -> None:
    assert inspection_kind(written) == kind
