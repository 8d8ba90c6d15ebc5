"""The audit table is append-only at the database too (PostgreSQL trigger, migration
audit/0002), and the archiving procedure in docs/security.md works.

Each test checks what holds for the database the suite runs on: CI runs it on SQLite and
on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.audit.models import AuditEntry
from saferelease.audit.services import audit_record

pytestmark = pytest.mark.django_db

TRIGGER = "audit_auditentry_append_only"


def _disable_trigger(cursor: Any) -> None:
    if connection.vendor == "postgresql":
        # The test's own transaction has just inserted rows whose foreign-key checks are
        # deferred, and ALTER TABLE waits for none; a maintenance session has none pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"ALTER TABLE audit_auditentry DISABLE TRIGGER {TRIGGER}")


def _enable_trigger(cursor: Any) -> None:
    if connection.vendor == "postgresql":
        cursor.execute(f"ALTER TABLE audit_auditentry ENABLE TRIGGER {TRIGGER}")


def _entry(summary: str, at: dt.datetime | None = None) -> AuditEntry:
    entry = audit_record(actor=COMMAND_LINE, action="view", object_type="x.y", summary=summary)
    if at is not None:
        # Back-dated with the archiving procedure's own tool (the trigger off in one
        # transaction), as an entry written years ago would be.
        with transaction.atomic(), connection.cursor() as cursor:
            _disable_trigger(cursor)
            cursor.execute("UPDATE audit_auditentry SET at = %s WHERE id = %s", [at, entry.pk])
            _enable_trigger(cursor)
    return entry


def _installed_triggers() -> list[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass "
                "AND NOT tgisinternal AND tgenabled = 'O'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND tbl_name = 'audit_auditentry'"
            )
        return [row[0] for row in cursor.fetchall()]


def test_the_trigger_exists_on_postgresql_only():
    expected = [TRIGGER] if connection.vendor == "postgresql" else []
    assert _installed_triggers() == expected


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_auditentry SET summary = 'tampered'",
        "UPDATE audit_auditentry SET summary = 'tampered' WHERE id = %s",
        "DELETE FROM audit_auditentry",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ],
)
def test_sql_on_the_apps_own_connection_cannot_change_the_trail(statement):
    entry = _entry("original")
    params = [entry.pk] if "%s" in statement else []
    if connection.vendor == "postgresql":
        with (
            pytest.raises(DatabaseError, match="audit entries are append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement, params)
        assert AuditEntry.objects.get(pk=entry.pk).summary == "original"
    else:
        # SQLite has no trigger: the model and queryset refusals are the only guard there.
        assert _installed_triggers() == []


def test_the_documented_archiving_procedure():
    """docs/security.md, "Audit trail": copy the old rows out, then in one transaction
    disable the trigger, delete them and enable it again."""
    old = [_entry(f"old {n}", at=dt.datetime(2019, 6, n + 1, tzinfo=dt.UTC)) for n in range(3)]
    recent = _entry("recent")
    cutoff = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, at, actor_username, action, object_type, summary "
            "FROM audit_auditentry WHERE at < %s ORDER BY id",
            [cutoff],
        )
        copied = cursor.fetchall()
    assert [row[0] for row in copied] == [entry.pk for entry in old]
    with transaction.atomic(), connection.cursor() as cursor:
        _disable_trigger(cursor)
        cursor.execute("DELETE FROM audit_auditentry WHERE at < %s", [cutoff])
        deleted = cursor.rowcount
        _enable_trigger(cursor)
    assert deleted == 3
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == [recent.pk]
    expected = [TRIGGER] if connection.vendor == "postgresql" else []
    assert _installed_triggers() == expected  # enabled again
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditentry")
