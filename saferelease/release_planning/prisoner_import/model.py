"""What parsing a prisoner file gives: typed rows, every row's key, and every error."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in the file. ``row`` 1 is the header; ``row`` 0 is the file as a whole."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        where = f"Row {self.row}" if self.row else "File"
        if self.column:
            where = f"{where}, {self.column}"
        return f"{where}: {self.message}"


@dataclass(slots=True)
class PrisonerRow:
    """One valid prisoner row: typed values for the columns present in the file.

    ``values`` maps a ``Prisoner`` field name to its new value and holds only the columns
    the file has (a column left out of the file leaves the stored value unchanged).
    """

    row: int
    prison_number: str
    establishment_code: str
    values: dict[str, Any]


class RowKey(NamedTuple):
    """A row's well-formed prison number and establishment code ("" when not), kept for
    every row, valid or not, so that the checks against the database can report their
    errors together with the file's own."""

    row: int
    prison_number: str
    establishment_code: str


@dataclass(slots=True)
class ParsedFile:
    """A whole file: the columns it has, its rows (only when every row is valid), the
    keys of every row, and every error found."""

    columns: tuple[str, ...] = ()
    rows: list[PrisonerRow] = field(default_factory=list)
    keys: list[RowKey] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    row_count: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors
