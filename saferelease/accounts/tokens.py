"""API tokens: django-rest-knox tokens (stored as SHA-512 digests, each with an expiry),
refused for accounts that cannot sign in.

A token is issued by an administrator (``saferelease user token USERNAME``) for
``SAFERELEASE_TOKEN_DAYS`` days (30 unless configured), listed and revoked by its owner
on their account page and by administrators on the command line. See docs/security.md,
"API tokens" and docs/adr/0008-security-controls.md.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions

if TYPE_CHECKING:
    from saferelease.accounts.models import User

#: The shortest key prefix accepted to name a token when revoking it.
MIN_KEY_PREFIX = 8


def may_hold_api_token(user: User) -> bool:
    """Only an account that can sign in holds or uses a token: active, with a usable
    password (accounts made with ``can_sign_in=False`` hold caseloads but never sign in)."""
    return bool(user.is_active and user.has_usable_password())


class ApiTokenAuthentication(TokenAuthentication):
    """knox's ``Authorization: Token ...`` authentication (expired tokens are refused and
    deleted by knox), refusing accounts that cannot sign in at every request, so a token
    stops working as soon as its account is deactivated or its password made unusable."""

    def validate_user(self, auth_token: Any) -> tuple[Any, Any]:
        if not may_hold_api_token(auth_token.user):
            raise exceptions.AuthenticationFailed("This account cannot use the API.")
        return auth_token.user, auth_token


class ApiTokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme for :class:`ApiTokenAuthentication`."""

    target_class = "saferelease.accounts.tokens.ApiTokenAuthentication"
    name = "tokenAuth"
