"""Uploaded files kept between an upload and its confirmation (upload → preview → confirm).

A staged file lives under ``MEDIA_ROOT/<folder>/`` with a random name (the token), readable
by the service's account only, until it is confirmed, discarded, or older than its
lifetime (removed when someone next stages a file). Beside it may sit a summary (JSON)
of what its dry run found, so that a preview page need not parse the file again. It is
read back only with the SHA-256 taken when it was staged, so the file confirmed is the
file previewed. The session of the person who uploaded it holds the token: staging keeps
no record of who may read what.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

_TOKEN_RE: Final = re.compile(r"^[0-9a-f]{32}$")
_SUMMARY_SUFFIX: Final = ".json"


@dataclass(frozen=True, slots=True)
class StagedFile:
    token: str
    sha256: str


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class StagingArea:
    """One folder of staged uploads; ``suffix`` is the staged files' extension."""

    def __init__(
        self, folder: str, *, suffix: str, lifetime: dt.timedelta = dt.timedelta(days=1)
    ) -> None:
        self.folder = folder
        self.suffix = suffix
        self.lifetime = lifetime

    def _root(self) -> Path:
        from django.conf import settings

        return Path(settings.MEDIA_ROOT) / self.folder

    def _path(self, token: str) -> Path | None:
        if not _TOKEN_RE.match(token):
            return None
        return self._root() / f"{token}{self.suffix}"

    def stage(
        self, data: bytes, *, now: dt.datetime, summary: dict[str, Any] | None = None
    ) -> StagedFile:
        """Keep ``data`` (and its ``summary``) under a new token; first remove files older
        than the lifetime at ``now``."""
        root = self._root()
        root.mkdir(mode=0o700, parents=True, exist_ok=True)
        self.sweep(now=now)
        token = uuid.uuid4().hex
        path = root / f"{token}{self.suffix}"
        path.write_bytes(data)
        path.chmod(0o600)
        if summary is not None:
            kept = path.with_suffix(_SUMMARY_SUFFIX)
            kept.write_text(json.dumps(summary), encoding="utf-8")
            kept.chmod(0o600)
        return StagedFile(token, sha256_of(data))

    def read(self, token: str, sha256: str) -> bytes | None:
        """The staged file, if it is still there and its SHA-256 is ``sha256``."""
        path = self._path(token)
        if path is None:
            return None
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        return data if sha256_of(data) == sha256 else None

    def summary(self, token: str) -> dict[str, Any] | None:
        """The summary kept with the staged file, if there is one."""
        path = self._path(token)
        if path is None:
            return None
        try:
            kept = json.loads(path.with_suffix(_SUMMARY_SUFFIX).read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return kept if isinstance(kept, dict) else None

    def discard(self, token: str) -> None:
        path = self._path(token)
        if path is not None:
            path.unlink(missing_ok=True)
            path.with_suffix(_SUMMARY_SUFFIX).unlink(missing_ok=True)

    def sweep(self, *, now: dt.datetime) -> None:
        """Remove staged files and summaries older than the lifetime at ``now``."""
        cutoff = (now - self.lifetime).timestamp()
        root = self._root()
        for path in [*root.glob(f"*{self.suffix}"), *root.glob(f"*{_SUMMARY_SUFFIX}")]:
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
            except FileNotFoundError:
                pass
