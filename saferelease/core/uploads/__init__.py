"""The upload kit: every uploaded file (prisoner files, action plans, evidence) is read,
bounded, decoded and staged through here, the same way from the web form, the API and the
command line.

- ``limits``: the limits per kind of upload (``limits_for``) and ``UploadRefused``;
- ``reading``: a file read into memory only up to its size limit;
- ``containers``: zip containers (.docx, .xlsx) and PDFs checked before parsing;
- ``budget``: the time budget of one parse;
- ``decoding``: the text of a text file (UTF-8, UTF-16, Windows-1252);
- ``staging``: files kept between upload, preview and confirmation.

See ``docs/security.md`` (Uploads) for the limits and what they were measured against.
"""

from saferelease.core.uploads.budget import ParseBudget
from saferelease.core.uploads.containers import Unreadable, ZipContents, inspect_pdf, inspect_zip
from saferelease.core.uploads.decoding import decode_text
from saferelease.core.uploads.limits import (
    DEFAULT_LIMITS,
    MB,
    UploadKind,
    UploadLimits,
    UploadRefused,
    format_bytes,
    limits_for,
)
from saferelease.core.uploads.reading import read_path, read_upload
from saferelease.core.uploads.staging import StagedFile, StagingArea, sha256_of

__all__ = [
    "DEFAULT_LIMITS",
    "MB",
    "ParseBudget",
    "StagedFile",
    "StagingArea",
    "Unreadable",
    "UploadKind",
    "UploadLimits",
    "UploadRefused",
    "ZipContents",
    "decode_text",
    "format_bytes",
    "inspect_pdf",
    "inspect_zip",
    "limits_for",
    "read_path",
    "read_upload",
    "sha256_of",
]
