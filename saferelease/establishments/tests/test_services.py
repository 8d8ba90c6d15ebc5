import pytest
from django.core.exceptions import PermissionDenied

from saferelease.audit.models import AuditEntry
from saferelease.core.concurrency import StaleVersion
from saferelease.establishments.models import Establishment
from saferelease.establishments.services import establishment_update


@pytest.mark.django_db
def test_national_manager_sets_resettlement_flag_and_it_is_audited(make_user):
    user = make_user("national_manager", ())
    littlehey = Establishment.objects.get(code="LTI")
    establishment_update(
        actor=user, establishment=littlehey, designated_resettlement=True, programme_places=136
    )
    littlehey.refresh_from_db()
    assert littlehey.designated_resettlement is True
    assert littlehey.programme_places == 136
    entry = AuditEntry.objects.get(object_type="establishments.establishment")
    assert entry.action == "update"
    assert entry.actor == user
    assert entry.changes == {
        "designated_resettlement": [False, True],
        "programme_places": [None, 136],
    }
    assert entry.establishment_code == "LTI"


@pytest.mark.django_db
def test_unchanged_update_writes_no_entry(make_user):
    user = make_user("admin", ())
    littlehey = Establishment.objects.get(code="LTI")
    establishment_update(
        actor=user, establishment=littlehey, designated_resettlement=False, programme_places=None
    )
    assert not AuditEntry.objects.filter(object_type="establishments.establishment").exists()


@pytest.mark.django_db
def test_caseworker_cannot_change_designation(make_user):
    user = make_user("caseworker", ("LTI",))
    littlehey = Establishment.objects.get(code="LTI")
    with pytest.raises(PermissionDenied):
        establishment_update(
            actor=user, establishment=littlehey, designated_resettlement=True, programme_places=1
        )
    littlehey.refresh_from_db()
    assert littlehey.designated_resettlement is False


@pytest.mark.django_db
def test_a_change_from_a_stale_version_saves_nothing(make_user):
    user = make_user("national_manager", ())
    mine = Establishment.objects.get(code="LTI")
    theirs = Establishment.objects.get(code="LTI")
    establishment_update(
        actor=user, establishment=theirs, designated_resettlement=True, programme_places=None
    )
    with pytest.raises(StaleVersion):
        establishment_update(
            actor=user,
            establishment=mine,
            designated_resettlement=False,
            programme_places=136,
            expected_version=1,
        )
    littlehey = Establishment.objects.get(code="LTI")
    assert (littlehey.designated_resettlement, littlehey.programme_places) == (True, None)
    assert littlehey.version == 2
    assert AuditEntry.objects.filter(object_type="establishments.establishment").count() == 1
