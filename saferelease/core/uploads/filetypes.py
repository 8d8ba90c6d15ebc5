"""Whether a file's content is the kind of file its name says: by its content and its
structure, not by its first bytes.

The type is recognised from the content by ``filetype`` (signatures of about 80 types,
executables among them; docs/adr/0011-upload-kit.md), then the file is opened as that kind
within the limits: a PDF's page tree is walked (``inspect_pdf``), an Office file must be a
readable zip (``inspect_zip``) whose ``[Content_Types].xml`` declares the right main part
and no macros, an image must decode (Pillow; a JPEG at an eighth of its size, which checks
every block), and text must be UTF-8 with no known binary signature and no NUL byte.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from typing import Final, Literal

import filetype
from defusedxml import ElementTree

from saferelease.core.uploads.containers import Unreadable, inspect_pdf, inspect_zip
from saferelease.core.uploads.limits import UploadLimits, UploadRefused

FileKind = Literal["pdf", "docx", "xlsx", "png", "jpeg", "text"]

_MIME: Final[dict[FileKind, str]] = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "png": "image/png",
    "jpeg": "image/jpeg",
}
#: The main part an Office file must declare, and its content type.
_MAIN_PART: Final[dict[FileKind, tuple[str, str]]] = {
    "docx": (
        "/word/document.xml",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    ),
    "xlsx": (
        "/xl/workbook.xml",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    ),
}
_IMAGE_FORMAT: Final[dict[FileKind, str]] = {"png": "PNG", "jpeg": "JPEG"}
_CONTENT_TYPES: Final = "[Content_Types].xml"
_TYPES_NS: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}"


def content_problem(kind: FileKind, data: bytes, limits: UploadLimits) -> str | None:
    """Why ``data`` is not a file of ``kind``, as a phrase ("its content is
    application/x-msdownload"), or None when it is. Raises ``UploadRefused`` when opening
    it would go over ``limits``."""
    guessed = filetype.guess(data)
    if kind == "text":
        return _text_problem(data, guessed.mime if guessed is not None else None)
    if guessed is None or guessed.mime != _MIME[kind]:
        found = guessed.mime if guessed is not None else "of no known type"
        return f"its content is {found}"
    if kind == "pdf":
        try:
            inspect_pdf(data, limits)
        except Unreadable as error:
            return f"it cannot be opened ({error})"
        return None
    if kind in _MAIN_PART:
        return _office_problem(kind, data, limits)
    return _image_problem(kind, data, limits)


def _text_problem(data: bytes, mime: str | None) -> str | None:
    if mime is not None:
        return f"its content is {mime}"
    if b"\x00" in data:
        return "it contains binary data"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return "it is not UTF-8 text"
    return None


def _office_problem(kind: FileKind, data: bytes, limits: UploadLimits) -> str | None:
    try:
        names = inspect_zip(data, limits).names
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            declared = archive.read(_CONTENT_TYPES) if _CONTENT_TYPES in names else b""
        root = ElementTree.fromstring(declared) if declared else None
    except (Unreadable, zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        return f"it cannot be opened ({error})"
    except Exception as error:  # defusedxml refuses entities and DTDs with its own errors
        return f"its parts cannot be read ({type(error).__name__})"
    if root is None:
        return "it has no content types"
    overrides = {
        element.get("PartName", ""): element.get("ContentType", "")
        for element in root.iter(f"{_TYPES_NS}Override")
    }
    if any("macroEnabled" in value for value in overrides.values()) or any(
        name.lower().endswith("vbaproject.bin") for name in names
    ):
        return "it contains macros"
    part, content_type = _MAIN_PART[kind]
    if overrides.get(part) != content_type or part.lstrip("/") not in names:
        return f"it has no {part.lstrip('/')} of the right type"
    return None


def _image_problem(kind: FileKind, data: bytes, limits: UploadLimits) -> str | None:
    from PIL import Image

    too_many = UploadRefused(
        f"The image is too large to open: it has more than {limits.max_pixels:,} pixels, the "
        f"limit for {limits.what}"
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format != _IMAGE_FORMAT[kind]:
                    return f"its content is a {image.format} image"
                width, height = image.size
                if width * height > limits.max_pixels:
                    raise too_many
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                if kind == "jpeg":
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                image.load()
    except UploadRefused:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise too_many from None
    except Exception as error:  # Pillow raises many kinds for a broken image
        return f"it cannot be decoded ({error})"
    return None
