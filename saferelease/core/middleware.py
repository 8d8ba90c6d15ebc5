"""Request logging and sign-in enforcement."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse

from saferelease.core.logging import REQUEST_ID, request_id_for

logger = logging.getLogger("saferelease.request")


class RequestLogMiddleware:
    """One JSON log line per request: route pattern, status, duration, user id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = request_id_for(request.headers.get("X-Request-ID", ""))
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            self._log(request, response, started)
        finally:
            REQUEST_ID.reset(token)
        return response

    def _log(self, request: HttpRequest, response: HttpResponse, started: float) -> None:
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        logger.info(
            "request",
            extra={
                "method": request.method,
                "route": match.route if match else None,
                "view": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "user_id": user.pk if user is not None and user.is_authenticated else None,
            },
        )


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's LoginRequiredMiddleware, except for the API, where DRF answers 401/403
    in JSON (its default permission is IsAuthenticated) instead of a redirect."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
