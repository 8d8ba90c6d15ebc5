"""Password rules: repeated characters and patterns (zxcvbn), context-specific words."""

from __future__ import annotations

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.models import User
from saferelease.accounts.passwords import ContextSpecificPasswordValidator
from saferelease.accounts.services import user_create

POM = User(username="pom.littlehey", first_name="Jo", last_name="Bloggs")


@pytest.mark.parametrize(
    "password",
    [
        "aaaaaaaaaaaaaaaa",
        "abcabcabcabcabc",
        "qwertyuiop123456",
        "1q2w3e4r5t6y7u8i",
        "zzzzzzzzzzzzzzzz1",
    ],
)
def test_repeats_sequences_and_keyboard_patterns_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password, POM)


@pytest.mark.parametrize(
    "password",
    ["SafeRelease-2026-x", "my safe release passphrase", "SAFERELEASE!x9k2q"],
)
def test_the_service_name_is_refused(password):
    with pytest.raises(ValidationError, match="must not contain the name of the service"):
        ContextSpecificPasswordValidator().validate(password, POM)
    with pytest.raises(ValidationError):
        validate_password(password, POM)


@pytest.mark.parametrize(
    "password", ["pom.littlehey-bright-orchard", "Littlehey-bright-orchard-72", "xPOMLITTLEHEYx91"]
)
def test_the_username_or_a_long_part_of_it_is_refused(password):
    with pytest.raises(ValidationError, match="must not contain your username"):
        ContextSpecificPasswordValidator().validate(password, POM)


def test_a_short_username_part_is_allowed():
    ContextSpecificPasswordValidator().validate("pomegranate-bright-orchard", POM)


@pytest.mark.parametrize(
    "password",
    ["correct-horse-battery-staple", "fictional-demo-2026", "a-long-fictional-passphrase"],
)
def test_strong_passwords_pass_every_validator(password):
    validate_password(password, POM)


@pytest.mark.django_db
def test_user_create_refuses_a_repeated_character_password():
    with pytest.raises(ValidationError):
        user_create(
            actor=COMMAND_LINE, username="someone", role="caseworker", password="aaaaaaaaaaaaaaaa"
        )
    assert not User.objects.filter(username="someone").exists()


@pytest.mark.django_db
def test_generated_passwords_pass_every_validator():
    for n in range(20):
        user, password = user_create(
            actor=COMMAND_LINE, username=f"generated.{n}", role="caseworker"
        )
        assert user.check_password(password)


def test_a_password_longer_than_zxcvbn_reads_is_refused_with_a_message():
    with pytest.raises(ValidationError, match="72 characters"):
        validate_password("fictional-" * 8, POM)
