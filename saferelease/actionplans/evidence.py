"""Which evidence files are accepted: the type by extension AND by content and structure
(the file is opened as that type: ``saferelease.core.uploads.filetypes``), within the
limits of an evidence file (10 MB unless configured: ``saferelease.core.uploads``). Pure."""

from __future__ import annotations

from pathlib import PurePath
from typing import Final

from saferelease.core.uploads import DEFAULT_LIMITS, UploadLimits, UploadRefused, format_bytes
from saferelease.core.uploads.filetypes import FileKind, content_problem

MAX_EVIDENCE_BYTES = DEFAULT_LIMITS["evidence"].max_bytes
MAX_EVIDENCE_FILES = 10

#: extension -> (content type served back, human name)
EVIDENCE_TYPES: dict[str, tuple[str, str]] = {
    ".pdf": ("application/pdf", "PDF"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word document",
    ),
    ".xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Excel workbook",
    ),
    ".png": ("image/png", "PNG image"),
    ".jpg": ("image/jpeg", "JPEG image"),
    ".jpeg": ("image/jpeg", "JPEG image"),
    ".txt": ("text/plain; charset=utf-8", "text file"),
}

#: extension -> the kind of file its content must be
_KINDS: Final[dict[str, FileKind]] = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".xlsx": "xlsx",
    ".png": "png",
    ".jpg": "jpeg",
    ".jpeg": "jpeg",
    ".txt": "text",
}

ALLOWED_TEXT = "PDF, Word (.docx), Excel (.xlsx), PNG, JPG or text (.txt)"
ACCEPT_ATTRIBUTE = ",".join(sorted(EVIDENCE_TYPES))


def evidence_content_type(name: str) -> str:
    return EVIDENCE_TYPES.get(PurePath(name).suffix.lower(), ("application/octet-stream", ""))[0]


def evidence_problem(
    name: str, size: int, data: bytes, limits: UploadLimits = DEFAULT_LIMITS["evidence"]
) -> str | None:
    """Why a file cannot be evidence, or None. `data` may be empty when `size` is too big."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in EVIDENCE_TYPES:
        return f"{name} must be a {ALLOWED_TEXT} file"
    if size > limits.max_bytes:
        return f"{name} must be smaller than {format_bytes(limits.max_bytes)}"
    if size == 0:
        return f"{name} is empty"
    try:
        problem = content_problem(_KINDS[suffix], data, limits)
    except UploadRefused as error:
        return f"{name}: {error.message}"
    if problem is not None:
        return f"{name} is not a valid {EVIDENCE_TYPES[suffix][1]}: {problem}"
    return None
