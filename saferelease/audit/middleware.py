"""Records where each request comes from, for the audit trail: the channel, the client's
address (behind the configured trusted proxies: ``saferelease.core.client``), the user
agent and the path. Also audits every page of the Django admin that is read (it lists
accounts and the audit trail itself), one entry per request."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.audit.services import audit_read
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
            response = self.get_response(request)
            _audit_admin_read(request, response)
            return response
        finally:
            reset_origin(token)


def _audit_admin_read(request: HttpRequest, response: HttpResponse) -> None:
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if (
        match is None
        or match.app_name != "admin"
        or request.method != "GET"
        or response.status_code != 200
        or user is None
        or not user.is_authenticated
    ):
        return
    audit_read(
        actor=user,
        object_type="django-admin",
        object_id=str(match.kwargs.get("object_id", "")),
        object_repr=match.url_name or "",
        query=request.GET,
        summary=f"Viewed the admin page {match.url_name or match.route}",
    )
