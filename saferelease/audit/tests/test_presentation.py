"""The audit trail as staff read it: labels, en-GB dates, names, no digests."""

import pytest
from django.urls import reverse

from saferelease.audit.models import AuditAction
from saferelease.audit.presentation import entry_views, record_label, value_text
from saferelease.audit.services import audit_record
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import Prisoner


def test_values_read_as_people_read_them():
    assert value_text(Prisoner, "crd", "2026-01-31") == "31 January 2026"
    assert value_text(Prisoner, "rosh", "very_high") == "Very high"
    assert value_text(Establishment, "designated_resettlement", True) == "Yes"
    assert value_text(Prisoner, "given_name", None) == "(empty)"
    assert value_text(Prisoner, "given_name", "2026-13-45") == "2026-13-45"
    assert value_text(None, "at", "2026-06-01T09:05:00+00:00") == "1 June 2026 at 10:05"


def test_record_kinds_are_named():
    assert record_label("release_planning.prisoner") == "Prisoner"
    assert record_label("not_an_app.thing_kind") == "Thing kind"
    assert record_label("import") == "Import"


@pytest.mark.django_db
def test_entries_show_labels_names_and_no_digests(make_user):
    admin = make_user("admin", (), username="audit.admin")
    littlehey = Establishment.objects.get(code="LTI")
    audit_record(
        actor=admin,
        action=AuditAction.UPDATE,
        object_type="release_planning.prisoner",
        changes={
            "crd": ["2026-01-31", "2026-02-28"],
            "establishment": [None, littlehey.pk],
            "source_sha256": [None, "ab" * 32],
        },
    )
    (row,) = entry_views(admin_entries())
    assert row.record_label == "Prisoner"
    assert [(c.label, c.before, c.after) for c in row.changes] == [
        ("CRD", "31 January 2026", "28 February 2026"),
        ("Establishment", "(empty)", str(littlehey)),
    ]


def admin_entries():
    from saferelease.audit.models import AuditEntry

    return AuditEntry.objects.filter(object_type="release_planning.prisoner")


@pytest.mark.django_db
def test_audit_page_shows_no_digest(client, make_user):
    admin = make_user("admin", (), username="audit.admin")
    audit_record(
        actor=admin,
        action=AuditAction.IMPORT,
        object_type="actionplans.actionplan",
        changes={"source_sha256": [None, "cd" * 32], "revision": [None, 2]},
    )
    client.force_login(admin)
    page = client.get(reverse("audit:list")).content.decode()
    assert "cd" * 32 not in page
    assert "sha256" not in page.lower()
    assert "Action plan" in page
