"""`saferelease milestones`: every rule for every prisoner in custody, as JSON or CSV."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.core import clock
from saferelease.core.dates import parse_date
from saferelease.core.spreadsheets import csv_writer
from saferelease.establishments.models import Establishment
from saferelease.release_planning.selectors import Milestone, milestones
from saferelease.release_planning.services import prisoners_listed

FIELDS = [
    "prison_number",
    "establishment",
    "rule",
    "status",
    "due_date",
    "completed_date",
    "earliest_release_date",
    "erd_source",
]


#: Rows are written to the output in batches of this many (one write call each).
BATCH = 5000


def milestone_values(milestone: Milestone) -> tuple[str | None, ...]:
    """One milestone's values in :data:`FIELDS` order (ISO dates, None for unknown). The
    status and ERD source are string enums: csv and json write them as their values."""
    result = milestone.result
    due, completed, erd = result.due_date, result.completed_date, result.earliest_release_date
    return (
        milestone.prison_number,
        milestone.establishment,
        result.rule,
        result.status,
        due.isoformat() if due else None,
        completed.isoformat() if completed else None,
        erd.isoformat() if erd else None,
        result.erd_source,
    )


def milestone_row(milestone: Milestone) -> dict[str, Any]:
    """One milestone as the JSON object of the contract."""
    return dict(zip(FIELDS, milestone_values(milestone), strict=True))


class Command(BaseCommand):
    help = "Print every release-planning deadline for every prisoner in custody (JSON or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--establishment", metavar="CODE", help="Only this establishment (default: all)"
        )
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Default: today (London)")
        parser.add_argument(
            "--format",
            choices=["json", "csv"],
            default="json",
            help="JSON lines or CSV (default json)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = parse_date(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError as error:
            raise CommandError(str(error)) from None
        code = options["establishment"]
        if code and not Establishment.objects.filter(code=code.upper()).exists():
            raise CommandError(f"Unknown establishment code: {code}")
        printed: dict[str, None] = {}  # the prison numbers written, in order, each once

        def noted(stream: Iterator[Milestone]) -> Iterator[Milestone]:
            for milestone in stream:
                printed[milestone.prison_number] = None
                yield milestone

        token = set_origin(AuditOrigin(channel="cli"))
        try:
            stream = noted(milestones(as_of=as_of, establishment_code=code))
            if options["format"] == "csv":
                self._write_csv(stream)
            else:
                self._write_json(stream)
        finally:
            # One entry for the whole output, also when it stopped part way.
            prisoners_listed(
                actor=COMMAND_LINE,
                what=f"milestones ({options['format'].upper()})",
                query={
                    "establishment": code or "",
                    "as_of": as_of.isoformat(),
                    "format": options["format"],
                },
                prison_numbers=printed,
                establishment_code=(code or "").upper(),
                export=True,
            )
            reset_origin(token)

    def _write_csv(self, stream: Iterator[Milestone]) -> None:
        buffer = io.StringIO()
        writer = csv_writer(buffer, lineterminator="\n")
        writer.writerow(FIELDS)  # csv writes None as an empty cell
        for index, milestone in enumerate(stream, start=1):
            writer.writerow(milestone_values(milestone))
            if index % BATCH == 0:
                self._flush(buffer)
        self._flush(buffer)

    def _write_json(self, stream: Iterator[Milestone]) -> None:
        """One JSON array, streamed without holding every row in memory."""
        chunk = ["["]
        separator = "\n"
        for milestone in stream:
            chunk.append(separator + json.dumps(milestone_row(milestone)))
            separator = ",\n"
            if len(chunk) >= BATCH:
                self.stdout.write("".join(chunk), ending="")
                chunk = []
        chunk.append("\n]")
        self.stdout.write("".join(chunk))

    def _flush(self, buffer: io.StringIO) -> None:
        self.stdout.write(buffer.getvalue(), ending="")
        buffer.seek(0)
        buffer.truncate()
