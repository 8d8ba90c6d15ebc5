"""Reads of accounts: the API tokens a user may see."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knox.models import AuthToken

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, has
from saferelease.accounts.models import User


@dataclass(frozen=True)
class ApiTokenRow:
    key: str  # the token's first characters, stored in clear to find it: not the secret
    username: str
    created: dt.datetime
    expiry: dt.datetime | None
    expired: bool


def api_tokens_for(viewer: Actor, *, now: dt.datetime, username: str = "") -> list[ApiTokenRow]:
    """API tokens, newest first: a user who is not an administrator sees only their own;
    administrators and the command line (a system actor) see everyone's, or
    ``username``'s. A token past its expiry is listed as expired until knox deletes it
    (on its next use) or it is revoked."""
    tokens = AuthToken.objects.select_related("user").order_by("-created")
    if isinstance(viewer, User) and not has(viewer, Capability.ADMINISTER):
        tokens = tokens.filter(user=viewer)
    if username:
        tokens = tokens.filter(user__username=username)
    return [
        ApiTokenRow(
            key=token.token_key,
            username=token.user.username,
            created=token.created,
            expiry=token.expiry,
            expired=token.expiry is not None and token.expiry <= now,
        )
        for token in tokens
    ]
