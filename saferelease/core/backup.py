"""Backup and restore of the whole service: the database and the uploaded files.

A backup is a directory holding three files:

- ``database.dump``: ``pg_dump --format=custom`` of the PostgreSQL database (restored
  with ``pg_restore``), or ``database.sqlite3``: a copy made with SQLite's online backup
  API;
- ``media.tar``: every file under ``MEDIA_ROOT`` (evidence, action-plan sources);
- ``manifest.json``: when and from what it was made, the SHA-256 of both files, the
  SHA-256 of every uploaded file, and the row count of every table.

Restoring checks every checksum before it touches anything, restores only into an empty
database and an empty ``MEDIA_ROOT``, then checks the files' checksums and every table's
row count against the manifest. See docs/security.md, "Backup and restore".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.postgresql.client import DatabaseClient
from django.db.utils import load_backend

MANIFEST = "manifest.json"
MEDIA = "media.tar"
DATABASE_FILES = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
FORMAT = 1
_CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup cannot be made, checked or restored; the message says why."""


@dataclass(frozen=True)
class Manifest:
    created: str
    vendor: str
    database_file: str
    database_sha256: str
    media_sha256: str
    tables: dict[str, int]
    media_files: dict[str, str] = field(default_factory=dict)
    format: int = FORMAT

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        try:
            data = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
            return cls(**data)
        except FileNotFoundError:
            raise BackupError(f"{directory} holds no {MANIFEST}: not a backup") from None
        except (ValueError, TypeError) as error:
            raise BackupError(f"{directory / MANIFEST} cannot be read: {error}") from None

    def write(self, directory: Path) -> None:
        text = json.dumps(asdict(self), indent=2, sort_keys=True)
        (directory / MANIFEST).write_text(text + "\n", encoding="utf-8")


@dataclass(frozen=True)
class RestoreReport:
    manifest: Manifest
    tables: int
    rows: int
    media_files: int


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _wrapper(settings_dict: Mapping[str, Any]) -> BaseDatabaseWrapper:
    """A Django connection to the database ``settings_dict`` names (not an alias)."""
    backend = load_backend(settings_dict["ENGINE"])
    wrapper: BaseDatabaseWrapper = backend.DatabaseWrapper(dict(settings_dict), "restore-target")
    return wrapper


@contextmanager
def database_connection(settings_dict: Mapping[str, Any]) -> Iterator[BaseDatabaseWrapper]:
    wrapper = _wrapper(settings_dict)
    try:
        yield wrapper
    finally:
        wrapper.close()


def table_counts(wrapper: BaseDatabaseWrapper) -> dict[str, int]:
    """Rows in every table of the database, by table name."""
    with wrapper.cursor() as cursor:
        names = sorted(wrapper.introspection.table_names(cursor))
        counts = {}
        for name in names:
            cursor.execute(f"SELECT COUNT(*) FROM {wrapper.ops.quote_name(name)}")  # noqa: S608
            counts[name] = int(cursor.fetchone()[0])
    return counts


def _pg_tool(
    program: str, settings_dict: Mapping[str, Any]
) -> tuple[list[str], str, dict[str, str]]:
    """``program`` with the connection options of ``settings_dict`` (as Django's own
    ``dbshell`` passes them to psql), the database name, and the environment."""
    args, env = DatabaseClient.settings_to_cmd_args_env(dict(settings_dict), [])
    return [program, *args[1:-1]], args[-1], {**os.environ, **(env or {})}


def _run(args: list[str], env: dict[str, str]) -> None:
    if shutil.which(args[0]) is None:
        raise BackupError(f"{args[0]} is not installed (Debian: apt-get install postgresql-client)")
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()[-2000:]}")


def _dump_and_count(wrapper: BaseDatabaseWrapper, path: Path) -> dict[str, int]:
    """Dump the database to ``path`` and count its rows, both from the same state: on
    PostgreSQL one repeatable-read snapshot shared with pg_dump, on SQLite by counting the
    copy."""
    if wrapper.vendor == "postgresql":
        with database_connection(wrapper.settings_dict) as snapshot, snapshot.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot_id = cursor.fetchone()[0]
            counts = table_counts(snapshot)
            command, dbname, env = _pg_tool("pg_dump", wrapper.settings_dict)
            _run(
                [
                    *command,
                    "--format=custom",
                    f"--snapshot={snapshot_id}",
                    "--file",
                    str(path),
                    dbname,
                ],
                env,
            )
            cursor.execute("COMMIT")
        return counts
    wrapper.ensure_connection()
    target = sqlite3.connect(path)
    try:
        wrapper.connection.backup(target)
    finally:
        target.close()
    with database_connection({**wrapper.settings_dict, "NAME": str(path)}) as copy:
        return table_counts(copy)


