"""The address a request came from, for sign-in protection and the audit trail.

Behind ``SAFERELEASE_TRUSTED_PROXIES`` reverse proxies (a TLS terminator, a load
balancer), ``REMOTE_ADDR`` is the nearest proxy and every user would share it. Each
proxy appends the address it received the connection from to ``X-Forwarded-For``, so
the client is the entry written by the outermost trusted proxy: the N-th from the right.
Entries further left were written by the client itself and are never trusted. With the
default of 0 the header is ignored and ``REMOTE_ADDR`` is the client. See
docs/security.md, "Client address".
"""

from __future__ import annotations

import ipaddress
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str | None) -> str | None:
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address_from(meta: Mapping[str, Any], trusted_proxies: int) -> str | None:
    """The client's address from WSGI ``meta`` behind ``trusted_proxies`` proxies, or
    ``None`` when it cannot be told (no valid address where it should be)."""
    remote = _valid(meta.get("REMOTE_ADDR"))
    if trusted_proxies <= 0:
        return remote
    forwarded = [part.strip() for part in str(meta.get("HTTP_X_FORWARDED_FOR", "")).split(",")]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        # Reached directly, not through the proxies (a health check from the host, say).
        return remote
    # Fewer entries than proxies: every entry was written by a trusted proxy, and the
    # leftmost is the nearest to the client that we know.
    return _valid(forwarded[-min(trusted_proxies, len(forwarded))])


def client_address(request: HttpRequest) -> str | None:
    """The client's address for ``request`` under the configured trusted proxies."""
    return client_address_from(request.META, settings.SAFERELEASE_TRUSTED_PROXIES)
