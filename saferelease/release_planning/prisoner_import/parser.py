"""Parse and validate a whole prisoner file into typed rows, or row errors.

Pure: no database access. Whatever must be checked against the database (that an
establishment code exists and the importer may use it, that an existing prisoner is in
their scope) is checked by ``plan``. The contract is ``docs/prisoner-csv.md``.

Row numbers are those a spreadsheet shows: the header is row 1, the first prisoner row 2
(a quoted cell that spans lines still counts as one row; an Excel ``sep=`` line is not
counted, as Excel hides it).

Bounded: the file's size is checked before it is decoded, and its rows and columns and
the seconds spent as it is read (``saferelease.core.uploads``); over a limit, the file's
one error names the limit.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from saferelease.core.uploads import DEFAULT_LIMITS, ParseBudget, UploadLimits, UploadRefused
from saferelease.release_planning.prisoner_import.header import read_header
from saferelease.release_planning.prisoner_import.model import ParsedFile, RowError
from saferelease.release_planning.prisoner_import.reader import Source, csv_records, file_text
from saferelease.release_planning.prisoner_import.rows import RowChecker


def _refused(parsed: ParsedFile, error: UploadRefused) -> ParsedFile:
    parsed.rows = []
    parsed.errors = [RowError(0, "", error.message)]
    return parsed


def _too_many(what: str, limit: int, limits: UploadLimits) -> UploadRefused:
    return UploadRefused(f"The file has more than {limit:,} {what}, the limit for {limits.what}")


def parse_prisoner_csv(
    source: Source,
    *,
    default_establishment_code: str = "",
    limits: UploadLimits | None = None,
) -> ParsedFile:
    """Parse and validate a whole prisoner file; collect every error with its row number.

    ``default_establishment_code`` fills an empty ``establishment`` cell (and every row when
    the file has no ``establishment`` column). Whether it exists and the importer may use
    it is for the service to check. ``limits`` defaults to those of a prisoner file.
    """
    limits = limits or DEFAULT_LIMITS["prisoner_file"]
    parsed = ParsedFile()
    try:
        records = csv_records(file_text(source, limits))
        _parse_records(records, parsed, default_establishment_code.strip().upper(), limits)
    except UploadRefused as error:
        return _refused(parsed, error)
    if parsed.errors:
        parsed.rows = []
    return parsed


def _parse_records(
    records: Iterator[list[str]], parsed: ParsedFile, default_code: str, limits: UploadLimits
) -> None:
    errors = parsed.errors
    try:
        cells = next(records, None)
    except csv.Error as error:
        errors.append(RowError(1, "", f"the header cannot be read: {error}"))
        return
    if cells is None or not any(cell.strip() for cell in cells):
        errors.append(RowError(1, "", "the file is empty: the first row must be the column names"))
        return
    if len(cells) > limits.max_columns:
        raise _too_many("columns", limits.max_columns, limits)
    header = read_header(cells, has_default_establishment=bool(default_code))
    parsed.columns = tuple(name for _, name in header.columns)
    errors.extend(header.errors)
    checker = RowChecker(header, default_code)
    budget = ParseBudget(limits)

    row_number = 1
    while True:
        try:
            cells = next(records, None)
        except csv.Error as error:
            row_number += 1
            errors.append(RowError(row_number, "", f"the row cannot be read: {error}"))
            break
        if cells is None:
            break
        row_number += 1
        if row_number - 1 > limits.max_rows:
            raise _too_many("rows", limits.max_rows, limits)
        budget.check()
        if not any(cell.strip() for cell in cells):
            continue  # a blank line (Excel often leaves some at the end)
        parsed.row_count += 1
        key, row, row_errors = checker.check(row_number, cells)
        parsed.keys.append(key)
        if row_errors:
            errors.extend(row_errors)
        elif row is not None and not errors:
            # Once the file has an error no row will be saved: stop keeping rows.
            parsed.rows.append(row)

    if parsed.row_count == 0 and not errors:
        errors.append(RowError(2, "", "the file has no prisoner rows under the header"))
