"""One prisoner row: its key (prison number, establishment) and its typed values, or its
errors. Row numbers are those a spreadsheet shows (see ``parser``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from saferelease.release_planning.models import PRISON_NUMBER_RE
from saferelease.release_planning.prisoner_import.cells import CONVERTERS, CellError
from saferelease.release_planning.prisoner_import.contract import (
    ESTABLISHMENT_CODE_RE,
    KEY_COLUMNS,
    REQUIRED_VALUES,
)
from saferelease.release_planning.prisoner_import.header import Header
from saferelease.release_planning.prisoner_import.model import PrisonerRow, RowError, RowKey

_PRISON_NUMBER_RE: Final = re.compile(PRISON_NUMBER_RE)
_WHITESPACE_RE: Final = re.compile(r"\s+")


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


@dataclass(slots=True)
class RowChecker:
    """Checks the rows of one file, in order: it remembers each prison number's first row
    to report the same number given twice."""

    header: Header
    default_code: str
    #: Columns other than the two key columns, with their converters, in file order.
    typed: list[tuple[int, str, Callable[[str], Any], bool]] = field(init=False)
    prison_number_index: int | None = field(init=False)
    establishment_index: int | None = field(init=False)
    first_row_of: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.typed = [
            (index, name, CONVERTERS[name], name in REQUIRED_VALUES)
            for index, name in self.header.columns
            if name not in KEY_COLUMNS
        ]
        self.prison_number_index = self.header.index_of("prison_number")
        self.establishment_index = self.header.index_of("establishment")

    def check(
        self, row: int, cells: list[str]
    ) -> tuple[RowKey, PrisonerRow | None, list[RowError]]:
        """The row's key, the row (``None`` when it has errors) and its errors."""
        errors = self._shape_errors(row, cells)
        prison_number, key_number = self._prison_number(row, cells, errors)
        establishment_code = self._establishment(row, cells, errors)
        values = self._values(row, cells, errors)
        key_code = (
            establishment_code
            if establishment_code and ESTABLISHMENT_CODE_RE.match(establishment_code)
            else ""
        )
        key = RowKey(row, key_number, key_code)
        if errors:
            return key, None, errors
        return key, PrisonerRow(row, prison_number, establishment_code, values), errors

    def _shape_errors(self, row: int, cells: list[str]) -> list[RowError]:
        errors: list[RowError] = []
        width = self.header.width
        if len(cells) > width and any(cell.strip() for cell in cells[width:]):
            errors.append(
                RowError(
                    row, "", f"the row has {len(cells)} values but the header has {width} columns"
                )
            )
        for index in self.header.blank:
            if index < len(cells) and cells[index].strip():
                errors.append(RowError(row, "", f"column {index + 1} has a value but no header"))
        return errors

    def _prison_number(self, row: int, cells: list[str], errors: list[RowError]) -> tuple[str, str]:
        """The row's prison number, normalised, and the same as its key ("" unless it is
        well formed and the first in the file)."""
        if self.prison_number_index is None:
            return "", ""
        raw = _cell(cells, self.prison_number_index)
        prison_number = _WHITESPACE_RE.sub("", raw).upper()
        if not prison_number:
            errors.append(RowError(row, "prison_number", "enter a prison number"))
        elif not _PRISON_NUMBER_RE.match(prison_number):
            errors.append(
                RowError(
                    row, "prison_number", f"'{raw.strip()}' is not a prison number like A1234BC"
                )
            )
        elif prison_number in self.first_row_of:
            errors.append(
                RowError(
                    row,
                    "prison_number",
                    f"{prison_number} is already on row {self.first_row_of[prison_number]}",
                )
            )
        else:
            self.first_row_of[prison_number] = row
            return prison_number, prison_number
        return prison_number, ""

    def _establishment(self, row: int, cells: list[str], errors: list[RowError]) -> str:
        """The row's establishment code, or the default when its cell is empty."""
        if self.establishment_index is None:
            return self.default_code
        raw = _cell(cells, self.establishment_index)
        code = raw.strip().upper()
        if not code:
            if not self.default_code:
                errors.append(
                    RowError(
                        row,
                        "establishment",
                        "enter an establishment code (or choose a default establishment)",
                    )
                )
            return self.default_code
        if not ESTABLISHMENT_CODE_RE.match(code):
            errors.append(
                RowError(
                    row,
                    "establishment",
                    f"'{raw.strip()}' is not an establishment code: use the three-letter "
                    "code, for example LTI",
                )
            )
        return code

    def _values(self, row: int, cells: list[str], errors: list[RowError]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for index, name, convert, required in self.typed:
            cell = cells[index].strip() if index < len(cells) else ""
            if required and not cell:
                errors.append(RowError(row, name, f"enter a value for {name}"))
                continue
            try:
                values[name] = convert(cell)
            except CellError as error:
                errors.append(RowError(row, name, str(error)))
        return values
