"""Text renderings of the Word table (the 2015 and 2019 HMIP layouts).

Each line is one physical table row, cells separated by tabs, with the HTML fragments of the
rendering (<b>, <p>, <i>) kept as markup for merge.py.  Which layout it is follows from the
header: "Accepted/ Rejected" is hmip-2015-text, "Agreed / Partly Agreed / Not Agreed" is
hmip-2019-text.  Source: HMP Littlehey 2015 action plan (data/littlehey_2015_action_plan.txt).
"""

from __future__ import annotations

import re

from .columns import detect_header
from .merge import RawRow
from .model import ParsedActionPlan, ParseError
from .pdf_text import HOW_TO, REBUILT_WARNING, rebuild_rows
from .pipeline import parse_rows


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM allowed), UTF-16 with a BOM, else Windows-1252; binary data is refused."""
    if not data.strip():
        raise ParseError("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ParseError("the file cannot be decoded as UTF-16 text") from None
    if b"\x00" in data:
        raise ParseError("the file is not a text file (it contains binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ParseError("the file cannot be decoded as UTF-8 or Windows-1252 text") from None


def text_rows(text: str) -> list[RawRow]:
    """One RawRow per line (numbered from 1), cells split on tabs."""
    lines = re.split(r"\r\n|\r|\n", text)
    return [RawRow(number, line.split("\t")) for number, line in enumerate(lines, start=1)]


def parse_text(data: bytes) -> ParsedActionPlan:
    """Parse a tab-separated text rendering; errors name the line.  Text copied out of a PDF
    (no tabs, the header words on lines of their own) is rebuilt by pdf_text.py or refused
    with advice on getting a usable file."""
    rows = text_rows(decode_text(data))
    if any(detect_header(row.cells) is not None for row in rows):
        return parse_rows(rows, unit="line", fmt=None)
    rebuilt = rebuild_rows(["\t".join(row.cells) for row in rows])
    if rebuilt is None:
        raise ParseError(
            "unknown layout: no action plan table header was found (expected columns such as "
            "'Rec. No.', 'Recommendation', 'Accepted/ Rejected' or 'Agreed / Partly Agreed / Not "
            "Agreed', 'Response', 'Responsible owner', 'Target date'). Text copied out of a PDF "
            f"loses the table's columns: {HOW_TO}"
        )
    try:
        plan = parse_rows(rebuilt, unit="line", fmt=None)
    except ParseError as error:
        raise ParseError(
            f"{error.message} (the table was rebuilt from text copied out of a PDF, which loses "
            f"its columns: {HOW_TO})",
            line=error.line,
            unit=error.unit,
        ) from None
    plan.warnings.append(REBUILT_WARNING)
    return plan
