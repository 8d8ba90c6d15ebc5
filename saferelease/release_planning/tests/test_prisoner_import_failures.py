"""A prisoner import that fails part way saves nothing and says so clearly; its errors
never tell where a prisoner out of the importer's sight is held."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse

from saferelease.audit.models import AuditEntry
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import KeyDateChange, Prisoner
from saferelease.release_planning.prisoner_import import prisoners_import, service
from saferelease.release_planning.tests.factories import make_prisoner
from saferelease.release_planning.views_import import SESSION_KEY

pytestmark = pytest.mark.django_db

HEADER = "prison_number,given_name,family_name,date_of_birth,establishment,reception_date,"
HEADER += "sentence_type,crd\n"
TEXT = (
    HEADER
    + "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,2026-10-01\n"
    + "B2222BB,Adam,Jones,1985-02-01,LTI,2024-01-10,recall,\n"
)
KILLED = "server closed the connection unexpectedly"


def counts() -> tuple[int, int, int]:
    """Prisoners, audited changes (reads aside) and key-date changes."""
    changes = AuditEntry.objects.exclude(action__in=["view", "export"])
    return Prisoner.objects.count(), changes.count(), KeyDateChange.objects.count()


@pytest.fixture
def head_of_omu(make_user):
    return make_user("omu_manager", ("LTI",), username="omu.lti")


@pytest.fixture
def connection_killed_after_the_writes(monkeypatch):
    """The connection dies after the prisoners and their audit entries are written, as the
    import's own audit entry is: everything before it must be rolled back."""
    written: list[int] = []

    def killed(**kwargs: object) -> None:
        written.append(Prisoner.objects.count())
        raise OperationalError(KILLED)

    monkeypatch.setattr(service, "audit_record", killed)
    return written


# --- what errors tell ---------------------------------------------------------------------


def test_a_row_for_a_prisoner_held_out_of_sight_does_not_say_where_or_that_a_record_exists(
    head_of_omu,
):
    make_prisoner(prison_number="A1111AA", establishment=Establishment.objects.get(code="DAI"))
    result = prisoners_import(actor=head_of_omu, rows_or_file=TEXT)
    assert [str(error) for error in result.errors] == [
        "Row 2, prison_number: you cannot import A1111AA: ask an administrator to import this row"
    ]
    message = result.errors[0].message.lower()
    for revealing in ("dai", "dartmoor", "record", "held", "establishment", "transfer"):
        assert revealing not in message
    assert Prisoner.objects.count() == 1


# --- the database failing part way ----------------------------------------------------------


def test_the_service_rolls_back_everything(head_of_omu, connection_killed_after_the_writes):
    before = counts()
    with pytest.raises(OperationalError):
        prisoners_import(actor=head_of_omu, rows_or_file=TEXT)
    assert connection_killed_after_the_writes == [2]  # they had been written
    assert counts() == before


def test_the_api_answers_503_in_the_error_format(
    api_client, head_of_omu, connection_killed_after_the_writes
):
    api_client.force_authenticate(head_of_omu)
    response = api_client.post(
        "/api/v1/prisoners/import/",
        {"file": SimpleUploadedFile("p.csv", TEXT.encode())},
        format="multipart",
    )
    assert response.status_code == 503
    assert response.json() == {
        "error": {
            "status": 503,
            "code": "database_unavailable",
            "message": "The database could not be reached: nothing was saved. Try again in a "
            "few minutes",
        }
    }
    assert KILLED not in response.content.decode()
    assert counts() == (0, 0, 0)


def test_the_command_exits_1_with_a_clear_message(
    tmp_path: Path, capsys, monkeypatch, connection_killed_after_the_writes
):
    path = tmp_path / "prisoners.csv"
    path.write_text(TEXT)
    with pytest.raises(CommandError) as refused:
        call_command("prisoners", "import", str(path), stdout=StringIO(), stderr=StringIO())
    assert str(refused.value) == (
        "prisoners.csv: The database could not be reached: nothing was saved. Try again in a "
        "few minutes"
    )
    assert refused.value.returncode == 1
    assert counts() == (0, 0, 0)


def test_the_page_keeps_the_preview_to_save_again(
    client, head_of_omu, media_root, connection_killed_after_the_writes
):
    client.force_login(head_of_omu)
    client.post(
        reverse("release_planning:import"),
        {"file": SimpleUploadedFile("p.csv", TEXT.encode()), "establishment": "LTI"},
    )
    sha256 = client.session[SESSION_KEY]["sha256"]
    response = client.post(reverse("release_planning:import-confirm"), {"sha256": sha256})
    assert response["Location"] == reverse("release_planning:import-preview")
    page = client.get(response["Location"]).content.decode()
    assert "The database could not be reached: nothing was saved." in page
    assert counts() == (0, 0, 0)
    assert client.session[SESSION_KEY]["sha256"] == sha256  # the file is still there
