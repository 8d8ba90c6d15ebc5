import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from saferelease.audit.models import AuditEntry
from saferelease.audit.services import snapshot
from saferelease.core.concurrency import StaleVersion
from saferelease.release_planning import services
from saferelease.release_planning.models import KeyDateChange, Prisoner
from saferelease.release_planning.tests.factories import make_prisoner

TODAY = dt.date(2026, 3, 1)


@pytest.mark.django_db
def test_completion_recorded_and_audited(make_user):
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA", mappa_category=1)
    services.deadline_complete(
        actor=pom,
        prisoner=prisoner,
        rule_code="mappa-level-set",
        completed_on=dt.date(2026, 2, 20),
        today=TODAY,
    )
    prisoner.refresh_from_db()
    assert prisoner.mappa_level_set_date == dt.date(2026, 2, 20)
    entry = AuditEntry.objects.get(action="update")
    assert entry.changes == {"mappa_level_set_date": [None, "2026-02-20"]}
    assert entry.establishment_code == "LTI"


@pytest.mark.django_db
def test_completion_in_the_future_refused(make_user):
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.deadline_complete(
            actor=pom,
            prisoner=prisoner,
            rule_code="resettlement-plan",
            completed_on=dt.date(2026, 3, 2),
            today=TODAY,
        )
    prisoner.refresh_from_db()
    assert prisoner.resettlement_plan_date is None
    assert not AuditEntry.objects.exists()


@pytest.mark.django_db
def test_exemption_needs_reason_and_an_exemptable_rule(make_user):
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    with pytest.raises(ValidationError, match="Enter the reason"):
        services.deadline_exempt(
            actor=pom, prisoner=prisoner, rule_code="resettlement-transfer", reason="  "
        )
    with pytest.raises(ValidationError, match="cannot be exempted"):
        services.deadline_exempt(
            actor=pom, prisoner=prisoner, rule_code="duty-to-refer", reason="x"
        )
    services.deadline_exempt(
        actor=pom,
        prisoner=prisoner,
        rule_code="resettlement-transfer",
        reason="Releasing to approved premises near Littlehey",
    )
    prisoner.refresh_from_db()
    assert prisoner.resettlement_transfer_exemption.startswith("Releasing")


@pytest.mark.django_db
def test_key_date_changes_kept_as_history(make_user):
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    services.prisoner_update(
        actor=pom,
        prisoner=prisoner,
        changes={"crd": dt.date(2026, 10, 1), "rosh": "very_high"},
    )
    change = KeyDateChange.objects.get()
    assert (change.field, change.old_value, change.new_value) == (
        "crd",
        dt.date(2026, 9, 1),
        dt.date(2026, 10, 1),
    )
    assert change.changed_by == pom


@pytest.mark.django_db
def test_invalid_update_saves_nothing(make_user):
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    with pytest.raises(ValidationError):
        services.prisoner_update(
            actor=pom, prisoner=prisoner, changes={"crd": dt.date(2026, 10, 1), "rosh": "huge"}
        )
    prisoner.refresh_from_db()
    assert prisoner.crd == dt.date(2026, 9, 1)
    assert not KeyDateChange.objects.exists()
    with pytest.raises(ValidationError):
        services.prisoner_update(actor=pom, prisoner=prisoner, changes={"prison_number": "X"})


