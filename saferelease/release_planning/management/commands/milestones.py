"""`saferelease milestones`: every rule for every prisoner in custody, as JSON or CSV."""

from __future__ import annotations

import csv
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.core import clock
from saferelease.core.dates import parse_date
from saferelease.establishments.models import Establishment
from saferelease.release_planning.selectors import Milestone, milestones

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


def milestone_row(milestone: Milestone) -> dict[str, Any]:
    result = milestone.result

    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return {
        "prison_number": milestone.prison_number,
        "establishment": milestone.establishment,
        "rule": result.rule,
        "status": str(result.status),
        "due_date": iso(result.due_date),
        "completed_date": iso(result.completed_date),
        "earliest_release_date": iso(result.earliest_release_date),
        "erd_source": str(result.erd_source) if result.erd_source else None,
    }


class Command(BaseCommand):
    help = "Print every release-planning deadline for every prisoner in custody (JSON or CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--establishment", metavar="CODE")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Default: today (London)")
        parser.add_argument("--format", choices=["json", "csv"], default="json")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            as_of = parse_date(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError as error:
            raise CommandError(str(error)) from None
        code = options["establishment"]
        if code and not Establishment.objects.filter(code=code.upper()).exists():
            raise CommandError(f"Unknown establishment code: {code}")
        rows = (milestone_row(m) for m in milestones(as_of=as_of, establishment_code=code))
        if options["format"] == "csv":
            writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
            writer.writeheader()
            for row in rows:
                writer.writerow({k: "" if v is None else v for k, v in row.items()})
            return
        # Stream one JSON array without holding every row in memory.
        self.stdout.write("[", ending="")
        for index, row in enumerate(rows):
            self.stdout.write(("," if index else "") + "\n" + json.dumps(row), ending="")
        self.stdout.write("\n]")
