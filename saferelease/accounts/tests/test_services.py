import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.accounts.models import User
from saferelease.accounts.services import user_create
from saferelease.audit.models import AuditEntry


@pytest.mark.django_db
def test_user_create_assigns_role_and_establishments():
    user, password = user_create(
        actor=COMMAND_LINE,
        username="omu.head",
        role="omu_manager",
        establishment_codes=["lti", "SFI"],
    )
    assert user.role == "omu_manager"
    assert sorted(user.establishments.values_list("code", flat=True)) == ["LTI", "SFI"]
    assert user.check_password(password)
    entry = AuditEntry.objects.get(object_type="accounts.user")
    assert entry.changes["role"] == [None, "omu_manager"]


@pytest.mark.django_db
def test_user_create_without_sign_in_has_no_usable_password():
    user, password = user_create(
        actor=COMMAND_LINE,
        username="pom.team",
        role="caseworker",
        establishment_codes=["LTI"],
        can_sign_in=False,
    )
    assert password == ""
    assert not user.has_usable_password()
    assert not user.check_password("")
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user.pk)).exists()


@pytest.mark.django_db
def test_unknown_establishment_saves_nothing():
    with pytest.raises(ValidationError, match="Unknown establishment code: XXX"):
        user_create(
            actor=COMMAND_LINE,
            username="someone",
            role="caseworker",
            establishment_codes=["LTI", "XXX"],
        )
    assert not User.objects.filter(username="someone").exists()


@pytest.mark.django_db
def test_unknown_role_refused():
    with pytest.raises(ValidationError, match="Unknown role"):
        user_create(actor=COMMAND_LINE, username="someone", role="warder")


@pytest.mark.django_db
def test_weak_password_refused_by_django_validators():
    with pytest.raises(ValidationError):
        user_create(actor=COMMAND_LINE, username="someone", role="caseworker", password="password")
    assert not User.objects.filter(username="someone").exists()


@pytest.mark.django_db
def test_command_creates_user(capsys):
    call_command(
        "user",
        "create",
        "--username",
        "gov",
        "--role",
        "governor",
        "--establishment",
        "LTI,DAI",
        "--password",
        "a-long-fictional-passphrase",
    )
    out = capsys.readouterr().out
    assert "Created gov (governor) at" in out
    user = User.objects.get(username="gov")
    assert sorted(user.establishments.values_list("code", flat=True)) == ["DAI", "LTI"]
    assert AuditEntry.objects.get(object_type="accounts.user").channel == "cli"


@pytest.mark.django_db
def test_command_reports_bad_input():
    with pytest.raises(CommandError, match="Unknown establishment code: ZZZ"):
        call_command(
            "user", "create", "--username", "x", "--role", "governor", "--establishment", "ZZZ"
        )


@pytest.mark.django_db
def test_token_command_issues_a_working_token(capsys, api_client, littlehey_pom):
    call_command("user", "token", littlehey_pom.username)
    token = capsys.readouterr().out.strip()
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    body = api_client.get("/api/v1/me/").json()
    assert body["username"] == littlehey_pom.username
    assert body["establishments"] == ["LTI"]
