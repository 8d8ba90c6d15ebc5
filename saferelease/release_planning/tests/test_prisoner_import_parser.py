"""The prisoner file contract (docs/prisoner-csv.md), parsed without the database."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.db import models

from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.prisoner_import import (
    COLUMNS,
    REQUIRED_COLUMNS,
    RowError,
    parse_prisoner_csv,
)
from saferelease.release_planning.prisoner_import.cells import CONVERTERS

VALID = {
    "prison_number": "A1234BC",
    "given_name": "John",
    "family_name": "Smith",
    "date_of_birth": "1980-02-01",
    "establishment": "LTI",
    "reception_date": "2024-01-10",
    "sentence_type": "determinate",
}


def csv_text(*rows: dict[str, Any], columns: tuple[str, ...] | list[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def row(**changes: Any) -> dict[str, Any]:
    return {**VALID, **changes}


def messages(parsed: Any) -> list[str]:
    return [str(error) for error in parsed.errors]


def test_every_column_is_a_prisoner_field_and_the_first_seven_are_required():
    assert len(COLUMNS) == 43
    assert REQUIRED_COLUMNS == (
        "prison_number",
        "given_name",
        "family_name",
        "date_of_birth",
        "establishment",
        "reception_date",
        "sentence_type",
    )
    for column in COLUMNS:
        Prisoner._meta.get_field(column)
    assert set(CONVERTERS) == set(COLUMNS) - {"prison_number", "establishment"}


@pytest.mark.parametrize(
    ("column", "model_field"),
    [
        ("sentence_type", "sentence_type"),
        ("offence_category", "offence_category"),
        ("rosh", "rosh"),
        ("osp", "osp"),
        ("accommodation_status", "accommodation_status"),
        ("accommodation_on_release", "accommodation_on_release"),
        ("programme_status", "programme_status"),
    ],
)
def test_every_allowed_code_is_a_choice_of_the_model_field(column, model_field):
    field = Prisoner._meta.get_field(model_field)
    assert isinstance(field, models.Field)
    choices = {value for value, _ in field.flatchoices}
    for value in choices:
        assert CONVERTERS[column](value) == value


def test_a_valid_row_becomes_typed_values():
    parsed = parse_prisoner_csv(
        csv_text(
            row(
                crd="2026-09-01",
                sed="01/03/2028",
                rosh="very_high",
                mappa_category="1",
                mappa_level="2",
                maintains_innocence="Y",
                programme_status="on_programme",
                resettlement_transfer_exemption="Serving the rest of the sentence here",
                health_needs="Substance; mental",
                discharge_plan_date="2026-08-01",
            )
        )
    )
    assert parsed.ok, messages(parsed)
    assert parsed.row_count == 1
    [prisoner] = parsed.rows
    assert prisoner.row == 2
    assert prisoner.prison_number == "A1234BC"
    assert prisoner.establishment_code == "LTI"
    values = prisoner.values
    assert values["date_of_birth"] == dt.date(1980, 2, 1)
    assert values["crd"] == dt.date(2026, 9, 1)
    assert values["sed"] == dt.date(2028, 3, 1)
    assert values["ped"] is None
    assert values["rosh"] == "very_high"
    assert values["osp"] == ""
    assert values["mappa_category"] == 1
    assert values["mappa_level"] == 2
    assert values["maintains_innocence"] is True
    assert values["programme_status"] == "on_programme"
    assert values["resettlement_transfer_exemption"] == "Serving the rest of the sentence here"
    assert values["health_needs"] == "mental;substance"
    assert values["discharge_plan_date"] == dt.date(2026, 8, 1)


def test_a_health_need_outside_the_list_is_a_row_error():
    parsed = parse_prisoner_csv(csv_text(row(health_needs="mental;dental")))
    assert not parsed.ok
    assert any(
        "health_needs" in text and "'dental' is not a health need" in text
        for text in messages(parsed)
    )


def test_empty_cells_mean_unknown_and_programme_status_none():
    [prisoner] = parse_prisoner_csv(csv_text(row())).rows
    assert prisoner.values["sentence_start_date"] is None
    assert prisoner.values["mappa_level"] is None
    assert prisoner.values["accommodation_status"] == ""
    assert prisoner.values["maintains_innocence"] is False
    assert prisoner.values["programme_status"] == "none"
    assert prisoner.values["health_needs"] == ""


def test_columns_left_out_of_the_file_are_left_out_of_the_values():
    parsed = parse_prisoner_csv(csv_text(row(crd="2026-09-01"), columns=[*REQUIRED_COLUMNS, "crd"]))
    assert parsed.columns == (*REQUIRED_COLUMNS, "crd")
    assert set(parsed.rows[0].values) == {*REQUIRED_COLUMNS, "crd"} - {
        "prison_number",
        "establishment",
    }


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("true", True),
        ("FALSE", False),
        ("yes", True),
        ("No", False),
        ("1", True),
        ("0", False),
        ("Y", True),
        ("n", False),
        ("", False),
    ],
)
def test_maintains_innocence_accepts_the_documented_forms(cell, expected):
    [prisoner] = parse_prisoner_csv(csv_text(row(maintains_innocence=cell))).rows
    assert prisoner.values["maintains_innocence"] is expected


def test_codes_are_read_whatever_their_case_and_spacing():
    [prisoner] = parse_prisoner_csv(
        csv_text(row(rosh="Very High", accommodation_status="Approved-Premises", osp="LOW"))
    ).rows
    assert prisoner.values["rosh"] == "very_high"
    assert prisoner.values["accommodation_status"] == "approved_premises"
    assert prisoner.values["osp"] == "low"


@pytest.mark.parametrize("raw", [" a1234bc ", "A 1234 BC", "a1234Bc"])
def test_prison_numbers_are_upper_cased_and_spaces_removed(raw):
    [prisoner] = parse_prisoner_csv(csv_text(row(prison_number=raw))).rows
    assert prisoner.prison_number == "A1234BC"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        (
            {"crd": "31/02/2026"},
            "Row 2, crd: '31/02/2026' is not a date in the form YYYY-MM-DD or DD/MM/YYYY",
        ),
        (
            {"reception_date": "2026-13-01"},
            "Row 2, reception_date: '2026-13-01' is not a date in the form YYYY-MM-DD or "
            "DD/MM/YYYY",
        ),
        (
            {"rosh": "extreme"},
            "Row 2, rosh: 'extreme' is not allowed: use one of low, medium, high, very_high",
        ),
        (
            {"sentence_type": "life"},
            "Row 2, sentence_type: 'life' is not allowed: use one of determinate, "
            "indeterminate, recall, remand",
        ),
        ({"mappa_level": "4"}, "Row 2, mappa_level: '4' is not allowed: use one of 1, 2, 3"),
        (
            {"maintains_innocence": "maybe"},
            "Row 2, maintains_innocence: 'maybe' is not allowed: use true or false "
            "(or yes/no, 1/0, Y/N)",
        ),
        (
            {"prison_number": "12345"},
            "Row 2, prison_number: '12345' is not a prison number like A1234BC",
        ),
        ({"prison_number": ""}, "Row 2, prison_number: enter a prison number"),
        ({"family_name": ""}, "Row 2, family_name: enter a value for family_name"),
        ({"date_of_birth": ""}, "Row 2, date_of_birth: enter a value for date_of_birth"),
        (
            {"establishment": "HMP Littlehey"},
            "Row 2, establishment: 'HMP Littlehey' is not an establishment code: use the "
            "three-letter code, for example LTI",
        ),
        (
            {"given_name": "x" * 101},
            "Row 2, given_name: must be 100 characters or fewer (it has 101)",
        ),
    ],
)
def test_a_malformed_cell_is_reported_with_its_row_and_column(changes, expected):
    parsed = parse_prisoner_csv(csv_text(row(**changes)))
    assert messages(parsed) == [expected]
    assert parsed.rows == []


def test_every_error_in_the_file_is_reported_and_no_row_is_kept():
    parsed = parse_prisoner_csv(
        csv_text(
            row(prison_number="A1111AA"),
            row(prison_number="A2222AA", rosh="extreme", crd="31/02/2026"),
            row(prison_number="A3333AA"),
            row(prison_number="A4444AA", sentence_type=""),
        )
    )
    assert [(e.row, e.column) for e in parsed.errors] == [
        (3, "crd"),
        (3, "rosh"),
        (5, "sentence_type"),
    ]
    assert parsed.row_count == 4
    assert parsed.rows == []


def test_a_duplicate_prison_number_names_the_row_it_first_appears_on():
    parsed = parse_prisoner_csv(
        csv_text(row(), row(prison_number="B1234BC"), row(prison_number="a1234bc"))
    )
    assert messages(parsed) == ["Row 4, prison_number: A1234BC is already on row 2"]


def test_an_unknown_column_is_reported_on_row_1_with_a_suggestion():
    parsed = parse_prisoner_csv(
        csv_text(row(), columns=[*REQUIRED_COLUMNS, "sentence_start", "favourite_colour"])
    )
    assert messages(parsed) == [
        "Row 1, sentence_start: unknown column 'sentence_start' "
        "(did you mean 'sentence_start_date'?)",
        "Row 1, favourite_colour: unknown column 'favourite_colour'",
    ]


def test_a_missing_required_column_is_reported_on_row_1():
    columns = [c for c in REQUIRED_COLUMNS if c != "reception_date"]
    parsed = parse_prisoner_csv(csv_text(row(), columns=columns))
    assert messages(parsed) == [
        "Row 1, reception_date: required column 'reception_date' is missing"
    ]


def test_a_column_given_twice_is_an_error():
    parsed = parse_prisoner_csv(csv_text(row(), columns=[*REQUIRED_COLUMNS, "crd", "CRD"]))
    assert messages(parsed) == ["Row 1, crd: column 'crd' appears twice (columns 8 and 9)"]


def test_header_names_may_differ_in_case_and_surrounding_spaces():
    text = csv_text(row()).replace("prison_number", " Prison_Number ", 1)
    parsed = parse_prisoner_csv(text)
    assert parsed.ok, messages(parsed)


def test_an_empty_establishment_cell_is_an_error_without_a_default():
    parsed = parse_prisoner_csv(csv_text(row(establishment="")))
    assert messages(parsed) == [
        "Row 2, establishment: enter an establishment code (or choose a default establishment)"
    ]


def test_the_default_establishment_fills_empty_cells_only():
    parsed = parse_prisoner_csv(
        csv_text(row(establishment=""), row(prison_number="B1234BC", establishment="dai")),
        default_establishment_code="lti",
    )
    assert [(r.prison_number, r.establishment_code) for r in parsed.rows] == [
        ("A1234BC", "LTI"),
        ("B1234BC", "DAI"),
    ]


def test_the_establishment_column_may_be_left_out_when_a_default_is_given():
    columns = [c for c in REQUIRED_COLUMNS if c != "establishment"]
    assert messages(parse_prisoner_csv(csv_text(row(), columns=columns))) == [
        "Row 1, establishment: required column 'establishment' is missing "
        "(or choose a default establishment)"
    ]
    parsed = parse_prisoner_csv(csv_text(row(), columns=columns), default_establishment_code="LTI")
    assert parsed.rows[0].establishment_code == "LTI"


def test_a_utf8_bom_and_crlf_line_endings_are_read():
    data = b"\xef\xbb\xbf" + csv_text(row(given_name="Zoë")).replace("\n", "\r\n").encode()
    parsed = parse_prisoner_csv(data)
    assert parsed.ok, messages(parsed)
    assert parsed.rows[0].values["given_name"] == "Zoë"
    assert parsed.rows[0].values["sentence_type"] == "determinate"


def test_an_excel_windows_1252_csv_is_read():
    data = csv_text(row(family_name="Brontë")).replace("\n", "\r\n").encode("cp1252")
    parsed = parse_prisoner_csv(data)
    assert parsed.rows[0].values["family_name"] == "Brontë"


def test_an_excel_sep_line_and_semicolons_are_read_and_rows_still_count_from_the_header():
    text = "sep=;\r\n" + csv_text(row(), row(prison_number="B1234BC", rosh="extreme")).replace(
        ",", ";"
    )
    parsed = parse_prisoner_csv(text)
    assert [(e.row, e.column) for e in parsed.errors] == [(3, "rosh")]


def test_utf16_excel_unicode_text_is_read():
    data = csv_text(row()).replace(",", "\t").encode("utf-16")
    parsed = parse_prisoner_csv(data)
    assert parsed.ok, messages(parsed)


def test_blank_lines_are_skipped_but_keep_their_row_numbers():
    lines = csv_text(row(), row(prison_number="B1234BC", rosh="extreme")).splitlines()
    text = "\n".join([lines[0], lines[1], "", ",,,,", lines[2], ""]) + "\n\n"
    parsed = parse_prisoner_csv(text)
    assert parsed.row_count == 2
    assert messages(parsed)[0].startswith("Row 5, rosh:")


def test_a_quoted_cell_over_two_lines_is_one_row():
    text = csv_text(
        row(resettlement_transfer_exemption="Line one\nline two"),
        row(prison_number="B1234BC", rosh="extreme"),
    )
    parsed = parse_prisoner_csv(text)
    assert messages(parsed)[0].startswith("Row 3, rosh:")


def test_trailing_empty_columns_from_excel_are_ignored_but_values_without_a_header_are_not():
    header = ",".join(REQUIRED_COLUMNS) + ",,"
    good = "A1234BC,John,Smith,1980-02-01,LTI,2024-01-10,determinate,,"
    bad = "B1234BC,John,Smith,1980-02-01,LTI,2024-01-10,determinate,,oops"
    assert parse_prisoner_csv(f"{header}\n{good}\n").ok
    parsed = parse_prisoner_csv(f"{header}\n{good}\n{bad}\n")
    assert messages(parsed) == ["Row 3: column 9 has a value but no header"]


def test_a_row_longer_than_the_header_is_an_error():
    header = ",".join(REQUIRED_COLUMNS)
    line = "A1234BC,John,Smith,1980-02-01,LTI,2024-01-10,determinate,extra"
    parsed = parse_prisoner_csv(f"{header}\n{line}\n")
    assert messages(parsed) == ["Row 2: the row has 8 values but the header has 7 columns"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("", "Row 1: the file is empty: the first row must be the column names"),
        (
            ",".join(REQUIRED_COLUMNS) + "\n",
            "Row 2: the file has no prisoner rows under the header",
        ),
        (
            b"PK\x03\x04rest-of-a-workbook",
            "File: The file is an Excel workbook or another zipped file, not a CSV file: in "
            "Excel choose Save As, then 'CSV UTF-8 (Comma delimited)'",
        ),
    ],
)
def test_a_file_that_is_not_a_prisoner_csv_is_refused(data, expected):
    assert messages(parse_prisoner_csv(data)) == [expected]


def test_a_binary_file_object_is_read():
    parsed = parse_prisoner_csv(io.BytesIO(csv_text(row()).encode()))
    assert parsed.ok


def test_a_row_error_reads_as_a_sentence():
    assert str(RowError(3, "rosh", "bad")) == "Row 3, rosh: bad"
    assert str(RowError(3, "", "bad")) == "Row 3: bad"
    assert str(RowError(0, "", "bad")) == "File: bad"
