"""Readers turning .docx, .xlsx, .csv and .pdf files into rows for the shared pipeline.

Every reader only converts cells to the canonical markup (bold -> <b>, several paragraphs ->
<p>...</p>); merging continuation rows, headings and owners is done once, in merge.py.  Rows are
numbered as the user sees them: spreadsheet row numbers for .xlsx/.csv, and for .docx/.pdf the
position of the row among all table rows of the document (from 1).

Every reader counts its rows against the limits as it goes (``Bounds``); a .docx or .xlsx
file's container, and a PDF's streams and pages, were checked before (``detect_format``).
Workbooks are read in openpyxl's streaming (read-only) mode.
"""

from __future__ import annotations

import csv
import html
import io
from datetime import date, datetime
from typing import Any

from saferelease.core.uploads import UploadRefused

from .bounds import Bounds
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


def docx_rows(data: bytes, bounds: Bounds) -> list[RawRow]:
    """Paragraphs (split on tabs) and table rows of a Word document, in document order, after
    the first page's header and with text boxes where they are anchored (docx_cover.py).

    Horizontally merged cells keep their text in the first grid column only, and vertically
    merged cells in their first row only, so a merged heading reads like the text rendering.
    """
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
        rows: list[RawRow] = []
        for line in header_lines(document):
            cells = line.split("\t")
            bounds.row(cells)
            rows.append(RawRow(0, cells))
        number = 0
        for block in document.iter_inner_content():
            for line in text_box_lines(block._element):
                cells = line.split("\t")
                bounds.row(cells)
                rows.append(RawRow(number, cells))
            if not isinstance(block, Table):
                cells = block.text.split("\t")
                bounds.row(cells)
                rows.append(RawRow(number, cells))
                continue
            above: list[Any] = []
            for row in block.rows:
                number += 1
                row_cells = row.cells
                bounds.row(row_cells)
                cells = []
                seen: list[Any] = []
                for index, cell in enumerate(row_cells):
                    element = cell._tc
                    repeated = element in seen or (index < len(above) and above[index] is element)
                    seen.append(element)
                    cells.append("" if repeated else _docx_paragraph_markup(cell.paragraphs))
                above = seen
                rows.append(RawRow(number, cells))
    except (ParseError, UploadRefused):
        raise
    except Exception as error:
        raise ParseError(f"the file is not a readable Word (.docx) document ({error})") from None
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


def _sheet_rows(sheet: Any, bounds: Bounds) -> list[RawRow]:
    """A worksheet's rows, every row as wide as the widest (as openpyxl gives them when it
    reads a whole workbook). The sheet's declared dimensions are not trusted: a file can
    claim a million rows or 16,384 columns."""
    sheet.reset_dimensions()
    rows: list[RawRow] = []
    width = 0
    for number, row in enumerate(sheet.iter_rows(), start=1):
        bounds.row(row)
        cells: list[str] = []
        for cell in row:
            markup = to_markup(_xlsx_value(cell.value), newline_is_paragraph=True)
            bold = bool(cell.font is not None and cell.font.b)
            cells.append(f"<b>{markup}</b>" if markup and bold else markup)
        width = max(width, len(cells))
        rows.append(RawRow(number, cells))
    for row in rows:
        row.cells.extend([""] * (width - len(row.cells)))
    return rows


def xlsx_rows(data: bytes, bounds: Bounds) -> list[RawRow]:
    """Rows of the first worksheet holding a table header (else the first worksheet)."""
    try:
        import openpyxl

        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            sheets = [_sheet_rows(sheet, bounds) for sheet in workbook.worksheets]
        finally:
            workbook.close()
    except (ParseError, UploadRefused):
        raise
    except Exception as error:
        raise ParseError(f"the file is not a readable Excel (.xlsx) workbook ({error})") from None
    for rows in sheets:
        if any(detect_header(row.cells) is not None for row in rows):
            return rows
    return sheets[0] if sheets else []


# --------------------------------------------------------------------------- csv


def csv_rows(data: bytes, bounds: Bounds) -> list[RawRow]:
    """Records of a CSV file (comma, semicolon or tab separated), numbered from 1."""
    text = decode_text(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    rows: list[RawRow] = []
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for number, record in enumerate(reader, start=1):
            bounds.row(record)
            rows.append(
                RawRow(number, [to_markup(cell, newline_is_paragraph=True) for cell in record])
            )
    except csv.Error as error:
        raise ParseError(f"the file is not readable CSV ({error})") from None
    return rows


# --------------------------------------------------------------------------- pdf


def pdf_rows(data: bytes, bounds: Bounds) -> list[RawRow]:
    """Best effort: page-1 text above the first table as preamble, then every table row.

    Line breaks inside a PDF cell are only wrapping, so they become spaces.
    """
    try:
        import pdfplumber

        rows: list[RawRow] = []
        number = 0
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page_index, page in enumerate(pdf.pages):
                bounds.step()
                tables = page.find_tables()
                if page_index == 0:
                    top = tables[0].bbox[1] if tables else page.height
                    above = page.crop((0, 0, page.width, top)).extract_text() or ""
                    for line in above.splitlines():
                        bounds.row([line])
                        rows.append(RawRow(0, [line]))
                for table in tables:
                    for record in table.extract():
                        number += 1
                        bounds.row(record)
                        cells = [
                            to_markup(cell or "", newline_is_paragraph=False) for cell in record
                        ]
                        rows.append(RawRow(number, cells))
    except (ParseError, UploadRefused):
        raise
    except Exception as error:
        raise ParseError(f"the file is not a readable PDF ({error})") from None
    return rows


# --------------------------------------------------------------------------- dispatch


def parse_docx(data: bytes, bounds: Bounds) -> ParsedActionPlan:
    return parse_rows(docx_rows(data, bounds), unit="row", fmt="docx", bounds=bounds)


def parse_xlsx(data: bytes, bounds: Bounds) -> ParsedActionPlan:
    return parse_rows(xlsx_rows(data, bounds), unit="row", fmt="xlsx", bounds=bounds)


def parse_csv(data: bytes, bounds: Bounds) -> ParsedActionPlan:
    return parse_rows(csv_rows(data, bounds), unit="row", fmt="csv", bounds=bounds)


def parse_pdf(data: bytes, bounds: Bounds) -> ParsedActionPlan:
    return parse_rows(pdf_rows(data, bounds), unit="row", fmt="pdf", bounds=bounds)


def zip_kind(names: frozenset[str]) -> str | None:
    """ "docx" or "xlsx" for an Office Open XML package holding these members, else None."""
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    return None
