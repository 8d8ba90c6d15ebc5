"""The optimistic-concurrency mechanism (core.concurrency) on a real versioned model."""

import datetime as dt

import pytest
from django.db import transaction

from saferelease.accounts.actors import SCHEDULER
from saferelease.audit.models import AuditEntry
from saferelease.audit.services import audit_record, snapshot
from saferelease.core.concurrency import (
    NEXT_VERSION,
    LastChange,
    StaleVersion,
    bump_version,
    last_change,
    lock_for_edit,
    parse_etag,
    save_edit,
)
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.tests.factories import make_prisoner


@pytest.mark.parametrize(
    ("text", "version"),
    [
        ('"3"', 3),
        (' "12" ', 12),
        ('W/"3"', None),
        ("3", None),
        ('""', None),
        ('"3a"', None),
        ('"-3"', None),
        ('"٣"', None),  # an Arabic-Indic digit is a digit to str.isdigit, not to us
        ('"12345678901"', None),
        ("*", None),
    ],
)
def test_parse_etag(text, version):
    assert parse_etag(text) == version


@pytest.mark.django_db
def test_a_new_record_is_version_1_and_its_etag_quotes_it():
    prisoner = make_prisoner()
    assert prisoner.version == 1
    assert prisoner.etag == '"1"'


@pytest.mark.django_db(transaction=True)
def test_lock_for_edit_needs_a_transaction(prison_register):
    prisoner = make_prisoner()
    with pytest.raises(RuntimeError, match="needs a transaction"):
        lock_for_edit(prisoner, expected_version=1)


@pytest.mark.django_db
def test_lock_for_edit_refreshes_and_refuses_a_stale_version():
    prisoner = make_prisoner(rosh="high")
    Prisoner.objects.filter(pk=prisoner.pk).update(rosh="low", version=NEXT_VERSION)
    with transaction.atomic(), pytest.raises(StaleVersion) as caught:
        lock_for_edit(prisoner, expected_version=1)
    assert caught.value.expected == 1
    assert caught.value.current is prisoner
    assert (prisoner.version, prisoner.rosh) == (2, "low")  # the record as it is now
    with transaction.atomic():
        assert lock_for_edit(prisoner, expected_version=2) is prisoner
        assert lock_for_edit(prisoner, expected_version=None) is prisoner


@pytest.mark.django_db
def test_bump_version_only_when_an_audited_field_changed():
    prisoner = make_prisoner(rosh="high")
    before = snapshot(prisoner)
    assert "version" not in before  # the audit trail records changes, not versions
    assert not bump_version(prisoner, before)
    assert prisoner.version == 1
    prisoner.rosh = "low"
    assert bump_version(prisoner, before)
    assert prisoner.version == 2


@pytest.mark.django_db
def test_save_edit_raises_the_version_saves_and_audits_only_a_change():
    prisoner = make_prisoner(rosh="high")
    code = prisoner.establishment.code
    audited = AuditEntry.objects.filter(object_id=str(prisoner.pk), action="update")
    with transaction.atomic():
        prisoner = lock_for_edit(prisoner, expected_version=1)
        before = snapshot(prisoner)
        save_edit(SCHEDULER, prisoner, before=before, establishment_code=code)
    assert Prisoner.objects.get(pk=prisoner.pk).version == 1
    assert not audited.exists()
    with transaction.atomic():
        prisoner = lock_for_edit(prisoner, expected_version=1)
        before = snapshot(prisoner)
        prisoner.rosh = "low"
        prisoner.com_name = "Not saved: not in update_fields"
        save_edit(
            SCHEDULER,
            prisoner,
            before=before,
            establishment_code=code,
            summary="RoSH changed",
            update_fields=["rosh"],
        )
    stored = Prisoner.objects.get(pk=prisoner.pk)
    assert (stored.version, stored.rosh, stored.com_name) == (2, "low", "")
    entry = audited.get()
    assert entry.summary == "RoSH changed"
    assert entry.changes["rosh"] == ["high", "low"]


@pytest.mark.django_db
def test_stale_message_names_who_changed_it_and_when_from_the_audit_trail(make_user):
    prisoner = make_prisoner()
    assert last_change(prisoner).by == "someone else"
    audit_record(
        actor=SCHEDULER,
        action="import",
        object_type="release_planning.prisoner",
        object_id=prisoner.pk,
    )
    assert last_change(prisoner).by == "an automatic update"
    jo = make_user("caseworker", first_name="Jo", last_name="Bloggs")
    audit_record(
        actor=jo,
        action="update",
        object_type="release_planning.prisoner",
        object_id=prisoner.pk,
        changes={"rosh": ["high", "low"]},
    )
    # Views and exports are not changes.
    audit_record(
        actor=SCHEDULER,
        action="view",
        object_type="release_planning.prisoner",
        object_id=prisoner.pk,
    )
    entry = AuditEntry.objects.filter(action="update").get()
    change = last_change(prisoner)
    assert (change.by, change.at) == ("Jo Bloggs", entry.at)
    assert change.changes == {"rosh": ["high", "low"]}
    stale = StaleVersion(current=prisoner, expected=1)
    assert stale.message == (
        f"This record was changed by Jo Bloggs at {change.when} while you were editing"
    )


def test_the_time_of_a_change_is_en_gb_in_london():
    summer = LastChange(by="Jo", at=dt.datetime(2026, 7, 3, 13, 5, tzinfo=dt.UTC))
    assert summer.when == "14:05 on 3 July 2026"
    winter = LastChange(by="Jo", at=dt.datetime(2026, 1, 3, 23, 59, tzinfo=dt.UTC))
    assert winter.when == "23:59 on 3 January 2026"
    assert LastChange(by="Jo", at=None).when == "an unknown time"
