"""Which evidence files are accepted: type by extension AND content, size within the limit
of an evidence file (10 MB unless configured: ``saferelease.core.uploads``). Pure."""

from __future__ import annotations

import io
import zipfile
from pathlib import PurePath

from saferelease.core.uploads import DEFAULT_LIMITS, UploadLimits, format_bytes

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

ALLOWED_TEXT = "PDF, Word (.docx), Excel (.xlsx), PNG, JPG or text (.txt)"
ACCEPT_ATTRIBUTE = ",".join(sorted(EVIDENCE_TYPES))


def _zip_has(data: bytes, member_prefix: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith(member_prefix) for name in archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False


def _content_matches(suffix: str, data: bytes) -> bool:
    if suffix == ".pdf":
        return data.startswith(b"%PDF")
    if suffix == ".docx":
        return data.startswith(b"PK") and _zip_has(data, "word/")
    if suffix == ".xlsx":
        return data.startswith(b"PK") and _zip_has(data, "xl/")
    if suffix == ".png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in {".jpg", ".jpeg"}:
        return data.startswith(b"\xff\xd8\xff")
    if b"\x00" in data:
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


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
    if not _content_matches(suffix, data):
        return f"{name} is not a valid {EVIDENCE_TYPES[suffix][1]}"
    return None
