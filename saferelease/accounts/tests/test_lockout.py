"""Sign-in protection: a username locks after 5 failures from any address; an address
locks after SAFERELEASE_SIGN_IN_ADDRESS_LIMIT failures over any usernames; the address is
the client's behind the configured trusted proxies."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.services import user_unlock
from saferelease.accounts.tests.factories import TEST_PASSWORD, UserFactory
from saferelease.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.7"
ELSEWHERE = "203.0.113.9"
PROXY = "10.0.0.2"


def _sign_in(client: Client, username: Any, password: str, **headers: Any) -> Any:
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password}, **headers
    )


def _signed_in(response: Any) -> bool:
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def test_five_failures_from_one_address_lock_the_username_at_every_address(littlehey_pom):
    attacker, colleague = Client(), Client()
    for _ in range(5):
        response = _sign_in(attacker, littlehey_pom.username, "wrong", REMOTE_ADDR=ATTACKER)
    assert response.status_code == 429  # the fifth failure locks
    response = _sign_in(colleague, littlehey_pom.username, TEST_PASSWORD, REMOTE_ADDR=ELSEWHERE)
    assert response.status_code == 429
    assert b"Sign-in is locked" in response.content
    assert not _signed_in(response)


def test_four_failures_lock_nothing_and_a_success_clears_them(littlehey_pom):
    client = Client()
    for _ in range(4):
        assert (
            _sign_in(client, littlehey_pom.username, "wrong", REMOTE_ADDR=ATTACKER).status_code
            == 200
        )
    assert _signed_in(
        _sign_in(client, littlehey_pom.username, TEST_PASSWORD, REMOTE_ADDR=ELSEWHERE)
    )
    other = Client()
    for _ in range(4):
        assert (
            _sign_in(other, littlehey_pom.username, "wrong", REMOTE_ADDR=ATTACKER).status_code
            == 200
        )


def test_eighty_guesses_over_twenty_users_trip_the_address_limit(settings):
    """4 guesses at each of 20 accounts: no username reaches 5, the address reaches 20."""
    users = [UserFactory(username=f"spray.{n:02d}") for n in range(20)]
    attacker = Client()
    statuses = []
    for round_ in range(4):
        for user in users:
            statuses.append(
                _sign_in(
                    attacker, user.username, f"guess-{round_}", REMOTE_ADDR=ATTACKER
                ).status_code
            )
    limit = settings.SAFERELEASE_SIGN_IN_ADDRESS_LIMIT
    assert limit == 20
    assert statuses[: limit - 1] == [200] * (limit - 1)
    assert set(statuses[limit - 1 :]) == {429}  # the 20th failure locks the address
    # The right password from the locked address is refused too ...
    assert (
        _sign_in(Client(), users[0].username, TEST_PASSWORD, REMOTE_ADDR=ATTACKER).status_code
        == 429
    )
    # ... while the accounts themselves are not locked elsewhere.
    assert _signed_in(_sign_in(Client(), users[0].username, TEST_PASSWORD, REMOTE_ADDR=ELSEWHERE))


def test_behind_a_trusted_proxy_clients_are_told_apart(settings, littlehey_pom):
    """Behind one TLS proxy every request has the proxy's REMOTE_ADDR; the address each
    client connected from is the last X-Forwarded-For entry."""
    settings.SAFERELEASE_TRUSTED_PROXIES = 1
    users = [UserFactory(username=f"spray.{n:02d}") for n in range(5)]
    attacker = Client(REMOTE_ADDR=PROXY)
    for n in range(20):
        # The attacker forges a leftmost entry that changes every time: it is ignored.
        forged = f"192.0.2.{n}, {ATTACKER}"
        _sign_in(attacker, users[n % 5].username, "wrong", HTTP_X_FORWARDED_FOR=forged)
    locked = _sign_in(attacker, users[0].username, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    colleague = Client(REMOTE_ADDR=PROXY)
    response = _sign_in(
        colleague, littlehey_pom.username, TEST_PASSWORD, HTTP_X_FORWARDED_FOR=ELSEWHERE
    )
    assert _signed_in(response)


def test_without_trusted_proxies_the_header_is_ignored(settings, littlehey_pom):
    settings.SAFERELEASE_TRUSTED_PROXIES = 0
    users = [UserFactory(username=f"spray.{n:02d}") for n in range(5)]
    for n in range(20):
        _sign_in(
            Client(),
            users[n % 5].username,
            "wrong",
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    response = _sign_in(
        Client(),
        littlehey_pom.username,
        TEST_PASSWORD,
        REMOTE_ADDR=ATTACKER,
        HTTP_X_FORWARDED_FOR=ELSEWHERE,
    )
    assert response.status_code == 429


def test_an_administrator_unlocks_a_username(littlehey_pom, capsys):
    for _ in range(5):
        _sign_in(Client(), littlehey_pom.username, "wrong", REMOTE_ADDR=ATTACKER)
    call_command("user", "unlock", littlehey_pom.username)
    assert "Unlocked pom.lti (1 failure records cleared)" in capsys.readouterr().out
    assert _signed_in(
        _sign_in(Client(), littlehey_pom.username, TEST_PASSWORD, REMOTE_ADDR=ATTACKER)
    )
    entry = AuditEntry.objects.get(object_type="axes.accessattempt")
    assert entry.channel == "cli" and "pom.lti" in entry.summary


def test_an_administrator_unlocks_an_address(littlehey_pom):
    users = [UserFactory(username=f"spray.{n:02d}") for n in range(5)]
    for n in range(20):
        _sign_in(Client(), users[n % 5].username, "wrong", REMOTE_ADDR=ATTACKER)
    assert user_unlock(actor=COMMAND_LINE, address=ATTACKER) == 5
    assert _signed_in(
        _sign_in(Client(), littlehey_pom.username, TEST_PASSWORD, REMOTE_ADDR=ATTACKER)
    )


def test_unlock_needs_exactly_one_target():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        user_unlock(actor=COMMAND_LINE)
    with pytest.raises(ValidationError):
        user_unlock(actor=COMMAND_LINE, username="x", address=ATTACKER)
