"""Password rule of our own: no context-specific words.

NCSC password guidance and NIST SP 800-63B (5.1.1.2) ask services to refuse passwords
made from context-specific words: the service's name and the user's own username. Case,
spaces and punctuation are ignored, so "Safe-Release-2026" and "SAFERELEASE2026" are
refused alike. Repeated characters, sequences and keyboard patterns are refused by
zxcvbn (``django_zxcvbn_password_validator``); the full list is in
``AUTH_PASSWORD_VALIDATORS`` and docs/security.md, "Passwords".
"""

from __future__ import annotations

import re

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError

SERVICE_NAMES = ("safe release", "saferelease")


def _flat(text: str) -> str:
    """Lower case letters and digits only."""
    return "".join(character for character in text.casefold() if character.isalnum())


class ContextSpecificPasswordValidator:
    """Refuse a password containing the service's name, the username, or a part of the
    username (split at punctuation) of ``min_part_length`` characters or more."""

    def __init__(self, min_part_length: int = 4) -> None:
        self.min_part_length = min_part_length

    def validate(self, password: str, user: AbstractBaseUser | None = None) -> None:
        flat = _flat(password)
        if any(_flat(name) in flat for name in SERVICE_NAMES):
            raise ValidationError(
                "Your password must not contain the name of the service",
                code="password_has_service_name",
            )
        username = str(getattr(user, "username", "") or "")
        words = [_flat(username), *(_flat(part) for part in re.split(r"[\W_]+", username))]
        if any(len(word) >= self.min_part_length and word in flat for word in words):
            raise ValidationError(
                "Your password must not contain your username",
                code="password_has_username",
            )

    def get_help_text(self) -> str:
        return "Your password must not contain the name of the service or your username."