def _restore_database(settings_dict: Mapping[str, Any], vendor: str, path: Path) -> None:
    if vendor == "postgresql":
        command, dbname, env = _pg_tool("pg_restore", settings_dict)
        _run(
            [
                *command,
                "--dbname",
                dbname,
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                str(path),
            ],
            env,
        )
    else:
        source = sqlite3.connect(path)
        target = sqlite3.connect(settings_dict["NAME"])
        try:
            source.backup(target)
        finally:
            source.close()
            target.close()


def _media_files(media_root: Path) -> list[Path]:
    if not media_root.is_dir():
        return []
    return sorted(path for path in media_root.rglob("*") if path.is_file())


def backup_create(
    *, destination: Path, media_root: Path, created: dt.datetime, alias: str = "default"
) -> Manifest:
    """Write a backup of database ``alias`` and of ``media_root`` into ``destination``
    (created; it must not exist or be empty). The database is dumped first and the files
    archived after, so every file the dump refers to is in the archive."""
    if destination.exists() and any(destination.iterdir()):
        raise BackupError(f"{destination} is not empty: choose a new directory")
    destination.mkdir(parents=True, exist_ok=True)
    wrapper = connections[alias]
    vendor = wrapper.vendor
    if vendor not in DATABASE_FILES:
        raise BackupError(f"Backups of {vendor} databases are not supported")
    database_path = destination / DATABASE_FILES[vendor]
    tables = _dump_and_count(wrapper, database_path)
    media_files = {}
    with tarfile.open(destination / MEDIA, "w") as archive:
        for path in _media_files(media_root):
            name = path.relative_to(media_root).as_posix()
            media_files[name] = sha256_of(path)
            archive.add(path, arcname=name, recursive=False)
    manifest = Manifest(
        created=created.isoformat(),
        vendor=vendor,
        database_file=database_path.name,
        database_sha256=sha256_of(database_path),
        media_sha256=sha256_of(destination / MEDIA),
        tables=tables,
        media_files=media_files,
    )
    manifest.write(destination)
    return manifest


def backup_verify(source: Path) -> Manifest:
    """The backup's manifest, once both files match their recorded SHA-256 (else
    ``BackupError``, naming the file)."""
    manifest = Manifest.read(source)
    if manifest.format != FORMAT or manifest.vendor not in DATABASE_FILES:
        raise BackupError(f"{source} was made by another version (format {manifest.format})")
    for name, expected in [
        (manifest.database_file, manifest.database_sha256),
        (MEDIA, manifest.media_sha256),
    ]:
        path = source / name
        if not path.is_file():
            raise BackupError(f"{path} is missing")
        if sha256_of(path) != expected:
            raise BackupError(f"{path} does not match its checksum: the backup is damaged")
    return manifest


def backup_restore(*, source: Path, database: Mapping[str, Any], media_root: Path) -> RestoreReport:
    """Restore the backup in ``source`` into the empty database ``database`` (Django
    settings for it) and the empty ``media_root``, then check every uploaded file's SHA-256
    and every table's row count against the manifest."""
    manifest = backup_verify(source)
    with database_connection(database) as wrapper:
        if wrapper.vendor != manifest.vendor:
            raise BackupError(
                f"The backup is of a {manifest.vendor} database; the target is {wrapper.vendor}"
            )
        with wrapper.cursor() as cursor:
            existing = wrapper.introspection.table_names(cursor)
        if existing:
            raise BackupError(
                f"The target database already has {len(existing)} tables: restore only into "
                "a new, empty database"
            )
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(f"{media_root} is not empty: restore only into an empty MEDIA_ROOT")
    _restore_database(database, manifest.vendor, source / manifest.database_file)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / MEDIA) as archive:
        archive.extractall(media_root, filter="data")
    restored_files = {
        path.relative_to(media_root).as_posix(): sha256_of(path)
        for path in _media_files(media_root)
    }
    if restored_files != manifest.media_files:
        wrong = sorted(set(restored_files.items()) ^ set(manifest.media_files.items()))
        raise BackupError(f"Restored files differ from the manifest: {wrong[:5]}")
    with database_connection(database) as wrapper:
        counts = table_counts(wrapper)
    if counts != manifest.tables:
        different = sorted(
            name
            for name in set(counts) | set(manifest.tables)
            if counts.get(name) != manifest.tables.get(name)
        )
        raise BackupError(
            f"Restored row counts differ from the manifest in: {', '.join(different)}"
        )
    return RestoreReport(
        manifest=manifest,
        tables=len(counts),
        rows=sum(counts.values()),
        media_files=len(restored_files),
    )
