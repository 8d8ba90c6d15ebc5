"""How much of an uploaded file is read before it is refused: one set of limits per kind of
upload, the same for the web form, the API and the command line.

The defaults are here; ``settings.SAFERELEASE_UPLOAD_LIMITS`` overrides any of them per kind
(``config/settings/base.py``; the environment variables are listed in the README). Each
limit is checked before the part of the work it bounds: the file's size before it is read,
a zip container's member count and declared sizes from its central directory before any
member is decompressed, the decompressed bytes and the XML tags while streaming, and the
rows, columns, pages and seconds while parsing. ``docs/security.md`` (Uploads) gives the
reasons and the measurements.

Pure: no Django import at module level, so the parsers can use the defaults.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Final, Literal

UploadKind = Literal["prisoner_file", "action_plan", "inspection_report", "evidence"]

MB: Final = 1024 * 1024


class UploadRefused(ValueError):
    """An uploaded file that is not read further: over a limit, or not the kind of file
    it should be. The message is for the person who sent it and names the limit.

    ``too_large`` is set when the file itself is bigger than allowed (an API answers 413).
    """

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_large = too_large


def format_bytes(count: int) -> str:
    """ "50 MB", "512 KB", "900 bytes": the way limits are written in messages."""
    if count >= MB and count % MB == 0:
        return f"{count // MB:,} MB"
    if count >= MB:
        return f"{count / MB:,.1f} MB"
    if count >= 1024:
        return f"{count // 1024:,} KB"
    return f"{count:,} bytes"


@dataclass(frozen=True, slots=True)
class UploadLimits:
    """The limits for one kind of upload. ``what`` names the kind in messages."""

    what: str
    #: The file as sent (a .docx or .xlsx file is compressed).
    max_bytes: int
    #: Every member of a zip container (.docx, .xlsx) decompressed, added up.
    max_uncompressed_bytes: int = 50 * MB
    #: Members (files) in a zip container.
    max_members: int = 500
    #: XML tags (each ``<``) in a zip container's .xml members: what parsing one costs in
    #: time and memory (a few kilobytes of compressed empty paragraphs hold millions).
    max_xml_tags: int = 500_000
    #: Rows: CSV records, text lines, spreadsheet rows, paragraphs and table rows.
    max_rows: int = 20_000
    #: Values in one row.
    max_columns: int = 200
    #: Pages of a PDF.
    max_pages: int = 200
    #: Pixels of an image (width x height).
    max_pixels: int = 25_000_000
    #: Seconds of parsing, checked as rows are read.
    seconds: float = 30.0

    def too_large(self) -> UploadRefused:
        return UploadRefused(
            f"The file must be smaller than {format_bytes(self.max_bytes)} "
            f"(the limit for {self.what})",
            too_large=True,
        )


DEFAULT_LIMITS: Final[dict[UploadKind, UploadLimits]] = {
    # The national file is about 90,000 rows and 20 MB.
    "prisoner_file": UploadLimits(
        what="a prisoner file",
        max_bytes=50 * MB,
        max_rows=200_000,
        max_columns=100,
        seconds=120.0,
    ),
    # A Word plan of 6 recommendations is about 25,000 XML tags, most of them its styles;
    # 500,000 empty paragraphs parse in about a second and 120 MB.
    "action_plan": UploadLimits(
        what="an action plan",
        max_bytes=20 * MB,
        max_uncompressed_bytes=50 * MB,
        max_members=500,
        max_xml_tags=500_000,
        max_rows=20_000,
        max_columns=200,
        max_pages=200,
        seconds=30.0,
    ),
    # An HMIP report runs to 100-150 pages, with photographs; a review of progress is
    # shorter. Read as lines of text.
    "inspection_report": UploadLimits(
        what="an inspection report",
        max_bytes=20 * MB,
        max_uncompressed_bytes=100 * MB,
        max_members=1_000,
        max_xml_tags=1_500_000,
        max_rows=100_000,
        max_columns=200,
        max_pages=500,
        seconds=60.0,
    ),
    # Evidence is opened to check its type, not parsed: an image is decoded (at most
    # 25 million pixels: about 100 MB as RGBA), a PDF's pages and an Office file's parts
    # are listed.
    "evidence": UploadLimits(
        what="an evidence file",
        max_bytes=10 * MB,
        max_uncompressed_bytes=100 * MB,
        max_members=1_000,
        max_xml_tags=5_000_000,
        max_pages=2_000,
        max_pixels=25_000_000,
        seconds=20.0,
    ),
}


def limits_for(kind: UploadKind) -> UploadLimits:
    """The limits in force for ``kind``: the defaults above with the settings' overrides."""
    from django.conf import settings

    overrides: dict[str, Any] = getattr(settings, "SAFERELEASE_UPLOAD_LIMITS", {}).get(kind, {})
    return dataclasses.replace(DEFAULT_LIMITS[kind], **overrides)
