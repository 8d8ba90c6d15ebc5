"""`saferelease restore DIRECTORY`: restore a backup into the configured (empty) database
and MEDIA_ROOT, checking every checksum and row count; `--check` only checks the backup."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

from saferelease.core.backup import BackupError, backup_restore, backup_verify


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database and MEDIA_ROOT, or --check it (docs/security.md)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("directory", type=Path, help="A directory made by saferelease backup")
        parser.add_argument(
            "--check", action="store_true", help="Only check the backup's checksums; change nothing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        directory: Path = options["directory"]
        try:
            if options["check"]:
                manifest = backup_verify(directory)
                self.stdout.write(
                    f"The backup made {manifest.created} is intact: {len(manifest.tables)} "
                    f"tables, {len(manifest.media_files)} uploaded files"
                )
                return
            connections["default"].close()
            report = backup_restore(
                source=directory,
                database=connections["default"].settings_dict,
                media_root=Path(settings.MEDIA_ROOT),
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            f"Restored the backup made {report.manifest.created}: {report.tables} tables, "
            f"{report.rows} rows and {report.media_files} uploaded files, every count and "
            "checksum as recorded"
        )
