"""Reading an uploaded file into memory, never more than its size limit.

The web form and the API get a Django ``UploadedFile`` (spooled to a temporary file past
``FILE_UPLOAD_MAX_MEMORY_SIZE``); the command line a path. Both are refused before they
are read when they are larger than the limit for their kind.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from saferelease.core.uploads.limits import UploadLimits


class Upload(Protocol):
    @property
    def size(self) -> int | None: ...

    def read(self, size: int = -1, /) -> bytes: ...


def read_upload(upload: Upload, limits: UploadLimits) -> bytes:
    """The content of an uploaded file; ``UploadRefused`` (``too_large``) past the limit."""
    if upload.size is not None and upload.size > limits.max_bytes:
        raise limits.too_large()
    data = upload.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise limits.too_large()
    return data


def read_path(path: Path, limits: UploadLimits) -> bytes:
    """The content of a file named on the command line; ``UploadRefused`` (``too_large``)
    past the limit, ``OSError`` when it cannot be read. A regular file's size is checked
    before anything is read."""
    if path.is_file() and path.stat().st_size > limits.max_bytes:
        raise limits.too_large()
    with path.open("rb") as stream:
        data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise limits.too_large()
    return data
