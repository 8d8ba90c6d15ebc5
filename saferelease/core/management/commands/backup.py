"""`saferelease backup DIRECTORY`: the database and every uploaded file, with checksums."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.core import clock
from saferelease.core.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new directory (docs/security.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="A new or empty directory")

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            manifest = backup_create(
                destination=directory, media_root=Path(settings.MEDIA_ROOT), created=clock.now()
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        rows = sum(manifest.tables.values())
        token = set_origin(AuditOrigin(channel="cli"))
        try:
            audit_record(
                actor=COMMAND_LINE,
                action=AuditAction.EXPORT,
                object_type="core.backup",
                object_repr=str(directory)[:200],
                summary=(
                    f"Backup of {len(manifest.tables)} tables ({rows} rows) and "
                    f"{len(manifest.media_files)} uploaded files"
                ),
            )
        finally:
            reset_origin(token)
        self.stdout.write(
            f"Backed up {len(manifest.tables)} tables ({rows} rows) and "
            f"{len(manifest.media_files)} uploaded files to {directory}"
        )
