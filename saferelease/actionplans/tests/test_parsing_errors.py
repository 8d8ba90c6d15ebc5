"""Malformed input raises ParseError with a message naming the line or row."""

from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest

from saferelease.actionplans.parsing import ParseError, parse_action_plan

HEADER_2015 = (
    "1. Rec. No.\t2. Recommendation\t3. Accepted/ Rejected\t4. Response Action Taken/Planned\t"
    "5. Function Responsible/ Policy Lead\t6. Target Date"
)


def _text(*lines: str) -> bytes:
    return "\n".join(lines).encode("utf-8")


@pytest.mark.parametrize("name", ["plan.txt", "plan.docx", "plan.xlsx", "plan.csv", "plan.pdf"])
@pytest.mark.parametrize("data", [b"", b"   \n\n"])
def test_empty_file(data: bytes, name: str) -> None:
    with pytest.raises(ParseError, match="empty"):
        parse_action_plan(data, name)


@pytest.mark.parametrize(
    ("name", "words"),
    [("plan.docx", "Word"), ("plan.xlsx", "Excel"), ("plan.pdf", "PDF")],
)
def test_random_bytes_with_binary_extension(name: str, words: str) -> None:
    data = bytes(range(256)) + os.urandom(512)
    with pytest.raises(ParseError, match=words):
        parse_action_plan(data, name)


def test_zip_that_is_not_a_valid_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<not really xml")
    with pytest.raises(ParseError, match=r"not a readable Word"):
        parse_action_plan(buffer.getvalue(), "plan.docx")


def test_corrupt_pdf() -> None:
    with pytest.raises(ParseError, match="PDF"):
        parse_action_plan(b"%PDF-1.4\n garbage garbage", "plan.pdf")


def test_legacy_doc_refused() -> None:
    with pytest.raises(ParseError, match=r"\.doc"):
        parse_action_plan(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "plan.doc")


def test_binary_text_refused() -> None:
    with pytest.raises(ParseError, match="not a text file"):
        parse_action_plan(b"abc\x00def\tghi", "plan.txt")


def test_text_without_a_table() -> None:
    data = _text("ESTABLISHMENT: HMP NOWHERE", "", "Some notes about the inspection.")
    with pytest.raises(ParseError, match="unknown layout") as caught:
        parse_action_plan(data, "notes.txt")
    assert "no action plan table header" in str(caught.value)


def test_header_without_recommendations() -> None:
    data = _text(
        "ESTABLISHMENT: HMP EMPTY", "", HEADER_2015, "\t<b>Main recommendations</b>\t\t\t\t"
    )
    with pytest.raises(ParseError, match=r"^line 3: the table header was found but no"):
        parse_action_plan(data, "plan.txt")


def test_unreadable_target_date_names_the_line() -> None:
    data = _text(
        HEADER_2015,
        "5.1\tDo it. (1.1)\tAccepted\tDone.\tGovernor\t31 January 2016",
        "5.2\tDo more. (1.2)\tAccepted\tDone.\tGovernor\t31 Febtember 2016",
    )
    with pytest.raises(ParseError) as caught:
        parse_action_plan(data, "plan.txt")
    assert str(caught.value).startswith("line 3: item 5.2:")
    assert "31 Febtember 2016" in str(caught.value)
    assert caught.value.line == 3


@pytest.mark.parametrize("target", ["31 February 2016", "32/01/2020", "Q5 2016", "2016"])
def test_impossible_dates(target: str) -> None:
    data = _text(HEADER_2015, f"5.1\tDo it. (1.1)\tAccepted\tDone.\tGovernor\t{target}")
    with pytest.raises(ParseError, match=r"^line 2: item 5.1"):
        parse_action_plan(data, "plan.txt")


