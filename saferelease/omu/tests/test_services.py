"""COM report requests: written through services, validated, audited, versioned."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from saferelease.audit.models import AuditEntry
from saferelease.core.concurrency import StaleVersion
from saferelease.omu import services
from saferelease.omu.tests.factories import make_com_report
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db

VALUES = {
    "kind": "parole",
    "requested_on": dt.date(2026, 10, 1),
    "due_on": dt.date(2026, 11, 15),
}


def test_create_defaults_the_pdu_to_the_com_team_and_is_audited(littlehey_pom) -> None:
    prisoner = make_prisoner(prison_number="A1111AA", com_team="Norfolk PDU")
    request = services.com_report_request_create(
        actor=littlehey_pom, prisoner=prisoner, values=dict(VALUES)
    )
    assert (request.pdu, request.version, request.created_by) == ("Norfolk PDU", 1, littlehey_pom)
    entry = AuditEntry.objects.get(object_type="omu.comreportrequest", action="create")
    assert entry.establishment_code == "LTI"
    assert entry.changes["due_on"] == [None, "2026-11-15"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "other"}, "kind_other"),
        ({"due_on": dt.date(2026, 9, 30)}, "due_on"),
        ({"received_on": dt.date(2026, 9, 1)}, "received_on"),
        ({"quality_acceptable": True}, "quality_acceptable"),
        ({"kind": "leaflet"}, "kind"),
    ],
)
def test_create_refuses_what_does_not_add_up_and_saves_nothing(
    littlehey_pom, changes, field
) -> None:
    prisoner = make_prisoner(prison_number="A1111AA")
    with pytest.raises(ValidationError) as error:
        services.com_report_request_create(
            actor=littlehey_pom, prisoner=prisoner, values={**VALUES, **changes}
        )
    assert field in error.value.message_dict
    assert not prisoner.com_report_requests.exists()
    assert not AuditEntry.objects.filter(object_type="omu.comreportrequest").exists()


def test_roles_that_cannot_update_cases_cannot_record_requests(make_user) -> None:
    governor = make_user("governor", ("LTI",))
    prisoner = make_prisoner(prison_number="A1111AA")
    with pytest.raises(PermissionDenied):
        services.com_report_request_create(actor=governor, prisoner=prisoner, values=VALUES)


def test_update_is_versioned_and_audited(littlehey_pom) -> None:
    request = make_com_report(make_prisoner(prison_number="A1111AA"))
    updated = services.com_report_request_update(
        actor=littlehey_pom,
        request=request,
        changes={"received_on": dt.date(2026, 11, 3), "quality_acceptable": False},
        expected_version=1,
    )
    assert updated.version == 2
    entry = AuditEntry.objects.get(object_type="omu.comreportrequest", action="update")
    assert entry.changes["quality_acceptable"] == [None, False]
    with pytest.raises(StaleVersion):
        services.com_report_request_update(
            actor=littlehey_pom,
            request=request,
            changes={"notes": "Chased by phone"},
            expected_version=1,
        )
    request.refresh_from_db()
    assert (request.notes, request.version) == ("", 2)
