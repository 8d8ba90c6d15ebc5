"""Readers turning .docx, .xlsx, .csv and .pdf files into rows for the shared pipeline.

Every reader only converts cells to the canonical markup (bold -> <b>, several paragraphs ->
<p>...</p>); merging continuation rows, headings and owners is done once, in merge.py.  Rows are
numbered as the user sees them: spreadsheet row numbers for .xlsx/.csv, and for .docx/.pdf the
position of the row among all table rows of the document (from 1).
"""

from __future__ import annotations

import csv
import html
import io
import zipfile
from datetime import date, datetime
from typing import Any

from .columns import detect_header
from .common import to_markup
from .docx_cover import header_lines, text_box_lines
from .merge import RawRow
from .model import ParsedActionPlan, ParseError
from .pipeline import parse_rows
from .text import decode_text

# --------------------------------------------------------------------------- docx


def _docx_paragraph_markup(paragraphs: list[Any]) -> str:
    texts: list[str] = []
    bold_all = True
    for paragraph in paragraphs:
        text = paragraph.text.strip()
        if not text:
            continue
        texts.append(html.escape(text.replace("\t", " "), quote=False))
        style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
        runs = [run for run in paragraph.runs if run.text.strip()]
        if not runs or not all(run.bold or (run.bold is None and style_bold) for run in runs):
            bold_all = False
    if not texts:
        return ""
    body = texts[0] if len(texts) == 1 else " ".join(f"<p>{text}</p>" for text in texts)
    return f"<b>{body}</b>" if bold_all else body


def docx_rows(data: bytes) -> list[RawRow]:
    """Paragraphs (split on tabs) and table rows of a Word document, in document order, after
    the first page's header and with text boxes where they are anchored (docx_cover.py).

    Horizontally merged cells keep their text in the first grid column only, and vertically
    merged cells in their first row only, so a merged heading reads like the text rendering.
    """
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        blocks = list(document.iter_inner_content())
    except Exception as error:
        raise ParseError(f"the file is not a readable Word (.docx) document ({error})") from None
    rows: list[RawRow] = [RawRow(0, line.split("\t")) for line in header_lines(document)]
    number = 0
    for block in blocks:
        rows.extend(RawRow(number, line.split("\t")) for line in text_box_lines(block._element))
        if not isinstance(block, Table):
            rows.append(RawRow(number, block.text.split("\t")))
            continue
        above: list[Any] = []
        for row in block.rows:
            number += 1
            cells: list[str] = []
            seen: list[Any] = []
            for index, cell in enumerate(row.cells):
                element = cell._tc
                repeated = element in seen or (index < len(above) and above[index] is element)
                seen.append(element)
                cells.append("" if repeated else _docx_paragraph_markup(cell.paragraphs))
            above = seen
            rows.append(RawRow(number, cells))
    return rows


# --------------------------------------------------------------------------- xlsx


def _xlsx_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def xlsx_rows(data: bytes) -> list[RawRow]:
    """Rows of the first worksheet holding a table header (else the first worksheet)."""
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:
        raise ParseError(f"the file is not a readable Excel (.xlsx) workbook ({error})") from None
    sheets: list[list[RawRow]] = []
    for sheet in workbook.worksheets:
        rows: list[RawRow] = []
        for number, row in enumerate(sheet.iter_rows(), start=1):
            cells: list[str] = []
            for cell in row:
                markup = to_markup(_xlsx_value(cell.value), newline_is_paragraph=True)
                bold = bool(cell.font is not None and cell.font.b)
                cells.append(f"<b>{markup}</b>" if markup and bold else markup)
            rows.append(RawRow(number, cells))
        sheets.append(rows)
    for rows in sheets:
        if any(detect_header(row.cells) is not None for row in rows):
            return rows
    return sheets[0] if sheets else []


# --------------------------------------------------------------------------- csv


def csv_rows(data: bytes) -> list[RawRow]:
    """Records of a CSV file (comma, semicolon or tab separated), numbered from 1."""
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ParseError(f"the file is not readable CSV ({error})") from None
    return [
        RawRow(number, [to_markup(cell, newline_is_paragraph=True) for cell in record])
        for number, record in enumerate(records, start=1)
    ]


# --------------------------------------------------------------------------- pdf


def pdf_rows(data: bytes) -> list[RawRow]:
    """Best effort: page-1 text above the first table as preamble, then every table row.

    Line breaks inside a PDF cell are only wrapping, so they become spaces.
    """
    try:
        import pdfplumber

        rows: list[RawRow] = []
        number = 0
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page_index, page in enumerate(pdf.pages):
                tables = page.find_tables()
                if page_index == 0:
                    top = tables[0].bbox[1] if tables else page.height
                    above = page.crop((0, 0, page.width, top)).extract_text() or ""
                    rows.extend(RawRow(0, [line]) for line in above.splitlines())
                for table in tables:
                    for record in table.extract():
                        number += 1
                        cells = [
                            to_markup(cell or "", newline_is_paragraph=False) for cell in record
                        ]
                        rows.append(RawRow(number, cells))
    except ParseError:
        raise
    except Exception as error:
        raise ParseError(f"the file is not a readable PDF ({error})") from None
    return rows


# --------------------------------------------------------------------------- dispatch


def parse_docx(data: bytes) -> ParsedActionPlan:
    return parse_rows(docx_rows(data), unit="row", fmt="docx")


def parse_xlsx(data: bytes) -> ParsedActionPlan:
    return parse_rows(xlsx_rows(data), unit="row", fmt="xlsx")


def parse_csv(data: bytes) -> ParsedActionPlan:
    return parse_rows(csv_rows(data), unit="row", fmt="csv")


def parse_pdf(data: bytes) -> ParsedActionPlan:
    return parse_rows(pdf_rows(data), unit="row", fmt="pdf")


def zip_kind(data: bytes) -> str | None:
    """ "docx" or "xlsx" for an Office Open XML package, else None."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None
