"""Records where each request comes from, for the audit trail: the channel, the client's
address (behind the configured trusted proxies: ``saferelease.core.client``), the user
agent and the path."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.core.client import client_address


class AuditContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_origin(
            AuditOrigin(
                channel="api" if request.path.startswith("/api/") else "web",
                ip_address=client_address(request),
                user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
                path=request.path[:300],
            )
        )
        try:
            return self.get_response(request)
        finally:
            reset_origin(token)
