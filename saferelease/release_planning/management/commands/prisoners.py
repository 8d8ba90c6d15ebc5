"""`saferelease prisoners import FILE [--establishment CODE] [--dry-run]`.

Runs as the system actor (no user), audited with the channel "cli". The contract is
docs/prisoner-csv.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.core.errors import DATABASE_ERRORS, DATABASE_UNAVAILABLE
from saferelease.core.uploads import UploadRefused, limits_for, read_path
from saferelease.release_planning.prisoner_import import ImportResult, prisoners_import
from saferelease.release_planning.services import prisoners_listed


def _value(value: Any) -> str:
    if value is None or value == "":
        return "(empty)"
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


class Command(BaseCommand):
    help = "Import a prisoner file (CSV): every row is validated first, then saved or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        importing = sub.add_parser(
            "import",
            help="Create or update prisoners from a CSV file (docs/prisoner-csv.md)",
        )
        importing.add_argument("file", type=Path, help="The CSV file")
        importing.add_argument(
            "--establishment",
            default="",
            metavar="CODE",
            help="Establishment code for rows whose establishment cell is empty",
        )
        importing.add_argument(
            "--dry-run",
            action="store_true",
            help="Validate and show what would change; save nothing",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        token = set_origin(AuditOrigin(channel="cli"))
        try:
            self._import(options)
        finally:
            reset_origin(token)

    def _import(self, options: dict[str, Any]) -> None:
        path: Path = options["file"]
        try:
            data = read_path(path, limits_for("prisoner_file"))
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from None
        except UploadRefused as error:
            raise CommandError(f"{path.name}: {error.message}; nothing was saved") from None
        try:
            result = prisoners_import(
                actor=COMMAND_LINE,
                rows_or_file=data,
                default_establishment_code=options["establishment"],
                dry_run=options["dry_run"],
            )
        except Http404:
            raise CommandError(
                f"No establishment with the code '{options['establishment'].upper()}'"
            ) from None
        except DATABASE_ERRORS:
            raise CommandError(f"{path.name}: {DATABASE_UNAVAILABLE}") from None
        if not result.ok:
            for row_error in result.errors:
                self.stderr.write(str(row_error))
            count = len(result.errors)
            raise CommandError(
                f"{path.name}: {count} error{'s' if count != 1 else ''}; nothing was saved"
            )
        self._summary(path, result, verbose=options["verbosity"] > 1)

    def _summary(self, path: Path, result: ImportResult, *, verbose: bool) -> None:
        counts = (
            f"{_plural(result.rows, 'row')}: {result.created} created, {result.updated} "
            f"updated, {result.unchanged} unchanged; "
            f"{_plural(result.key_date_changes, 'key-date change')}"
        )
        if result.dry_run:
            self.stdout.write(f"Dry run of {path.name}: nothing was saved. Would save {counts}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Imported {path.name}: {counts}"))
        if result.dry_run or verbose:
            for change in result.changes:
                fields = "; ".join(
                    f"{name} {_value(old)} → {_value(new)}"
                    for name, (old, new) in change.fields.items()
                )
                self.stdout.write(f"  row {change.row} {change.prison_number}: {fields}")
        if verbose:
            for creation in result.creations:
                self.stdout.write(
                    f"  row {creation.row} {creation.prison_number}: new at "
                    f"{creation.establishment_code}"
                )
        if result.dry_run or verbose:
            # What was printed about each prisoner, as one entry (a saved import has
            # audited each change already).
            shown = [change.prison_number for change in result.changes]
            if verbose:
                shown += [creation.prison_number for creation in result.creations]
            prisoners_listed(
                actor=COMMAND_LINE,
                what=f"prisoner file {'dry run' if result.dry_run else 'import'} ({path.name})",
                query={"file": path.name, "dry_run": result.dry_run, "verbose": verbose},
                prison_numbers=shown,
                total=result.rows,
                export=True,
            )
