"""`saferelease sync prisoners --establishment CODE [--dry-run]` (or `--all`): sync the
prisoners from the HMPPS Prisoner Search API (docs/prisoner-search-sync.md)."""

from __future__ import annotations

import sys
from typing import Any, TextIO

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.core.progress import command_progress
from saferelease.establishments.models import Establishment
from saferelease.release_planning.prisoner_sync.service import (
    establishments_to_sync,
    sync_establishment,
)


class Command(BaseCommand):
    help = "Sync prisoners from the HMPPS Prisoner Search API (one establishment or --all)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["prisoners"], help="What to sync: prisoners")
        where = parser.add_mutually_exclusive_group(required=True)
        where.add_argument("--establishment", metavar="CODE", help="An establishment code")
        where.add_argument("--all", action="store_true", help="Every active establishment")
        parser.add_argument("--dry-run", action="store_true", help="Read and report; save nothing")

    def handle(self, *args: Any, **options: Any) -> None:
        set_origin(AuditOrigin(channel="cli"))
        if options["all"]:
            establishments = establishments_to_sync()
        else:
            code = options["establishment"].strip().upper()
            establishment = Establishment.objects.filter(code=code).first()
            if establishment is None:
                raise CommandError(f"Unknown establishment code: {code}")
            establishments = [establishment]
        failures = 0
        # The bar draws on the command's own stream (OutputWrapper ends every write
        # with a newline).
        stream: TextIO = getattr(self.stdout, "_out", sys.stdout)
        for establishment in establishments:
            with command_progress(stream, f"Reading {establishment.code}") as update:

                def progress(pages: int, total: int | None, records: int) -> None:
                    update(pages, total, f"{records} prisoners")

                result = sync_establishment(
                    establishment=establishment, dry_run=options["dry_run"], progress=progress
                )
            if result.ok:
                self.stdout.write(result.summary())
            else:
                failures += 1
                self.stderr.write(result.summary())
        if failures:
            raise CommandError(
                f"{failures} of {len(establishments)} establishment syncs failed; "
                "nothing changed at those"
            )
