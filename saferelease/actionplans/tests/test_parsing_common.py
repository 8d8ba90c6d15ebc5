"""Unit tests of the shared helpers: dates, references, decisions, headings, markup."""

from __future__ import annotations

from datetime import date

import pytest

from saferelease.actionplans.parsing.common import (
    DateFormatError,
    map_decision,
    month_year_label,
    paragraphs,
    parse_date_range,
    parse_target,
    split_text_refs,
)
from saferelease.actionplans.parsing.cover import inspection_kind
from saferelease.actionplans.parsing.headings import Context, apply_heading
from saferelease.actionplans.parsing.owners import owner_lines


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("31 January 2016", date(2016, 1, 31)),
        ("1st Feb 2016", date(2016, 2, 1)),
        ("29 February 2016", date(2016, 2, 29)),
        ("March 2020", date(2020, 3, 31)),
        ("February 2016", date(2016, 2, 29)),
        ("31/01/2020", date(2020, 1, 31)),
        ("31.01.20", date(2020, 1, 31)),
        ("2020-01-31", date(2020, 1, 31)),
        ("2020-01-31 00:00:00", date(2020, 1, 31)),
        ("End of March 2016", date(2016, 3, 31)),
        ("<p>30 April 2016</p>", date(2016, 4, 30)),
        ("Sept 2016", date(2016, 9, 30)),
    ],
)
def test_dates(written: str, expected: date) -> None:
    assert parse_target(written)[0] == expected


@pytest.mark.parametrize(
    ("written", "as_written"),
    [
        ("", ""),
        ("Completed", "Completed"),
        ("Ongoing", "Ongoing"),
        (" On-going ", "On-going"),
        ("Completed in June 2015", "Completed in June 2015"),
        ("Subject to funding", "Subject to funding"),
    ],
)
def test_statuses(written: str, as_written: str) -> None:
    assert parse_target(written) == (None, as_written)


@pytest.mark.parametrize("written", ["31 Febtember 2016", "30 February 2016", "13/13/2020", "2016"])
def test_bad_dates(written: str) -> None:
    with pytest.raises(DateFormatError):
        parse_target(written)


def test_date_ranges() -> None:
    assert parse_date_range("2 – 13 March 2015") == (date(2015, 3, 2), date(2015, 3, 13))
    assert parse_date_range("28 February - 10 March 2015") == (date(2015, 2, 28), date(2015, 3, 10))
    assert parse_date_range("10 December 2018 – 4 January 2019") == (
        date(2018, 12, 10),
        date(2019, 1, 4),
    )
    assert parse_date_range("13 – 2 March 2015") is None
    assert month_year_label("OCTOBER 2015") == "October 2015"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Do it. (S42)", ("Do it.", ["S42"], [])),
        ("Do it. (1.21, repeated recommendation 3.32)", ("Do it.", ["1.21"], ["3.32"])),
        ("Do it. (2.7, repeated recommendations 2.1 and 2.3)", ("Do it.", ["2.7"], ["2.1", "2.3"])),
        ("Do it (paragraph 1.5).", ("Do it", ["1.5"], [])),
        ("Work with partners (MAPPA)", ("Work with partners (MAPPA)", [], [])),
        ("No bracket.", ("No bracket.", [], [])),
    ],
)
def test_reference_brackets(text: str, expected: tuple[str, list[str], list[str]]) -> None:
    assert split_text_refs(text) == expected


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Accepted", "accepted"),
        ("Agreed", "accepted"),
        ("Partially  Accepted", "partially_accepted"),
        ("Partly Agreed", "partially_accepted"),
        ("Accepted Subject to Resources", "accepted_subject_to_resources"),
        ("Rejected", "rejected"),
        ("Not Agreed", "rejected"),
        ("<b>Not agreed</b>", "rejected"),
        ("partially_accepted", "partially_accepted"),
        ("Perhaps", None),
    ],
)
def test_decisions(written: str, code: str | None) -> None:
    assert map_decision(written) == code


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Main recommendations To the governor", Context("main_recommendation", "the governor")),
        ("Main recommendation To NOMS", Context("main_recommendation", "NOMS")),
        (
            "Recommendations To the governor Bullying and violence reduction",
            Context("recommendation", "the governor", "Bullying and violence reduction"),
        ),
        (
            "Housekeeping point to Prisoner Escort and Custody Services",
            Context("housekeeping", "Prisoner Escort and Custody Services"),
        ),
        ("Housekeeping points to the governor", Context("housekeeping", "the governor")),
        (
            "Recommendations to NHS England and the governor Health",
            Context("recommendation", "NHS England and the governor", "Health"),
        ),
        ("Recommendations to the local council", Context("recommendation", "the local council")),
        ("Priority concerns", Context("main_recommendation")),
    ],
)
def test_kind_headings(heading: str, expected: Context) -> None:
    previous = Context("recommendation", "someone", "Old area")
    assert apply_heading(previous, heading) == expected


def test_area_heading_keeps_kind_and_addressee() -> None:
    previous = Context("housekeeping", "the governor", None)
    assert apply_heading(previous, "Early days in custody") == Context(
        "housekeeping", "the governor", "Early days in custody"
    )


def test_paragraph_markup() -> None:
    assert paragraphs("<p>One <i>two</i></p> <p>Three &amp; four</p>") == [
        "One two",
        "Three & four",
    ]
    assert paragraphs("plain  text\nwrapped") == ["plain text wrapped"]
    assert paragraphs("a < b") == ["a < b"]


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Full Unannounced inspection", "full_unannounced"),
        ("Full announced inspection", "full_announced"),
        ("Independent review of progress", "independent_review_of_progress"),
        ("Short unannounced inspection", "other"),
        ("Timetable", None),
    ],
)
def test_inspection_kinds(written: str, kind: str | None) -> None:
    assert inspection_kind(written) == kind


@pytest.mark.parametrize(
    ("owners", "targets", "expected"),
    [
        (
            ["Head of Safer", "Custody"],
            ["31 October 2015", ""],
            [("Head of Safer Custody", "31 October 2015")],
        ),
        (["Head of OMU", ""], ["29 February", "2016"], [("Head of OMU", "29 February 2016")]),
        (["Head of", "Safety"], ["31 October", "2015"], [("Head of Safety", "31 October 2015")]),
        (
            ["NOMS Group", "<p>Deputy Governor</p>"],
            ["", "<p>31 January 2016</p>"],
            [("NOMS Group", ""), ("Deputy Governor", "31 January 2016")],
        ),
        (
            ["Governor"],
            ["<p>31 March 2016</p> <p>Completed</p>"],
            [("Governor", "31 March 2016"), ("Governor", "Completed")],
        ),
        (
            ["Head of Service /Head of Equality"],
            ["31 October 2015"],
            [("Head of Service /Head of Equality", "31 October 2015")],
        ),
        (["A\nB"], ["31 October 2015"], [("A B", "31 October 2015")]),
        ([""], [""], []),
    ],
)
def test_owner_page_break_rules(
    owners: list[str], targets: list[str], expected: list[tuple[str, str]]
) -> None:
    lines = owner_lines(owners, targets, one_per_row=False)
    assert [(function, target) for _, function, target in lines] == expected
