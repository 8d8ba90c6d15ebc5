"""prisoners_import: all or nothing, upsert by prison number, scoped, audited."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.audit.models import AuditEntry
from saferelease.release_planning.models import KeyDateChange, Prisoner
from saferelease.release_planning.prisoner_import import (
    COLUMNS,
    REQUIRED_COLUMNS,
    bulk,
    plan,
    prisoners_import,
    save,
)
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db

BASE = {
    "given_name": "John",
    "family_name": "Smith",
    "date_of_birth": "1980-02-01",
    "establishment": "LTI",
    "reception_date": "2024-01-10",
    "sentence_type": "determinate",
}


def csv_text(*rows: dict[str, Any], columns: tuple[str, ...] | list[str] = COLUMNS) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return out.getvalue()


def row(prison_number: str, **changes: Any) -> dict[str, Any]:
    return {"prison_number": prison_number, **BASE, **changes}


def counts() -> tuple[int, int, int]:
    return Prisoner.objects.count(), AuditEntry.objects.count(), KeyDateChange.objects.count()


@pytest.fixture
def head_of_omu(make_user):
    return make_user("omu_manager", ("LTI",), username="omu.lti")


def test_a_new_file_creates_prisoners_with_an_audit_entry_each(head_of_omu):
    token = set_origin(AuditOrigin(channel="web", ip_address="10.0.0.1", path="/x/"))
    try:
        result = prisoners_import(
            actor=head_of_omu,
            rows_or_file=csv_text(
                row("A1111AA", crd="2026-09-01", rosh="high", mappa_category="1"),
                row("B2222BB", sentence_type="remand"),
            ),
        )
    finally:
        reset_origin(token)
    assert result.ok, result.errors
    assert (result.rows, result.created, result.updated, result.unchanged) == (2, 2, 0, 0)
    assert not result.dry_run
    prisoner = Prisoner.objects.get(prison_number="A1111AA")
    assert prisoner.establishment.code == "LTI"
    assert prisoner.crd == dt.date(2026, 9, 1)
    assert prisoner.mappa_category == 1
    assert prisoner.programme_status == "none"
    created = AuditEntry.objects.get(action="create", object_id=str(prisoner.pk))
    assert created.actor == head_of_omu
    assert created.object_type == "release_planning.prisoner"
    assert created.object_repr == str(prisoner)
    assert created.establishment_code == "LTI"
    assert (created.channel, created.ip_address, created.path) == ("web", "10.0.0.1", "/x/")
    assert created.changes["crd"] == [None, "2026-09-01"]
    assert created.changes["rosh"] == [None, "high"]
    assert created.changes["establishment"] == [None, prisoner.establishment_id]
    assert "ped" not in created.changes
    summary = AuditEntry.objects.get(action="import")
    assert "2 created, 0 updated, 0 unchanged" in summary.summary
    # A new prisoner's key dates are his first, not a change: no history rows.
    assert KeyDateChange.objects.count() == 0


def test_an_existing_prisoner_is_updated_and_only_changed_key_dates_are_recorded(head_of_omu):
    prisoner = make_prisoner(
        prison_number="A1111AA",
        given_name="John",
        family_name="Smith",
        date_of_birth=dt.date(1980, 2, 1),
        reception_date=dt.date(2024, 1, 10),
        crd=dt.date(2026, 9, 1),
        sed=dt.date(2028, 9, 1),
        ped=None,
        rosh="high",
        offence_category="sexual",
        oasys_completed_date=dt.date(2026, 1, 15),
        sentence_start_date=dt.date(2023, 11, 1),
    )
    columns = [*REQUIRED_COLUMNS, "crd", "sed", "ped", "rosh", "oasys_completed_date"]
    result = prisoners_import(
        actor=head_of_omu,
        rows_or_file=csv_text(
            row(
                "A1111AA",
                crd="2026-10-15",  # changed
                sed="2028-09-01",  # the same
                ped="2026-06-01",  # newly set
                rosh="medium",  # changed, not a key date
                oasys_completed_date="15/01/2026",  # the same, written the other way
            ),
            columns=columns,
        ),
    )
    assert result.ok, result.errors
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert result.key_date_changes == 2
    [change] = result.changes
    assert change.prison_number == "A1111AA"
    assert change.fields == {
        "crd": (dt.date(2026, 9, 1), dt.date(2026, 10, 15)),
        "ped": (None, dt.date(2026, 6, 1)),
        "rosh": ("high", "medium"),
    }
    prisoner.refresh_from_db()
    assert prisoner.version == 2  # an edit begun before the import is refused
    assert prisoner.crd == dt.date(2026, 10, 15)
    assert prisoner.ped == dt.date(2026, 6, 1)
    assert prisoner.rosh == "medium"
    # Columns absent from the file are left as they were.
    assert prisoner.offence_category == "sexual"
    assert prisoner.sentence_start_date == dt.date(2023, 11, 1)
    history = {
        (c.field, c.old_value, c.new_value, c.source, c.changed_by_id)
        for c in KeyDateChange.objects.filter(prisoner=prisoner)
    }
    assert history == {
        ("crd", dt.date(2026, 9, 1), dt.date(2026, 10, 15), "import", head_of_omu.pk),
        ("ped", None, dt.date(2026, 6, 1), "import", head_of_omu.pk),
    }
    entry = AuditEntry.objects.get(action="update", object_id=str(prisoner.pk))
    assert entry.changes == {
        "crd": ["2026-09-01", "2026-10-15"],
        "ped": [None, "2026-06-01"],
        "rosh": ["high", "medium"],
    }
    assert entry.establishment_code == "LTI"


def test_an_empty_cell_clears_the_stored_value(head_of_omu):
    prisoner = make_prisoner(prison_number="A1111AA", rosh="high", crd=dt.date(2026, 9, 1))
    result = prisoners_import(
        actor=head_of_omu,
        rows_or_file=csv_text(row("A1111AA", rosh="", crd=""), columns=[*COLUMNS]),
    )
    assert result.ok, result.errors
    prisoner.refresh_from_db()
    assert (prisoner.rosh, prisoner.crd) == ("", None)
    assert KeyDateChange.objects.get(prisoner=prisoner, field="crd").new_value is None


def test_reimporting_the_same_file_changes_nothing_and_writes_nothing(head_of_omu):
    text = csv_text(row("A1111AA", crd="2026-09-01"), row("B2222BB", ped="2027-01-31"))
    first = prisoners_import(actor=head_of_omu, rows_or_file=text)
    assert first.created == 2
    before = counts()
    again = prisoners_import(actor=head_of_omu, rows_or_file=text)
    assert again.ok
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert again.changes == []
    assert counts() == before
    assert set(Prisoner.objects.values_list("version", flat=True)) == {1}


def test_nothing_is_saved_when_any_row_has_an_error(head_of_omu):
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 9, 1))
    before = counts()
    result = prisoners_import(
        actor=head_of_omu,
        rows_or_file=csv_text(
            row("A1111AA", crd="2026-12-01"),
            row("B2222BB"),
            row("C3333CC", rosh="extreme"),
        ),
    )
    assert not result.ok
    assert [str(e) for e in result.errors] == [
        "Row 4, rosh: 'extreme' is not allowed: use one of low, medium, high, very_high"
    ]
    assert counts() == before
    assert Prisoner.objects.get(prison_number="A1111AA").crd == dt.date(2026, 9, 1)


def test_an_unknown_establishment_code_is_a_row_error(head_of_omu):
    before = counts()
    result = prisoners_import(
        actor=head_of_omu,
        rows_or_file=csv_text(row("A1111AA"), row("B2222BB", establishment="QQQ")),
    )
    assert [str(e) for e in result.errors] == [
        "Row 3, establishment: 'QQQ' is not an establishment code in the prison register"
    ]
    assert counts() == before


def test_a_littlehey_head_of_omu_cannot_import_into_dartmoor(head_of_omu):
    before = counts()
    result = prisoners_import(
        actor=head_of_omu,
        rows_or_file=csv_text(row("A1111AA"), row("B2222BB", establishment="DAI")),
    )
    assert [str(e) for e in result.errors] == [
        "Row 3, establishment: you cannot import into Dartmoor (HMP) (DAI): it is not one of "
        "your establishments"
    ]
    assert counts() == before
    with pytest.raises(Http404):
        prisoners_import(
            actor=head_of_omu,
            rows_or_file=csv_text(row("A1111AA", establishment="")),
            default_establishment_code="DAI",
        )
    assert counts() == before


def test_a_littlehey_head_of_omu_cannot_update_a_dartmoor_prisoner(head_of_omu):
    make_prisoner(prison_number="A1111AA", establishment=_establishment("DAI"))
    before = counts()
    result = prisoners_import(actor=head_of_omu, rows_or_file=csv_text(row("A1111AA")))
    assert [str(e) for e in result.errors] == [
        "Row 2, prison_number: you cannot import A1111AA: ask an administrator to import this row"
    ]
    assert counts() == before
    assert Prisoner.objects.get(prison_number="A1111AA").establishment.code == "DAI"


def test_a_user_who_sees_both_establishments_can_import_a_transfer(make_user):
    admin = make_user("admin", ())
    prisoner = make_prisoner(prison_number="A1111AA", establishment=_establishment("DAI"))
    result = prisoners_import(actor=admin, rows_or_file=csv_text(row("A1111AA")))
    assert result.ok, result.errors
    assert result.changes[0].fields["establishment"] == ("DAI", "LTI")
    prisoner.refresh_from_db()
    assert prisoner.establishment.code == "LTI"
    entry = AuditEntry.objects.get(action="update", object_id=str(prisoner.pk))
    assert entry.establishment_code == "LTI"


@pytest.mark.parametrize("role", ["caseworker", "governor", "inspector", "national_manager"])
def test_only_a_head_of_omu_or_an_administrator_may_import(make_user, role):
    user = make_user(role, ("LTI",))
    with pytest.raises(PermissionDenied):
        prisoners_import(actor=user, rows_or_file=csv_text(row("A1111AA")))
    assert Prisoner.objects.count() == 0


def test_the_default_establishment_fills_empty_establishment_cells(head_of_omu):
    result = prisoners_import(
        actor=head_of_omu,
        rows_or_file=csv_text(row("A1111AA", establishment="")),
        default_establishment_code="lti",
    )
    assert result.ok, result.errors
    assert Prisoner.objects.get().establishment.code == "LTI"
    assert AuditEntry.objects.get(action="import").establishment_code == "LTI"


def test_a_dry_run_reports_the_changes_and_saves_nothing(head_of_omu):
    make_prisoner(prison_number="A1111AA", crd=dt.date(2026, 9, 1))
    before = counts()
    result = prisoners_import(
        actor=head_of_omu,
        rows_or_file=csv_text(row("A1111AA", crd="2026-10-01"), row("B2222BB")),
        dry_run=True,
    )
    assert result.ok and result.dry_run and not result.saved
    assert (result.created, result.updated) == (1, 1)
    assert result.changes[0].fields["crd"] == (dt.date(2026, 9, 1), dt.date(2026, 10, 1))
    assert [c.prison_number for c in result.creations] == ["B2222BB"]
    assert counts() == before


def test_the_command_line_system_actor_may_import_anywhere_and_is_audited_as_system():
    token = set_origin(AuditOrigin(channel="cli"))
    try:
        result = prisoners_import(
            actor=COMMAND_LINE,
            rows_or_file=csv_text(row("A1111AA"), row("B2222BB", establishment="DAI")),
        )
    finally:
        reset_origin(token)
    assert result.ok, result.errors
    entries = AuditEntry.objects.filter(action="create")
    assert {(e.actor_id, e.actor_username, e.channel) for e in entries} == {(None, "system", "cli")}


def test_an_unknown_default_establishment_for_the_system_actor_is_not_found():
    with pytest.raises(Http404):
        prisoners_import(
            actor=COMMAND_LINE,
            rows_or_file=csv_text(row("A1111AA")),
            default_establishment_code="QQQ",
        )


def test_many_rows_are_written_in_batches(head_of_omu, monkeypatch):
    monkeypatch.setattr(bulk, "BATCH_SIZE", 2)
    make_prisoner(prison_number="A0001AA", crd=dt.date(2026, 1, 1))
    make_prisoner(prison_number="A0002AA", crd=dt.date(2026, 1, 1))
    rows = [row(f"A{n:04d}AA", crd="2026-02-01") for n in range(1, 8)]
    text = csv_text(*rows, columns=[*REQUIRED_COLUMNS, "crd"])
    result = prisoners_import(actor=head_of_omu, rows_or_file=text)
    assert (result.created, result.updated) == (5, 2)
    assert Prisoner.objects.filter(crd=dt.date(2026, 2, 1)).count() == 7
    assert AuditEntry.objects.filter(action="create").count() == 5
    assert AuditEntry.objects.filter(action="update").count() == 2
    assert KeyDateChange.objects.count() == 2
    ids = set(Prisoner.objects.values_list("id", flat=True))
    assert {
        int(i)
        for i in AuditEntry.objects.exclude(action="import").values_list("object_id", flat=True)
    } == ids


def test_the_audit_repr_of_a_new_prisoner_matches_the_model():
    values = {"prison_number": "A1234BC", "given_name": "John", "family_name": "Smith"}
    assert save._prisoner_repr(values) == str(Prisoner(**values))


def _establishment(code: str) -> Any:
    from saferelease.establishments.models import Establishment

    return Establishment.objects.get(code=code)


def test_a_prisoner_created_by_someone_else_meanwhile_saves_nothing(head_of_omu, monkeypatch):
    make_prisoner(prison_number="A1111AA")
    # As if another import created A1111AA after this one looked for existing prisoners.
    monkeypatch.setattr(plan, "existing_prisoners", lambda numbers, lock: {})
    before = counts()
    result = prisoners_import(
        actor=head_of_omu, rows_or_file=csv_text(row("B2222BB"), row("A1111AA"))
    )
    assert [str(e) for e in result.errors] == [
        "File: some of these prisoners were saved by someone else while the file was being "
        "imported; nothing was saved: import the file again"
    ]
    assert counts() == before


def test_the_registers_longer_codes_are_establishment_codes_too():
    result = prisoners_import(
        actor=COMMAND_LINE, rows_or_file=csv_text(row("A1111AA", establishment="stc3"))
    )
    assert result.ok, result.errors
    assert Prisoner.objects.get().establishment.code == "STC3"
