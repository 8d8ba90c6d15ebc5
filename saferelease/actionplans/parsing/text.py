"""Text renderings of the Word table (the 2015 and 2019 HMIP layouts).

Each line is one physical table row, cells separated by tabs, with the HTML fragments of the
rendering (<b>, <p>, <i>) kept as markup for merge.py.  Which layout it is follows from the
header: "Accepted/ Rejected" is hmip-2015-text, "Agreed / Partly Agreed / Not Agreed" is
hmip-2019-text.  Source: HMP Littlehey 2015 action plan (data/littlehey_2015_action_plan.txt).
"""

from __future__ import annotations

import re

from saferelease.core import uploads

from .bounds import Bounds
from .columns import detect_header
from .merge import RawRow
from .model import ParsedActionPlan, ParseError, refusal
from .pdf_text import HOW_TO, REBUILT_WARNING, rebuild_rows
from .pipeline import parse_rows


def decode_text(data: bytes) -> str:
    """The text of a text or CSV file, decoded by the upload kit (UTF-8 with or without a
    BOM, UTF-16 with a BOM, else Windows-1252); an empty or binary file is refused."""
    if not data.strip():
        raise ParseError("the file is empty")
    try:
        return uploads.decode_text(data)
    except uploads.UploadRefused as error:
        raise ParseError(refusal(error)) from None


def text_rows(text: str, bounds: Bounds) -> list[RawRow]:
    """One RawRow per line (numbered from 1), cells split on tabs."""
    rows = []
    for number, line in enumerate(re.split(r"\r\n|\r|\n", text), start=1):
        cells = line.split("\t")
        bounds.row(cells)
        rows.append(RawRow(number, cells))
    return rows


def parse_text(data: bytes, bounds: Bounds) -> ParsedActionPlan:
    """Parse a tab-separated text rendering; errors name the line.  Text copied out of a PDF
    (no tabs, the header words on lines of their own) is rebuilt by pdf_text.py or refused
    with advice on getting a usable file."""
    rows = text_rows(decode_text(data), bounds)
    if any(detect_header(row.cells) is not None for row in rows):
        return parse_rows(rows, unit="line", fmt=None, bounds=bounds)
    rebuilt = rebuild_rows(["\t".join(row.cells) for row in rows])
    if rebuilt is None:
        raise ParseError(
            "unknown layout: no action plan table header was found (expected columns such as "
            "'Rec. No.', 'Recommendation', 'Accepted/ Rejected' or 'Agreed / Partly Agreed / Not "
            "Agreed', 'Response', 'Responsible owner', 'Target date'). Text copied out of a PDF "
            f"loses the table's columns: {HOW_TO}"
        )
    try:
        plan = parse_rows(rebuilt, unit="line", fmt=None, bounds=bounds)
    except ParseError as error:
        raise ParseError(
            f"{error.message} (the table was rebuilt from text copied out of a PDF, which loses "
            f"its columns: {HOW_TO})",
            line=error.line,
            unit=error.unit,
        ) from None
    plan.warnings.append(REBUILT_WARNING)
    return plan