@pytest.mark.django_db
def test_governor_cannot_update_cases(make_user):
    governor = make_user("governor", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    with pytest.raises(PermissionDenied):
        services.prisoner_update(actor=governor, prisoner=prisoner, changes={"rosh": "low"})


@pytest.mark.django_db
def test_pom_allocation_only_to_staff_at_the_establishment(make_user):
    head = make_user("omu_manager", ("LTI",), username="head")
    pom = make_user("caseworker", ("LTI",), username="pom")
    elsewhere = make_user("caseworker", ("DAI",), username="elsewhere")
    prisoner = make_prisoner(prison_number="A1111AA")
    services.prisoner_assign_pom(actor=head, prisoner=prisoner, pom=pom)
    assert prisoner.pom == pom
    with pytest.raises(ValidationError):
        services.prisoner_assign_pom(actor=head, prisoner=prisoner, pom=elsewhere)
    with pytest.raises(PermissionDenied):
        services.prisoner_assign_pom(actor=pom, prisoner=prisoner, pom=pom)
    entry = AuditEntry.objects.get(summary="POM allocated")
    assert entry.changes == {"pom": [None, pom.pk]}


@pytest.mark.django_db
def test_release_recorded_and_kept(make_user):
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    services.prisoner_record_release(
        actor=pom,
        prisoner=prisoner,
        released_on=dt.date(2026, 2, 27),
        accommodation_on_release="none",
        today=TODAY,
    )
    prisoner.refresh_from_db()
    assert prisoner.released_on == dt.date(2026, 2, 27)
    assert prisoner.accommodation_on_release == "none"
    assert not prisoner.in_custody


# --- optimistic concurrency: every edit names the version it started from ---------------

STALE_EDITS = {
    "update": lambda actor, prisoner, version: services.prisoner_update(
        actor=actor, prisoner=prisoner, changes={"rosh": "low"}, expected_version=version
    ),
    "completion": lambda actor, prisoner, version: services.deadline_complete(
        actor=actor,
        prisoner=prisoner,
        rule_code="oasys-current",
        completed_on=dt.date(2026, 2, 20),
        today=TODAY,
        expected_version=version,
    ),
    "exemption": lambda actor, prisoner, version: services.deadline_exempt(
        actor=actor,
        prisoner=prisoner,
        rule_code="resettlement-transfer",
        reason="Transferred to a resettlement prison's catchment",
        expected_version=version,
    ),
    "release": lambda actor, prisoner, version: services.prisoner_record_release(
        actor=actor,
        prisoner=prisoner,
        released_on=dt.date(2026, 2, 27),
        accommodation_on_release="none",
        today=TODAY,
        expected_version=version,
    ),
    "pom": lambda actor, prisoner, version: services.prisoner_assign_pom(
        actor=actor, prisoner=prisoner, pom=actor, expected_version=version
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("edit", STALE_EDITS)
def test_an_edit_from_a_stale_version_saves_nothing(make_user, edit):
    head = make_user("omu_manager", ("LTI",), username="head")
    prisoner = make_prisoner(prison_number="A1111AA", rosh="high")
    # Someone else changes the record after this editor read it (version 1).
    other = Prisoner.objects.get(pk=prisoner.pk)
    services.prisoner_update(actor=head, prisoner=other, changes={"com_name": "Sam Green"})
    before = snapshot(Prisoner.objects.get(pk=prisoner.pk))
    audited = AuditEntry.objects.count()
    with pytest.raises(StaleVersion) as caught:
        STALE_EDITS[edit](head, prisoner, 1)
    assert caught.value.expected == 1
    assert caught.value.current.version == 2
    current = caught.value.current
    assert isinstance(current, Prisoner)
    assert current.com_name == "Sam Green"  # theirs, to show beside yours
    assert snapshot(Prisoner.objects.get(pk=prisoner.pk)) == before
    assert Prisoner.objects.get(pk=prisoner.pk).version == 2
    assert AuditEntry.objects.count() == audited
    assert not KeyDateChange.objects.exists()
    # From the version it now holds, the same edit goes through and raises the version.
    saved = STALE_EDITS[edit](head, prisoner, 2)
    assert saved.version == 3
    assert Prisoner.objects.get(pk=prisoner.pk).version == 3


@pytest.mark.django_db
def test_an_update_writes_only_the_fields_given_onto_the_record_as_it_is_now(make_user):
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA", rosh="high", oasys_completed_date=None)
    stale_copy = Prisoner.objects.get(pk=prisoner.pk)
    services.prisoner_update(actor=pom, prisoner=prisoner, changes={"rosh": "low"})
    # A system write (no expected version) from an old copy keeps the other change.
    saved = services.prisoner_update(
        actor=pom, prisoner=stale_copy, changes={"oasys_completed_date": dt.date(2026, 2, 1)}
    )
    assert saved is stale_copy
    fresh = Prisoner.objects.get(pk=prisoner.pk)
    assert (fresh.rosh, fresh.oasys_completed_date) == ("low", dt.date(2026, 2, 1))
    assert fresh.version == 3


@pytest.mark.django_db
def test_an_update_that_changes_nothing_keeps_the_version(make_user):
    pom = make_user("caseworker", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA", rosh="high")
    services.prisoner_update(
        actor=pom, prisoner=prisoner, changes={"rosh": "high"}, expected_version=1
    )
    assert Prisoner.objects.get(pk=prisoner.pk).version == 1
    assert not AuditEntry.objects.exists()
