"""API tokens: knox digests that expire, listed and revoked by their owner (account page)
and by administrators (`saferelease user token`), refused for accounts that cannot sign in
at issue and at use."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.services import (
    user_create,
    user_token_create,
    user_token_revoke,
    user_tokens_revoke_all,
)
from saferelease.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def _api(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def _me(token: str) -> Any:
    return _api(token).get("/api/v1/me/")


def test_a_token_is_stored_as_a_digest_and_lasts_30_days(littlehey_pom):
    token = user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    stored = AuthToken.objects.get(user=littlehey_pom)
    assert token not in {stored.digest, stored.token_key} and stored.token_key == token[:15]
    assert stored.expiry is not None
    assert abs(stored.expiry - stored.created - dt.timedelta(days=30)) < dt.timedelta(seconds=5)
    assert _me(token).json()["username"] == littlehey_pom.username


def test_the_lifetime_is_configurable(settings, littlehey_pom):
    settings.SAFERELEASE_TOKEN_DAYS = 7
    user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    user_token_create(actor=COMMAND_LINE, user=littlehey_pom, days=90)
    lives = sorted(
        round((t.expiry - t.created) / dt.timedelta(days=1))
        for t in AuthToken.objects.filter(user=littlehey_pom)
    )
    assert lives == [7, 90]


@pytest.mark.parametrize("days", [0, -1, 366])
def test_a_lifetime_out_of_range_is_refused(littlehey_pom, days):
    with pytest.raises(ValidationError, match="from 1 to 365 days"):
        user_token_create(actor=COMMAND_LINE, user=littlehey_pom, days=days)
    assert not AuthToken.objects.exists()


def test_an_expired_token_is_refused_and_deleted(littlehey_pom):
    token = user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    AuthToken.objects.filter(user=littlehey_pom).update(
        expiry=timezone.now() - dt.timedelta(seconds=1)
    )
    response = _me(token)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "authentication_failed"
    assert not AuthToken.objects.exists()


def test_no_token_for_an_account_without_a_usable_password():
    user, _ = user_create(
        actor=COMMAND_LINE,
        username="pom.team",
        role="caseworker",
        establishment_codes=["LTI"],
        can_sign_in=False,
    )
    with pytest.raises(ValidationError, match="cannot sign in"):
        user_token_create(actor=COMMAND_LINE, user=user)
    with pytest.raises(CommandError, match="cannot sign in"):
        call_command("user", "token", "pom.team")
    assert not AuthToken.objects.exists()


def test_no_token_for_an_inactive_account(make_user):
    user = make_user(is_active=False)
    with pytest.raises(ValidationError, match="cannot sign in"):
        user_token_create(actor=COMMAND_LINE, user=user)


@pytest.mark.parametrize("change", ["unusable password", "deactivated"])
def test_a_token_stops_working_when_its_account_cannot_sign_in(littlehey_pom, change):
    token = user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    assert _me(token).status_code == 200
    if change == "deactivated":
        littlehey_pom.is_active = False
    else:
        littlehey_pom.set_unusable_password()
    littlehey_pom.save()
    response = _me(token)
    assert response.status_code == 401
    assert response.json()["error"]["message"] == "This account cannot use the API."


def test_the_owner_lists_and_revokes_their_tokens(client, littlehey_pom):
    token = user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    key = AuthToken.objects.get().token_key
    client.force_login(littlehey_pom)
    page = client.get(reverse("accounts:account"))
    assert page.status_code == 200
    body = page.content.decode()
    assert "API tokens" in body and key[:8] in body and token not in body
    assert "Active" in body
    response = client.post(reverse("accounts:token-revoke", args=[key]), follow=True)
    assert f"API token {key[:8]} revoked" in response.content.decode()
    assert "You have no API tokens." in response.content.decode()
    assert _me(token).status_code == 401
    entry = AuditEntry.objects.get(object_type="knox.authtoken", action="delete")
    assert entry.actor == littlehey_pom and entry.object_id == key


def test_the_account_page_shows_an_expired_token(client, littlehey_pom):
    user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    AuthToken.objects.update(expiry=timezone.now() - dt.timedelta(days=1))
    client.force_login(littlehey_pom)
    assert "Expired" in client.get(reverse("accounts:account")).content.decode()


def test_nobody_revokes_someone_elses_token_from_the_page(client, littlehey_pom, make_user):
    token = user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    key = AuthToken.objects.get().token_key
    client.force_login(make_user(username="pom.other"))
    assert client.post(reverse("accounts:token-revoke", args=[key])).status_code == 404
    assert client.get(reverse("accounts:token-revoke", args=[key])).status_code == 405
    assert key[:8] not in client.get(reverse("accounts:account")).content.decode()
    assert _me(token).status_code == 200


def test_a_caseworker_cannot_revoke_anothers_token_through_the_service(littlehey_pom, make_user):
    user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    key = AuthToken.objects.get().token_key
    with pytest.raises(ValidationError, match="No API token"):
        user_token_revoke(actor=make_user(username="pom.other"), key=key)
    assert AuthToken.objects.count() == 1


def test_a_short_or_ambiguous_key_is_refused(littlehey_pom):
    user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    with pytest.raises(ValidationError, match="at least 8 characters"):
        user_token_revoke(actor=COMMAND_LINE, key="abc")
    first, second = AuthToken.objects.all()
    AuthToken.objects.filter(pk=second.pk).update(token_key=first.token_key[:8] + "x" * 7)
    with pytest.raises(ValidationError, match="More than one API token starts with"):
        user_token_revoke(actor=COMMAND_LINE, key=first.token_key[:8])
    assert AuthToken.objects.count() == 2


def test_issue_and_audit_never_record_the_token(littlehey_pom):
    token = user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    entry = AuditEntry.objects.get(object_type="knox.authtoken", action="create")
    assert token not in str(entry.changes) and token not in entry.object_repr
    assert entry.object_id == token[:15]


def test_the_command_issues_lists_and_revokes(capsys, littlehey_pom, make_user):
    call_command("user", "token", littlehey_pom.username, "--days", "7")
    first = capsys.readouterr().out.strip()
    call_command("user", "token", littlehey_pom.username)
    second = capsys.readouterr().out.strip()
    other = make_user(username="pom.other")
    user_token_create(actor=COMMAND_LINE, user=other)
    call_command("user", "token", "--list")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 3
    assert {line.split("\t")[1] for line in lines} == {"pom.lti", "pom.other"}
    call_command("user", "token", "--list", littlehey_pom.username)
    mine = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[0] for line in mine] == [second[:15], first[:15]]
    assert all(line.endswith("\tactive") for line in mine)

    call_command("user", "token", "--revoke", first[:10])
    assert "Revoked the API token" in capsys.readouterr().out
    assert _me(first).status_code == 401 and _me(second).status_code == 200
    call_command("user", "token", littlehey_pom.username, "--revoke", "all")
    assert "Revoked 1 API tokens for pom.lti" in capsys.readouterr().out
    assert _me(second).status_code == 401
    assert AuthToken.objects.filter(user=other).count() == 1
    revoked = AuditEntry.objects.filter(object_type="knox.authtoken", action="delete")
    assert revoked.count() == 2 and {e.channel for e in revoked} == {"cli"}


def test_the_command_reports_bad_input(littlehey_pom):
    with pytest.raises(CommandError, match="No API token with the key"):
        call_command("user", "token", "--revoke", "0123456789")
    with pytest.raises(CommandError, match="No user called 'nobody'"):
        call_command("user", "token", "nobody")
    with pytest.raises(CommandError, match="Name the user"):
        call_command("user", "token", "--revoke", "all")
    with pytest.raises(CommandError, match="Name the user"):
        call_command("user", "token")


def test_revoke_all_counts(littlehey_pom):
    for _ in range(3):
        user_token_create(actor=COMMAND_LINE, user=littlehey_pom)
    assert user_tokens_revoke_all(actor=COMMAND_LINE, user=littlehey_pom) == 3
    assert not AuthToken.objects.exists()


def test_tokens_are_not_managed_in_the_django_admin():
    from django.contrib import admin

    assert not admin.site.is_registered(AuthToken)
