"""Sign-in protection on top of django-axes: a username locks after
``AXES_FAILURE_LIMIT`` failures from any address, and an address locks after
``SAFERELEASE_SIGN_IN_ADDRESS_LIMIT`` failures over any usernames, both for
``AXES_COOLOFF_TIME``.

django-axes records every failure as an ``AccessAttempt`` (username, address, user agent)
and compares one count with one limit. Locking by username alone (whatever the address)
stops guessing one password from many addresses; the per-address count over every
username stops one address spraying a few guesses at each of many accounts, with a
higher limit because staff at one prison may share an address. The address is the
client's (``saferelease.core.client``), not the last proxy's. See docs/security.md,
"Sign-in".
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def address_failures(request: HttpRequest) -> int:
    """Failures recorded from the request's address within the cool-off period, over
    every username."""
    address = getattr(request, "axes_ip_address", None)
    if not address:
        return 0
    attempts = AccessAttempt.objects.filter(ip_address=address)
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    total = attempts.aggregate(total=Sum("failures_since_start"))["total"]
    return int(total or 0)


class SignInLockoutHandler(AxesDatabaseHandler):
    """django-axes' database handler, plus the per-address limit."""

    def is_locked(self, request: Any, credentials: dict[str, Any] | None = None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return address_failures(request) >= settings.SAFERELEASE_SIGN_IN_ADDRESS_LIMIT

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or getattr(request, "axes_locked_out", False):
            return
        if address_failures(request) >= settings.SAFERELEASE_SIGN_IN_ADDRESS_LIMIT:
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )
