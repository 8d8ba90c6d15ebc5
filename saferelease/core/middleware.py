"""Request logging and sign-in enforcement."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.contrib.auth.middleware import LoginRequiredMiddleware as DjangoLoginRequired
from django.http import HttpRequest, HttpResponse, JsonResponse

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


#: Longest path and query string accepted; anything longer is refused with 400.
MAX_PATH = 2000
MAX_QUERY = 8000
_NUL_MARKERS = (b"\x00", b"%00", b"\\u0000")


def bad_input(request: HttpRequest, message: str) -> HttpResponse:
    """400 in the API's one error format (``saferelease.core.api``) or as a page."""
    if request.path.startswith("/api/"):
        body = {"error": {"status": 400, "code": "invalid_input", "message": message}}
        return JsonResponse(body, status=400)
    from django.shortcuts import render

    return render(request, "400.html", {"message": message}, status=400)


class RejectBadInputMiddleware:
    """Refuses, with 400 and before any view, input no view can use: a NUL byte in the
    path, the query string or a form or JSON body (PostgreSQL cannot store it), and an
    over-long path or query string. Multipart bodies (uploads) are left to the upload kit,
    whose limits are checked before they are read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if len(request.path) > MAX_PATH or len(query) > MAX_QUERY:
            return bad_input(request, "The web address is too long")
        if "\x00" in request.path or "\x00" in query or "%00" in query:
            return bad_input(request, "The web address holds a character that is not allowed")
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "application/json")):
            body = request.body
            if any(marker in body for marker in _NUL_MARKERS):
                return bad_input(request, "The form sent holds a character that is not allowed")
        return self.get_response(request)


class LoginRequiredMiddleware(DjangoLoginRequired):
    """Django's LoginRequiredMiddleware, except for the API, where DRF answers 401/403
    in JSON (its default permission is IsAuthenticated) instead of a redirect."""

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.path.startswith("/api/"):
            return None
        return super().process_view(request, view_func, view_args, view_kwargs)
