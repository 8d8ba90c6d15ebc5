"""Writes to user accounts."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from knox.models import AuthToken

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, has
from saferelease.accounts.models import User
from saferelease.accounts.roles import Role
from saferelease.accounts.tokens import MIN_KEY_PREFIX, may_hold_api_token
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.establishments.models import Establishment


def _generate_password() -> str:
    return secrets.token_urlsafe(15)


@transaction.atomic
def user_create(
    *,
    actor: Actor,
    username: str,
    role: str,
    establishment_codes: Sequence[str] = (),
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    can_sign_in: bool = True,
) -> tuple[User, str]:
    """Create a user with a role and establishments; return the user and the password.

    The password must pass Django's validators; without one a random password is made.
    ``can_sign_in=False`` makes an account with no usable password (and returns "" for
    it): someone who holds a caseload but does not sign in. Unknown roles or establishment
    codes are refused and nothing is saved.
    """
    try:
        role_value = Role(role)
    except ValueError:
        choices = ", ".join(r.value for r in Role)
        raise ValidationError({"role": f"Unknown role '{role}': choose one of {choices}"}) from None
    codes = [c.strip().upper() for c in establishment_codes if c.strip()]
    establishments = list(Establishment.objects.filter(code__in=codes))
    missing = sorted(set(codes) - {e.code for e in establishments})
    if missing:
        raise ValidationError(
            {"establishment": f"Unknown establishment code: {', '.join(missing)}"}
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": f"A user called '{username}' already exists"})
    user = User(
        username=username,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role_value.value,
        is_staff=role_value == Role.ADMIN,
    )
    if can_sign_in:
        chosen = password or _generate_password()
        validate_password(chosen, user)
        user.set_password(chosen)
    else:
        chosen = ""
        user.set_unusable_password()
    user.full_clean()
    user.save()
    user.establishments.set(establishments)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="accounts.user",
        object_id=str(user.pk),
        object_repr=user.username,
        changes={
            "username": [None, user.username],
            "role": [None, user.role],
            "establishments": [None, sorted(codes)],
        },
    )
    return user, chosen


#: The longest life an administrator may give a token.
MAX_TOKEN_DAYS = 365


@transaction.atomic
def user_token_create(*, actor: Actor, user: User, days: int | None = None) -> str:
    """Issue a new API token for ``user``, valid for ``days`` days (default
    ``SAFERELEASE_TOKEN_DAYS``, at most 365), and return it: it is shown once and only its
    digest is stored. Other tokens the user holds are kept. Refused for an account that
    cannot sign in. Audited with the token's key (its first characters), never the token."""
    if not may_hold_api_token(user):
        raise ValidationError(
            f"{user.username} cannot sign in (inactive or no usable password), "
            "so cannot hold an API token"
        )
    lifetime = settings.SAFERELEASE_TOKEN_DAYS if days is None else days
    if not 1 <= lifetime <= MAX_TOKEN_DAYS:
        raise ValidationError(f"A token lasts from 1 to {MAX_TOKEN_DAYS} days")
    instance, token = AuthToken.objects.create(user=user, expiry=dt.timedelta(days=lifetime))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="knox.authtoken",
        object_id=instance.token_key,
        object_repr=f"API token {instance.token_key[:MIN_KEY_PREFIX]} for {user.username}",
        changes={"user": [None, user.username], "expiry": [None, instance.expiry.isoformat()]},
    )
    return str(token)


def _revoke(actor: Actor, tokens: Sequence[AuthToken]) -> int:
    for token in tokens:
        audit_record(
            actor=actor,
            action=AuditAction.DELETE,
            object_type="knox.authtoken",
            object_id=token.token_key,
            object_repr=f"API token {token.token_key[:MIN_KEY_PREFIX]} for {token.user.username}",
            changes={"expiry": [token.expiry.isoformat() if token.expiry else None, None]},
            summary="Revoked",
        )
    AuthToken.objects.filter(digest__in=[token.digest for token in tokens]).delete()
    return len(tokens)


@transaction.atomic
def user_token_revoke(*, actor: Actor, key: str, owner: User | None = None) -> int:
    """Revoke the token whose key starts with ``key`` (8 characters or more). A signed-in
    user who is not an administrator can revoke only their own tokens (another's is "not
    found"); ``owner`` narrows the search to one user. Returns 1, or raises
    ``ValidationError`` when no token or more than one matches."""
    key = key.strip()
    if len(key) < MIN_KEY_PREFIX:
        raise ValidationError(f"Give at least {MIN_KEY_PREFIX} characters of the token's key")
    tokens = AuthToken.objects.select_related("user").filter(token_key__startswith=key)
    if isinstance(actor, User) and not has(actor, Capability.ADMINISTER):
        tokens = tokens.filter(user=actor)
    if owner is not None:
        tokens = tokens.filter(user=owner)
    found = list(tokens[:2])
    if not found:
        raise ValidationError(f"No API token with the key {key}")
    if len(found) > 1:
        raise ValidationError(f"More than one API token starts with {key}: give more of it")
    return _revoke(actor, found)


@transaction.atomic
def user_tokens_revoke_all(*, actor: Actor, user: User) -> int:
    """Revoke every API token ``user`` holds; return how many."""
    return _revoke(actor, list(AuthToken.objects.select_related("user").filter(user=user)))


@transaction.atomic
def user_unlock(*, actor: Actor, username: str = "", address: str = "") -> int:
    """End a sign-in lockout before its cool-off: clear the failures recorded for
    ``username`` (from every address) or for ``address`` (over every username). Returns
    how many failure records were cleared. Audited."""
    if bool(username) == bool(address):
        raise ValidationError("Give a username or an address to unlock, not both")
    if username:
        cleared = axes_reset(username=username)
        target = f"username {username}"
    else:
        cleared = axes_reset(ip=address)
        target = f"address {address}"
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        object_type="axes.accessattempt",
        object_repr=f"Sign-in failures for {target}"[:200],
        summary=f"Unlocked sign-in for {target} ({cleared} failure records cleared)",
    )
    return int(cleared)
