"""The one spreadsheet-safe writer used by every CSV and XLSX the product produces.

Excel, LibreOffice and Google Sheets run a cell as a formula when its text starts with
``=``, ``+``, ``-`` or ``@`` (and a leading tab or carriage return hides such a start),
so text that came from a user or a request (a recommendation, a user agent) could
become ``=HYPERLINK(...)`` or a DDE call in the reader's spreadsheet ("CSV injection").
Such text is prefixed with a single quote, the neutralisation OWASP recommends: the
spreadsheet shows the text, and runs nothing. Numbers, dates and booleans stay typed
values (a negative number is a number, not a formula), so XLSX cells keep their types
and CSV output for ordinary data is byte-for-byte what :mod:`csv` writes.

Every export goes through :func:`csv_writer` or :func:`xlsx_append`; nothing else in
the product builds a ``csv.writer`` or appends rows to an openpyxl sheet
(``saferelease/core/tests/test_spreadsheets.py`` checks the source and walks every
export). See docs/security.md, "Spreadsheet exports".
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
from collections.abc import Iterable
from typing import Any, Protocol

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.worksheet.worksheet import Worksheet

#: A text cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_TYPED = (bool, int, float, decimal.Decimal, dt.date, dt.time, dt.timedelta)


def safe_cell(value: Any) -> Any:
    """``value`` unchanged unless it is text that a spreadsheet would run as a formula,
    which gets a leading single quote. ``None`` and typed values (numbers, dates,
    booleans) are returned as they are; other objects are written as their text."""
    if value is None or isinstance(value, _TYPED):
        return value
    text = value if isinstance(value, str) else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in values]


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


class SafeCsvWriter:
    """A ``csv.writer`` whose every cell passes through :func:`safe_cell`."""

    def __init__(self, stream: _Writable, **fmtparams: Any) -> None:
        self._writer = csv.writer(stream, **fmtparams)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self._writer.writerow(safe_row(row))


def csv_writer(stream: _Writable, **fmtparams: Any) -> SafeCsvWriter:
    """The product's CSV writer: ``csv.writer`` arguments, spreadsheet-safe cells."""
    return SafeCsvWriter(stream, **fmtparams)


def xlsx_cell(value: Any) -> Any:
    """:func:`safe_cell` for openpyxl, which also refuses control characters that XLSX
    cannot hold (they are dropped rather than failing the whole export)."""
    if value is not None and not isinstance(value, _TYPED):
        # Dropped first, so that "\x01=1+1" cannot become a formula once cleaned.
        value = ILLEGAL_CHARACTERS_RE.sub("", value if isinstance(value, str) else str(value))
    return safe_cell(value)


def xlsx_append(sheet: Worksheet, values: Iterable[Any]) -> None:
    """Append one row of spreadsheet-safe cells to an openpyxl worksheet."""
    sheet.append([xlsx_cell(value) for value in values])
