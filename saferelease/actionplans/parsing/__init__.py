"""Parser for HM Inspectorate of Prisons action plans (pure Python, no Django).

``parse_action_plan(data, filename)`` reads the 2015 and 2019 text renderings, .docx, .xlsx,
.csv and (best effort) .pdf files and returns a ParsedActionPlan whose ``to_dict()`` is the
stable contract described in docs/actionplan-import.md.  Problems raise ParseError with a
message naming the line or row.
"""

from __future__ import annotations

from pathlib import PurePath

from .model import (
    Decision,
    FormatName,
    InspectionKind,
    ItemKind,
    OwnerLine,
    ParsedActionPlan,
    ParsedItem,
    ParseError,
    Preamble,
    Reconciliation,
    StatedCounts,
)
from .tables import parse_csv, parse_docx, parse_pdf, parse_xlsx, zip_kind
from .text import parse_text

__all__ = [
    "Decision",
    "FormatName",
    "InspectionKind",
    "ItemKind",
    "OwnerLine",
    "ParseError",
    "ParsedActionPlan",
    "ParsedItem",
    "Preamble",
    "Reconciliation",
    "StatedCounts",
    "detect_format",
    "parse_action_plan",
]

_BINARY_NAMES = {".docx": "Word (.docx) document", ".xlsx": "Excel (.xlsx) workbook", ".pdf": "PDF"}
_TEXT_SUFFIXES = {".txt", ".tsv", ".text"}


def detect_format(data: bytes, filename: str) -> str:
    """ "text", "csv", "docx", "xlsx" or "pdf": file content first, then the extension."""
    suffix = PurePath(filename).suffix.lower()
    if not data.strip():
        raise ParseError("the file is empty")
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK"):
        kind = zip_kind(data)
        if kind is not None:
            return kind
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ParseError(
            "old binary Word/Excel files (.doc/.xls) are not supported: save as .docx or .xlsx"
        )
    if suffix in _BINARY_NAMES or suffix in {".xlsm", ".doc", ".xls"}:
        name = _BINARY_NAMES.get(suffix, "Office document")
        raise ParseError(f"the file is not a readable {name} (its content is not valid)")
    if suffix == ".csv":
        return "csv"
    if suffix in _TEXT_SUFFIXES or b"\t" in data:
        return "text"
    return "csv" if b"," in data or b";" in data else "text"


def parse_action_plan(data: bytes, filename: str) -> ParsedActionPlan:
    """Parse an action plan file; the format comes from the content and the file name."""
    kind = detect_format(data, filename)
    if kind == "pdf":
        return parse_pdf(data)
    if kind == "docx":
        return parse_docx(data)
    if kind == "xlsx":
        return parse_xlsx(data)
    if kind == "csv":
        return parse_csv(data)
    return parse_text(data)
