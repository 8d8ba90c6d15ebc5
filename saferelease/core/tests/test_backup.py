"""Backup and restore: a populated database and its uploaded files, restored into a fresh
database, give the same row count in every table and the same checksum for every file.

The data is committed (transactional tests) so that pg_dump, on its own connection, sees
it; PostgreSQL restores into a new database, SQLite into a new file."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import json
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from saferelease.accounts.tests.factories import MakeUser
from saferelease.actionplans.models import EvidenceFile
from saferelease.actionplans.tests.factories import OwnerLineFactory, ProgressUpdateFactory
from saferelease.audit.models import AuditEntry
from saferelease.audit.services import audit_record
from saferelease.core.backup import (
    MANIFEST,
    BackupError,
    backup_create,
    backup_restore,
    backup_verify,
    database_connection,
    sha256_of,
    table_counts,
)
from saferelease.establishments.models import Establishment
from saferelease.release_planning.tests.factories import PrisonerFactory

pytestmark = pytest.mark.django_db(transaction=True)
CREATED = dt.datetime(2026, 3, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def populated(media_root: Path, make_user: MakeUser) -> Path:
    """Prisoners, an action plan with two evidence files, users and audit entries."""
    if not Establishment.objects.exists():  # flushed by an earlier transactional test
        migration = importlib.import_module(
            "saferelease.establishments.migrations.0002_load_register"
        )
        migration.load(apps, None)
    user = make_user("admin", ())
    PrisonerFactory.create_batch(5)
    line = OwnerLineFactory.create()
    update = ProgressUpdateFactory.create(recommendation=line.recommendation, author=user)
    for name, content in [
        ("minutes.pdf", b"%PDF-1.4 fictional"),
        ("photo.png", b"\x89PNG fictional"),
    ]:
        EvidenceFile.objects.create(
            progress_update=update,
            file=ContentFile(content, name=name),
            original_name=name,
            content_type="application/octet-stream",
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
        )
    audit_record(actor=user, action="view", object_type="x.y", summary="fictional")
    return media_root


@pytest.fixture
def fresh_database(tmp_path: Path) -> Iterator[dict[str, Any]]:
    """Django settings for a new, empty database of the same kind as the test database."""
    settings_dict = dict(connection.settings_dict)
    if connection.vendor == "postgresql":
        name = f"{settings_dict['NAME']}_restore"
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
            cursor.execute(f'CREATE DATABASE "{name}"')
        yield {**settings_dict, "NAME": name}
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        yield {**settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}


def test_restore_into_a_fresh_database_matches_row_counts_and_checksums(
    populated, fresh_database, tmp_path
):
    live_counts = table_counts(connection)
    live_files = {
        path.relative_to(populated).as_posix(): sha256_of(path)
        for path in populated.rglob("*")
        if path.is_file()
    }
    assert len(live_files) == 3  # two evidence files and the plan's source file
    assert live_counts["release_planning_prisoner"] == 5

    manifest = backup_create(destination=tmp_path / "backup", media_root=populated, created=CREATED)
    assert manifest.tables == live_counts
    assert manifest.media_files == live_files
    assert manifest.vendor == connection.vendor

    restored_media = tmp_path / "restored-media"
    report = backup_restore(
        source=tmp_path / "backup", database=fresh_database, media_root=restored_media
    )
    assert report.tables == len(live_counts) and report.media_files == 3
    assert report.rows == sum(live_counts.values())

    with database_connection(fresh_database) as restored:
        assert table_counts(restored) == live_counts
        with restored.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM establishments_establishment")
            assert cursor.fetchone()[0] == 173
    for name, checksum in live_files.items():
        assert sha256_of(restored_media / name) == checksum


def test_the_audit_trigger_comes_back_with_a_postgresql_restore(
    populated, fresh_database, tmp_path
):
    backup_create(destination=tmp_path / "backup", media_root=populated, created=CREATED)
    backup_restore(source=tmp_path / "backup", database=fresh_database, media_root=tmp_path / "m")

    with database_connection(fresh_database) as restored, restored.cursor() as cursor:
        if restored.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditentry'::regclass "
                "AND NOT tgisinternal"
            )
            assert [row[0] for row in cursor.fetchall()] == ["audit_auditentry_append_only"]
        else:
            cursor.execute("SELECT COUNT(*) FROM audit_auditentry")
            assert cursor.fetchone()[0] >= 1


def test_a_damaged_backup_is_refused_before_anything_is_touched(
    populated, fresh_database, tmp_path
):
    backup = tmp_path / "backup"
    manifest = backup_create(destination=backup, media_root=populated, created=CREATED)
    with (backup / "media.tar").open("r+b") as handle:
        handle.seek(600)
        byte = handle.read(1)
        handle.seek(600)
        handle.write(bytes([byte[0] ^ 0xFF]))
    with pytest.raises(BackupError, match=r"media\.tar does not match its checksum"):
        backup_restore(source=backup, database=fresh_database, media_root=tmp_path / "m")
    assert not (tmp_path / "m").exists()

    with database_connection(fresh_database) as target, target.cursor() as cursor:
        assert target.introspection.table_names(cursor) == []
    assert manifest.media_sha256 != sha256_of(backup / "media.tar")


def test_restore_refuses_a_database_that_is_not_empty(populated, tmp_path):
    backup_create(destination=tmp_path / "backup", media_root=populated, created=CREATED)
    with pytest.raises(BackupError, match=r"already has \d+ tables"):
        backup_restore(
            source=tmp_path / "backup",
            database=connection.settings_dict,
            media_root=tmp_path / "m",
        )


def test_restore_refuses_a_media_root_that_is_not_empty(populated, fresh_database, tmp_path):
    backup_create(destination=tmp_path / "backup", media_root=populated, created=CREATED)
    with pytest.raises(BackupError, match="is not empty"):
        backup_restore(source=tmp_path / "backup", database=fresh_database, media_root=populated)


def test_a_backup_needs_a_new_directory(populated, tmp_path):
    (tmp_path / "used").mkdir()
    (tmp_path / "used" / "something").write_text("x")
    with pytest.raises(BackupError, match="is not empty"):
        backup_create(destination=tmp_path / "used", media_root=populated, created=CREATED)


def test_the_archive_holds_only_relative_names(populated, tmp_path):
    backup_create(destination=tmp_path / "backup", media_root=populated, created=CREATED)
    with tarfile.open(tmp_path / "backup" / "media.tar") as archive:
        names = archive.getnames()
    assert len(names) == 3 and all(not name.startswith(("/", "..")) for name in names)


def test_the_commands_back_up_and_check(populated, tmp_path, capsys):
    call_command("backup", str(tmp_path / "backup"))
    out = capsys.readouterr().out
    assert "Backed up" in out and "3 uploaded files" in out
    exported = AuditEntry.objects.get(object_type="core.backup")  # a read of everything
    assert (exported.action, exported.channel) == ("export", "cli")
    manifest = json.loads((tmp_path / "backup" / MANIFEST).read_text())
    assert manifest["media_files"] and manifest["tables"]["release_planning_prisoner"] == 5
    call_command("restore", str(tmp_path / "backup"), "--check")
    assert "is intact" in capsys.readouterr().out
    assert backup_verify(tmp_path / "backup").vendor == connection.vendor
    with pytest.raises(CommandError, match=r"already has \d+ tables"):
        call_command("restore", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(tmp_path), "--check")
