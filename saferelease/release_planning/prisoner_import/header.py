"""The header row of a prisoner file: which columns it has, and its errors (row 1)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from saferelease.release_planning.prisoner_import.cells import CONVERTERS
from saferelease.release_planning.prisoner_import.contract import (
    COLUMNS,
    KEY_COLUMNS,
    REQUIRED_COLUMNS,
)
from saferelease.release_planning.prisoner_import.model import RowError


@dataclass(slots=True)
class Header:
    """The recognised columns as (index, name) in file order, the indexes of blank header
    cells, the header's width and its errors."""

    columns: list[tuple[int, str]] = field(default_factory=list)
    blank: list[int] = field(default_factory=list)
    width: int = 0
    errors: list[RowError] = field(default_factory=list)

    def index_of(self, name: str) -> int | None:
        return next((index for index, column in self.columns if column == name), None)


def read_header(cells: list[str], *, has_default_establishment: bool) -> Header:
    header = Header(width=len(cells))
    seen: dict[str, int] = {}
    for index, raw in enumerate(cells):
        name = raw.strip().lower()
        if not name:
            header.blank.append(index)
            continue
        if name not in CONVERTERS and name not in KEY_COLUMNS:
            close = difflib.get_close_matches(name, COLUMNS, n=1, cutoff=0.75)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            header.errors.append(RowError(1, raw.strip(), f"unknown column '{raw.strip()}'{hint}"))
            continue
        if name in seen:
            header.errors.append(
                RowError(
                    1,
                    name,
                    f"column '{name}' appears twice (columns {seen[name] + 1} and {index + 1})",
                )
            )
            continue
        seen[name] = index
        header.columns.append((index, name))
    for name in REQUIRED_COLUMNS:
        if name in seen:
            continue
        if name == "establishment" and has_default_establishment:
            continue
        hint = " (or choose a default establishment)" if name == "establishment" else ""
        header.errors.append(RowError(1, name, f"required column '{name}' is missing{hint}"))
    return header
