"""`saferelease prisoners import FILE [--establishment CODE] [--dry-run]`."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections

from saferelease.audit.models import AuditEntry
from saferelease.release_planning.management.commands.prisoners import Command
from saferelease.release_planning.models import KeyDateChange, Prisoner
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db

HEADER = (
    "prison_number,given_name,family_name,date_of_birth,establishment,reception_date,"
    "sentence_type,crd,rosh\r\n"
)


def write(tmp_path: Path, *lines: str, name: str = "prisoners.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" + HEADER + "".join(f"{line}\r\n" for line in lines)).encode())
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("prisoners", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_creates_and_updates_and_prints_a_summary(tmp_path):
    make_prisoner(
        prison_number="A1111AA",
        given_name="John",
        family_name="Smith",
        date_of_birth=dt.date(1980, 2, 1),
        crd=dt.date(2026, 9, 1),
        rosh="high",
    )
    path = write(
        tmp_path,
        "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,2026-10-01,high",
        "B2222BB,Adam,Jones,01/02/1985,DAI,10/01/2024,recall,,",
    )
    out, err = run("import", str(path))
    assert err == ""
    assert "Imported prisoners.csv: 2 rows: 1 created, 1 updated, 0 unchanged" in out
    assert "1 key-date change" in out
    assert Prisoner.objects.get(prison_number="A1111AA").crd == dt.date(2026, 10, 1)
    assert Prisoner.objects.get(prison_number="B2222BB").establishment.code == "DAI"
    entries = AuditEntry.objects.exclude(action="import")
    assert {(e.actor_username, e.channel) for e in entries} == {("system", "cli")}
    assert KeyDateChange.objects.get().source == "import"


def test_dry_run_prints_what_would_change_and_saves_nothing(tmp_path):
    make_prisoner(
        prison_number="A1111AA",
        given_name="John",
        family_name="Smith",
        date_of_birth=dt.date(1980, 2, 1),
        crd=dt.date(2026, 9, 1),
        rosh="high",
    )
    path = write(
        tmp_path,
        "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,2026-10-01,high",
    )
    before = AuditEntry.objects.count()
    out, _ = run("import", str(path), "--dry-run")
    assert out.splitlines() == [
        "Dry run of prisoners.csv: nothing was saved. Would save 1 row: 0 created, "
        "1 updated, 0 unchanged; 1 key-date change",
        "  row 2 A1111AA: crd 2026-09-01 → 2026-10-01",
    ]
    assert Prisoner.objects.get().crd == dt.date(2026, 9, 1)
    # Nothing changed is audited; what was printed is, as one read.
    assert AuditEntry.objects.count() == before + 1
    printed = AuditEntry.objects.order_by("-id")[0]
    assert (printed.action, printed.channel) == ("export", "cli")
    assert printed.changes["prison_numbers"] == ["A1111AA"]


def test_establishment_option_fills_empty_establishment_cells(tmp_path):
    path = write(tmp_path, "A1111AA,John,Smith,1980-02-01,,2024-01-10,determinate,,")
    run("import", str(path), "--establishment", "dai")
    assert Prisoner.objects.get().establishment.code == "DAI"


def test_errors_go_to_stderr_with_their_row_numbers_and_nothing_is_saved(tmp_path):
    path = write(
        tmp_path,
        "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,31/02/2026,high",
        "B2222BB,Adam,Jones,1985-02-01,LTI,2024-01-10,determinate,,extreme",
        "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,,",
        "C3333CC,Tom,Brown,1985-02-01,,2024-01-10,determinate,,",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="4 errors; nothing was saved"):
        call_command("prisoners", "import", str(path), stdout=StringIO(), stderr=err)
    assert err.getvalue().splitlines() == [
        "Row 2, crd: '31/02/2026' is not a date in the form YYYY-MM-DD or DD/MM/YYYY",
        "Row 3, rosh: 'extreme' is not allowed: use one of low, medium, high, very_high",
        "Row 4, prison_number: A1111AA is already on row 2",
        "Row 5, establishment: enter an establishment code (or choose a default establishment)",
    ]
    assert Prisoner.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_exit_status_is_non_zero_on_errors(tmp_path, capsys, monkeypatch):
    path = write(tmp_path, "A1111AA,John,Smith,1980-02-01,LTI,2024-01-10,determinate,,extreme")
    # run_from_argv closes every database connection when it ends, which would close the
    # test's own connection on PostgreSQL.
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(["saferelease", "prisoners", "import", str(path)])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert "Row 2, rosh: 'extreme' is not allowed" in captured.err
    assert "1 error; nothing was saved" in captured.err
    assert Prisoner.objects.count() == 0


def test_an_unknown_establishment_option_is_an_error(tmp_path):
    path = write(tmp_path, "A1111AA,John,Smith,1980-02-01,,2024-01-10,determinate,,")
    with pytest.raises(CommandError, match="No establishment with the code 'QQQ'"):
        run("import", str(path), "--establishment", "qqq")


def test_a_missing_file_is_an_error(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        run("import", str(tmp_path / "missing.csv"))
