import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from saferelease.audit.models import AuditEntry
from saferelease.release_planning import services
from saferelease.release_planning.models import KeyDateChange
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
