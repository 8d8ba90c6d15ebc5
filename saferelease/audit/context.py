"""Where the current change comes from: set per request (web/api) or per command (cli)."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class AuditOrigin:
    channel: str = "system"
    ip_address: str | None = None
    user_agent: str = ""
    path: str = ""


_DEFAULT = AuditOrigin()
_origin: ContextVar[AuditOrigin | None] = ContextVar("audit_origin", default=None)


def current_origin() -> AuditOrigin:
    return _origin.get() or _DEFAULT


def set_origin(origin: AuditOrigin) -> object:
    return _origin.set(origin)


def reset_origin(token: object) -> None:
    _origin.reset(token)  # type: ignore[arg-type]
