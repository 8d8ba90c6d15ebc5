"""The prisoner file's limits: the same in the parser, the web form, the API and the CLI."""

from __future__ import annotations

import dataclasses
import io
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.core.tests import hostile
from saferelease.core.uploads import DEFAULT_LIMITS, MB
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.prisoner_import import (
    REQUIRED_COLUMNS,
    parse_prisoner_csv,
    prisoners_import,
)

PRISONER_FILE = DEFAULT_LIMITS["prisoner_file"]
HEADER = ",".join(REQUIRED_COLUMNS) + "\n"
LINE = "A1234BC,John,Smith,1980-02-01,LTI,2024-01-10,remand\n"


def file_errors(source: object, **limits: object) -> list[str]:
    chosen = dataclasses.replace(PRISONER_FILE, **limits)  # type: ignore[arg-type]
    parsed = parse_prisoner_csv(source, limits=chosen)  # type: ignore[arg-type]
    assert parsed.rows == []
    return [str(error) for error in parsed.errors]


def test_a_file_over_the_row_limit_is_one_error_naming_the_limit():
    text = HEADER + "".join(LINE.replace("A1234BC", f"A{n:04d}BC") for n in range(11))
    assert file_errors(text, max_rows=10) == [
        "File: The file has more than 10 rows, the limit for a prisoner file"
    ]
    assert parse_prisoner_csv(text, limits=dataclasses.replace(PRISONER_FILE, max_rows=11)).ok


def test_a_header_of_too_many_columns_is_refused():
    assert file_errors(HEADER.strip() + ",x" * 100 + "\n" + LINE) == [
        "File: The file has more than 100 columns, the limit for a prisoner file"
    ]


@pytest.mark.parametrize("wrap", [bytes, io.BytesIO, lambda data: data.decode()])
def test_a_file_over_the_size_limit_is_refused_before_it_is_decoded(wrap):
    data = (HEADER + LINE).encode()
    assert file_errors(wrap(data), max_bytes=len(data) - 1) == [
        f"File: The file must be smaller than {len(data) - 1} bytes (the limit for a prisoner file)"
    ]


def test_a_file_with_a_nul_byte_is_not_text():
    assert file_errors((HEADER + LINE.replace("John", "Jo\x00hn")).encode()) == [
        "File: The file is not a text file (it contains binary data)"
    ]


def test_a_parse_out_of_time_is_refused():
    assert file_errors(HEADER + LINE, seconds=-1) == [
        "File: The file took longer than -1 seconds to read, the limit for a prisoner file: it "
        "is too large or too complex"
    ]


@pytest.mark.django_db
def test_the_service_reads_within_the_limits_in_force(settings):
    settings.SAFERELEASE_UPLOAD_LIMITS = {"prisoner_file": {"max_rows": 1}}
    result = prisoners_import(
        actor=COMMAND_LINE, rows_or_file=HEADER + LINE + LINE.replace("4", "5")
    )
    assert [str(error) for error in result.errors] == [
        "File: The file has more than 1 rows, the limit for a prisoner file"
    ]
    assert Prisoner.objects.count() == 0


# --- the three ways in --------------------------------------------------------------------


@pytest.fixture
def head_of_omu(make_user):
    return make_user("omu_manager", ("LTI",), username="omu.lti")


@pytest.fixture
def small_limit(settings):
    settings.SAFERELEASE_UPLOAD_LIMITS = {"prisoner_file": {"max_bytes": 200}}


def test_the_web_form_refuses_a_file_over_the_limit(client, head_of_omu, small_limit, media_root):
    client.force_login(head_of_omu)
    data = hostile.prisoner_csv_of_size(201)
    response = client.post(
        "/prisoners/import/", {"file": SimpleUploadedFile("p.csv", data), "establishment": "LTI"}
    )
    assert response.status_code == 200
    assert "The file must be smaller than 200 bytes (the limit for a prisoner file)" in (
        response.content.decode()
    )
    assert not (media_root / "prisoner-imports").exists()
    assert Prisoner.objects.count() == 0


def test_the_api_answers_413_in_the_error_format(api_client, head_of_omu, small_limit):
    api_client.force_authenticate(head_of_omu)
    response = api_client.post(
        "/api/v1/prisoners/import/",
        {"file": SimpleUploadedFile("p.csv", hostile.prisoner_csv_of_size(64 * 1024 + 201))},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json() == {
        "error": {
            "status": 413,
            "code": "too_large",
            "message": "The file must be smaller than 200 bytes (the limit for a prisoner file)",
        }
    }
    assert Prisoner.objects.count() == 0


def test_the_api_checks_the_file_itself_when_the_body_is_small_enough(
    api_client, head_of_omu, small_limit
):
    api_client.force_authenticate(head_of_omu)
    response = api_client.post(
        "/api/v1/prisoners/import/",
        {"file": SimpleUploadedFile("p.csv", hostile.prisoner_csv_of_size(201))},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


@pytest.mark.django_db
def test_the_command_refuses_a_file_over_the_default_50_mb(tmp_path: Path):
    path = tmp_path / "national.csv"
    path.write_bytes(hostile.prisoner_csv_of_size(50 * MB + 1))
    with pytest.raises(CommandError) as refused:
        call_command("prisoners", "import", str(path), stdout=StringIO(), stderr=StringIO())
    assert str(refused.value) == (
        "national.csv: The file must be smaller than 50 MB (the limit for a prisoner file); "
        "nothing was saved"
    )
    assert Prisoner.objects.count() == 0
