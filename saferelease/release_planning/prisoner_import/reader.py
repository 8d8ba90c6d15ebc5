"""From an uploaded prisoner file to CSV records: its text, delimiter and ``sep=`` line."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import BinaryIO, Final, TextIO

from saferelease.core.uploads import UploadLimits, UploadRefused, decode_text

_ZIP_MAGIC: Final = b"PK\x03\x04"

Source = str | bytes | BinaryIO | TextIO


def _decoded(data: bytes, limits: UploadLimits) -> str:
    if len(data) > limits.max_bytes:
        raise limits.too_large()
    if data.startswith(_ZIP_MAGIC):
        raise UploadRefused(
            "The file is an Excel workbook or another zipped file, not a CSV file: "
            "in Excel choose Save As, then 'CSV UTF-8 (Comma delimited)'"
        )
    return decode_text(data)


def file_text(source: Source, limits: UploadLimits) -> str:
    """The text of the file (text, bytes or an open file, read up to the size limit);
    ``UploadRefused`` when it is too large or not CSV text."""
    if isinstance(source, bytes):
        return _decoded(source, limits)
    if isinstance(source, str):
        text = source
    else:
        content = source.read(limits.max_bytes + 1)
        if isinstance(content, bytes):
            return _decoded(content, limits)
        text = content
    if len(text) > limits.max_bytes:
        raise limits.too_large()
    if "\x00" in text:
        raise UploadRefused("The file is not a text file (it contains binary data)")
    return text.removeprefix("\ufeff")


def _delimiter(header_line: str) -> str:
    """Comma, unless the header has none and uses semicolons or tabs (some Excel locales
    and Excel's "Unicode text" export)."""
    if "," in header_line:
        return ","
    if "\t" in header_line:
        return "\t"
    if ";" in header_line:
        return ";"
    return ","


def csv_records(text: str) -> Iterator[list[str]]:
    """The file's CSV records, the header first. An Excel ``sep=`` first line names the
    delimiter and is not a record (Excel hides it); otherwise the header line decides."""
    lines = io.StringIO(text, newline="")
    first = lines.readline()
    if first.strip().lower().startswith("sep="):
        delimiter = first.strip()[4:5] or ","
    else:
        delimiter = _delimiter(first)
        lines.seek(0)
    return csv.reader(lines, delimiter=delimiter, strict=False)
