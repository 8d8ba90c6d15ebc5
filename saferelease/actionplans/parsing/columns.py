"""Recognising the table header row and mapping its columns, by keywords.

Matching is case-insensitive on whitespace-normalised text with leading numbering ("1. Rec.
No.") removed.  2015 headers: Rec. No. / Recommendation / Accepted/ Rejected / Response Action
Taken/Planned / Function Responsible/ Policy Lead / Target Date.  2019 headers: Recommendation
number (Ref) / Recommendation / Agreed / Partly Agreed / Not Agreed / Response or Action /
Responsible owner / Target date.  The flat CSV/XLSX headers (ref, kind, ...) are recognised too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from .common import is_ref, normalise_ws, plain


class Column(StrEnum):
    REF = "ref"
    TEXT = "text"
    DECISION = "decision"
    RESPONSE = "response"
    OWNER = "owner"
    TARGET = "target_date"
    KIND = "kind"
    ADDRESSEE = "addressee"
    AREA = "area"
    PARAGRAPH_REFS = "paragraph_refs"
    REPEATS = "repeats"


#: Exact names of the flat import format (docs/actionplan-import.md).
FLAT_NAMES: dict[str, Column] = {column.value.replace("_", " "): column for column in Column}
FLAT_NAMES.update({"function": Column.OWNER, "target": Column.TARGET})
FLAT_ONLY = {Column.KIND, Column.ADDRESSEE, Column.AREA, Column.PARAGRAPH_REFS, Column.REPEATS}

_KEYWORDS: tuple[tuple[Column, re.Pattern[str]], ...] = (
    (Column.REF, re.compile(r"\b(?:rec\.?\s*no|ref|reference|number|no|#)\b\.?")),
    (Column.DECISION, re.compile(r"\b(?:agreed|accepted|rejected|decision)\b")),
    (Column.TARGET, re.compile(r"\b(?:date|target|timescales?|deadline|due)\b")),
    (Column.OWNER, re.compile(r"\b(?:owner|responsible|lead|function|accountable)\b")),
    (Column.RESPONSE, re.compile(r"\b(?:response|actions?|progress|comments?|update)\b")),
    (Column.TEXT, re.compile(r"\b(?:recommendations?|concerns?|text)\b")),
)


MAX_HEADER_LENGTH = 80


def header_key(cell: str) -> str:
    """Normalised header text: lower case, no leading "1." numbering, underscores as spaces."""
    text = normalise_ws(plain(cell).replace("_", " ")).lower()
    return re.sub(r"^\d+\s*[.)]\s*", "", text)


def classify(cell: str) -> Column | None:
    key = header_key(cell)
    if not key:
        return None
    if key in FLAT_NAMES:
        return FLAT_NAMES[key]
    for column, pattern in _KEYWORDS:
        if pattern.search(key):
            return column
    return None


@dataclass(frozen=True)
class ColumnMap:
    """Where each column is; ``agreed_wording`` marks the 2019 "Agreed/Not Agreed" layout."""

    positions: dict[Column, int]
    agreed_wording: bool
    flat: bool
    width: int

    def get(self, cells: list[str], column: Column) -> str:
        index = self.positions.get(column)
        if index is None or index >= len(cells):
            return ""
        return cells[index]


def detect_header(cells: list[str]) -> ColumnMap | None:
    """A ColumnMap when the row is a table header (needs ref, text and decision columns)."""
    found: list[tuple[Column, int]] = []
    for index, cell in enumerate(cells):
        if not header_key(cell):
            continue
        if len(header_key(cell)) > MAX_HEADER_LENGTH or is_ref(cell):
            return None  # header cells are short labels, never item numbers
        column = classify(cell)
        if column is not None:
            found.append((column, index))
    columns = [column for column, _ in found]
    if Column.DECISION not in columns:
        responses = [index for column, index in found if column is Column.RESPONSE]
        if len(responses) >= 2:
            exact = [index for index in responses if header_key(cells[index]) == "response"]
            chosen = exact[0] if exact else responses[0]
            found = [
                (Column.DECISION if index == chosen else column, index) for column, index in found
            ]
    positions: dict[Column, int] = {}
    for column, index in found:
        positions.setdefault(column, index)
    if not {Column.REF, Column.TEXT, Column.DECISION} <= positions.keys():
        return None
    decision_header = header_key(cells[positions[Column.DECISION]])
    flat = any(header_key(cell) in FLAT_NAMES for cell in cells) and bool(
        FLAT_ONLY & positions.keys()
        or all(header_key(cells[index]) in FLAT_NAMES for index in positions.values())
    )
    return ColumnMap(
        positions=positions,
        agreed_wording="agreed" in decision_header and "accepted" not in decision_header,
        flat=flat,
        width=max(index for index, cell in enumerate(cells) if header_key(cell)) + 1,
    )
