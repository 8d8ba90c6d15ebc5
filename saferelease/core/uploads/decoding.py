"""The text of an uploaded text file (CSV, tab-separated text), as Excel and Word save it.

UTF-8 with or without a byte-order mark, UTF-16 with a byte-order mark (Excel's "Unicode
text"), else Windows-1252 (Excel's plain "CSV (Comma delimited)" on Windows). A file with a
NUL byte is binary, not text, and is refused: no database column accepts a NUL.
"""

from __future__ import annotations

from typing import Final

from saferelease.core.uploads.limits import UploadRefused

_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")


def decode_text(data: bytes) -> str:
    """The text of ``data``, without its byte-order mark; ``UploadRefused`` when it is not
    text in one of the encodings above."""
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise UploadRefused("The file is not readable UTF-16 text") from None
        if "\x00" in text:
            raise UploadRefused("The file is not a text file (it contains binary data)")
        return text
    if b"\x00" in data:
        raise UploadRefused("The file is not a text file (it contains binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise UploadRefused(
            "The file is not UTF-8 or Windows-1252 text: in Excel choose Save As, then "
            "'CSV UTF-8 (Comma delimited)'"
        ) from None
