"""Parser for HM Inspectorate of Prisons action plans (pure Python, no Django).

``parse_action_plan(data, filename)`` reads the 2015 and 2019 text renderings, .docx, .xlsx,
.csv and (best effort) .pdf files and returns a ParsedActionPlan whose ``to_dict()`` is the
stable contract described in docs/actionplan-import.md.  Problems raise ParseError with a
message naming the line or row.

Every file is read within the limits of an action plan (``saferelease.core.uploads``: the
defaults, or those in force passed as ``limits``): its size first, then a .docx or .xlsx
file's zip container and a PDF's streams and pages before they are parsed, then rows,
values per row and seconds as it is read. Over a limit, ParseError names it.
"""

from __future__ import annotations

from pathlib import PurePath

from saferelease.core.uploads import (
    DEFAULT_LIMITS,
    Unreadable,
    UploadLimits,
    UploadRefused,
    inspect_pdf,
    inspect_zip,
)

from .bounds import Bounds
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
    refusal,
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


def detect_format(data: bytes, filename: str, limits: UploadLimits | None = None) -> str:
    """ "text", "csv", "docx", "xlsx" or "pdf": file content first, then the extension.

    A zip container (.docx, .xlsx) and a PDF are checked against ``limits`` (an action
    plan's by default) here, before any parser sees them: ``UploadRefused`` over a limit.
    """
    limits = limits or DEFAULT_LIMITS["action_plan"]
    suffix = PurePath(filename).suffix.lower()
    if not data.strip():
        raise ParseError("the file is empty")
    if data.startswith(b"%PDF"):
        try:
            inspect_pdf(data, limits)
        except Unreadable as error:
            raise ParseError(f"the file is not a readable PDF ({error})") from None
        return "pdf"
    if data.startswith(b"PK"):
        try:
            kind = zip_kind(inspect_zip(data, limits).names)
        except Unreadable:
            kind = None
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


def parse_action_plan(
    data: bytes, filename: str, *, limits: UploadLimits | None = None
) -> ParsedActionPlan:
    """Parse an action plan file; the format comes from the content and the file name.

    ``limits``: those in force for an action plan (``limits_for("action_plan")``); the
    defaults when not given.
    """
    limits = limits or DEFAULT_LIMITS["action_plan"]
    try:
        if len(data) > limits.max_bytes:
            raise limits.too_large()
        kind = detect_format(data, filename, limits)
        bounds = Bounds(limits)
        if kind == "pdf":
            return parse_pdf(data, bounds)
        if kind == "docx":
            return parse_docx(data, bounds)
        if kind == "xlsx":
            return parse_xlsx(data, bounds)
        if kind == "csv":
            return parse_csv(data, bounds)
        return parse_text(data, bounds)
    except UploadRefused as error:
        raise ParseError(refusal(error)) from None
