"""`saferelease docs`: rewrite the tables in docs/ that are generated from the code."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.core.generated_docs import GENERATED, MarkersMissing, regenerate


class Command(BaseCommand):
    help = (
        "Rewrite the generated tables in docs/ (deadline rules, data-quality checks, "
        "metrics) from the code; --check only reports the documents that are out of date."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Change nothing; exit with an error if a document is out of date",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            changed = regenerate(write=not options["check"])
        except MarkersMissing as error:
            raise CommandError(str(error)) from None
        if options["check"] and changed:
            raise CommandError(
                f"Out of date: {', '.join(changed)}. Run `saferelease docs` to rewrite them."
            )
        tables = len(GENERATED)
        if not changed:
            self.stdout.write(f"{tables} generated tables: every document is up to date.")
            return
        self.stdout.write(f"{tables} generated tables; rewrote {', '.join(changed)}.")
