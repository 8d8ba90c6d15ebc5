import csv
import io

import pytest
from django.urls import reverse

from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.audit.models import AuditEntry
from saferelease.audit.services import audit_record, diff


def test_diff_lists_only_changed_fields():
    import datetime as dt

    before = {"a": 1, "b": dt.date(2026, 1, 31), "c": "same"}
    after = {"a": 2, "b": dt.date(2026, 2, 1), "c": "same"}
    assert diff(before, after) == {"a": [1, 2], "b": ["2026-01-31", "2026-02-01"]}


@pytest.mark.django_db
def test_entries_cannot_be_changed_or_deleted(littlehey_pom):
    entry = audit_record(actor=littlehey_pom, action="view", object_type="x.y", object_id="1")
    entry.summary = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.update(summary="tampered")
    assert AuditEntry.objects.get().summary == ""


@pytest.mark.django_db
def test_entry_records_where_it_came_from(littlehey_pom):
    token = set_origin(AuditOrigin(channel="web", ip_address="127.0.0.9", user_agent="UA"))
    try:
        entry = audit_record(actor=littlehey_pom, action="view", object_type="x.y")
    finally:
        reset_origin(token)
    assert (entry.channel, entry.ip_address, entry.user_agent) == ("web", "127.0.0.9", "UA")
    assert entry.actor_username == littlehey_pom.username


@pytest.mark.django_db
def test_only_admins_search_the_trail(client, make_user, littlehey_pom):
    client.force_login(littlehey_pom)
    assert client.get(reverse("audit:list")).status_code == 404
    assert client.get(reverse("audit:export")).status_code == 404
    client.force_login(make_user("admin", (), username="root"))
    assert client.get(reverse("audit:list")).status_code == 200


@pytest.mark.django_db
def test_admin_searches_and_exports(client, make_user, littlehey_pom):
    audit_record(
        actor=littlehey_pom,
        action="view",
        object_type="prisoners.prisoner",
        object_repr="A1234BC",
        establishment_code="LTI",
    )
    audit_record(actor=littlehey_pom, action="update", object_type="x.other", object_repr="zzz")
    client.force_login(make_user("admin", (), username="root"))
    page = client.get(reverse("audit:list"), {"q": "A1234BC"})
    assert b"A1234BC" in page.content and b"zzz" not in page.content
    response = client.get(reverse("audit:export"), {"action": "view", "q": "A1234BC"})
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["at", "actor", "action"]
    assert [r[5] for r in rows[1:]] == ["A1234BC"]
    assert AuditEntry.objects.filter(action="export").exists()