def test_bad_date_in_continuation_names_its_line() -> None:
    data = _text(
        HEADER_2015,
        "5.1\tDo it\tAccepted\tDone.\tGovernor\t31 October",
        HEADER_2015,
        "\tnow. (1.1)\t\t\t\t2O15",
    )
    with pytest.raises(ParseError, match=r"^line 2: item 5.1: .*31 October 2O15"):
        parse_action_plan(data, "plan.txt")


def test_bad_date_in_docx_names_the_row() -> None:
    document = docx.Document()
    table = document.add_table(rows=0, cols=6)
    for values in (
        [
            "Ref",
            "Recommendation",
            "Agreed / Partly Agreed / Not Agreed",
            "Response",
            "Responsible owner",
            "Target date",
        ],
        ["1.1", "Do it. (1.1)", "Agreed", "Done.", "Governor", "March 2020"],
        ["1.2", "Do it. (1.2)", "Agreed", "Done.", "Governor", "31 Febtember 2020"],
    ):
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(ParseError, match=r"^row 3: item 1.2: .*Febtember"):
        parse_action_plan(buffer.getvalue(), "plan.docx")


def test_row_without_decision() -> None:
    data = _text(HEADER_2015, "5.1\tDo it. (1.1)\t\tDone.\tGovernor\t31 January 2016")
    with pytest.raises(ParseError, match=r"^line 2: item 5.1 has no decision"):
        parse_action_plan(data, "plan.txt")


def test_unknown_decision() -> None:
    data = _text(HEADER_2015, "5.1\tDo it. (1.1)\tMaybe\tDone.\tGovernor\t31 January 2016")
    with pytest.raises(ParseError, match=r"^line 2: item 5.1: decision 'Maybe' is not recognised"):
        parse_action_plan(data, "plan.txt")


def test_continuation_before_any_item() -> None:
    data = _text(HEADER_2015, "\tstray text\t\tmore stray text\t\t")
    with pytest.raises(ParseError, match=r"^line 2: a row without a recommendation number"):
        parse_action_plan(data, "plan.txt")


def test_row_with_unreadable_first_cell() -> None:
    data = _text(
        HEADER_2015,
        "5.1\tDo it. (1.1)\tAccepted\tDone.\tGovernor\t31 January 2016",
        "five\tDo more. (1.2)\tAccepted\tDone.\tGovernor\t31 January 2016",
    )
    with pytest.raises(ParseError, match=r"^line 3: cannot read the row: the first cell 'five'"):
        parse_action_plan(data, "plan.txt")


def test_row_with_too_many_cells() -> None:
    data = _text(HEADER_2015, "5.1\tDo it. (1.1)\tAccepted\tDone.\tGovernor\tCompleted\textra")
    with pytest.raises(ParseError, match=r"^line 2: the row has more cells than the table header"):
        parse_action_plan(data, "plan.txt")


def test_owners_and_dates_that_cannot_be_paired() -> None:
    data = _text(
        HEADER_2015,
        "5.1\tDo it. (1.1)\tAccepted\tDone.\t<p>A</p> <p>B</p> <p>C</p>\t"
        "<p>31 January 2016</p> <p>Completed</p>",
    )
    with pytest.raises(ParseError, match=r"^line 2: item 5.1: the owner cell lists 3 owners"):
        parse_action_plan(data, "plan.txt")


def test_flat_csv_repeated_ref_with_other_text() -> None:
    data = (
        b"ref,text,decision,owner,target_date\n"
        b"1.1,Do it.,Accepted,Governor,Completed\n"
        b"1.1,Do something else.,Accepted,Head of Safety,Completed\n"
    )
    with pytest.raises(ParseError, match=r"^row 3: item 1.1 is repeated with a different text"):
        parse_action_plan(data, "plan.csv")


def test_flat_csv_unknown_kind() -> None:
    data = b"ref,kind,text,decision\n1.1,good practice,Do it.,Accepted\n"
    with pytest.raises(ParseError, match=r"^row 2: item 1.1: kind 'good practice'"):
        parse_action_plan(data, "plan.csv")
