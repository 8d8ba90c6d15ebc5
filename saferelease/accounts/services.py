"""Writes to user accounts."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from saferelease.accounts.models import User
from saferelease.accounts.roles import Role
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.establishments.models import Establishment


def _generate_password() -> str:
    return secrets.token_urlsafe(15)


@transaction.atomic
def user_create(
    *,
    actor: Any = None,
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


@transaction.atomic
def user_token_create(*, actor: Any = None, user: User) -> str:
    """(Re)issue an API token for `user`."""
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="authtoken.token",
        object_id=str(user.pk),
        object_repr=f"API token for {user.username}",
    )
    return str(token.key)


@transaction.atomic
def user_unlock(*, actor: Any = None, username: str = "", address: str = "") -> int:
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
