"""`saferelease deadline_results [rebuild|summary] [--as-of DATE] [--establishment CODE]`:
rebuild the stored deadline results, or print the deadline summary (CSV, one line per
establishment and rule). See docs/adr/0016-stored-deadline-results.md."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.core import clock
from saferelease.core.dates import parse_date
from saferelease.core.spreadsheets import csv_writer
from saferelease.establishments.models import Establishment
from saferelease.release_planning.selectors_results import SUMMARY_STATUSES, deadline_summary
from saferelease.release_planning.services_results import deadline_results_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the stored deadline results (every man in custody evaluated at a date), "
        "or print the deadline summary by establishment and rule (CSV)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            choices=["rebuild", "summary"],
            nargs="?",
            default="rebuild",
            help="rebuild (default): store every result again; summary: print the counts",
        )
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Default: today (London)")
        parser.add_argument(
            "--establishment",
            action="append",
            metavar="CODE",
            help="Only this establishment (repeat for more); default: every establishment",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        set_origin(AuditOrigin(channel="cli"))
        try:
            as_of = parse_date(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError as error:
            raise CommandError(str(error)) from None
        codes = sorted({code.strip().upper() for code in options["establishment"] or ()})
        establishments = None
        if codes:
            establishments = list(Establishment.objects.filter(code__in=codes).order_by("code"))
            missing = set(codes) - {e.code for e in establishments}
            if missing:
                raise CommandError(f"Unknown establishment: {', '.join(sorted(missing))}")
        if options["action"] == "summary":
            self._summary(establishments, as_of)
            return
        start = time.perf_counter()
        written = deadline_results_rebuild(as_of=as_of, establishments=establishments)
        where = ", ".join(codes) if codes else "every establishment"
        self.stdout.write(
            f"{written} deadline results stored for {where} at {as_of.isoformat()} "
            f"in {time.perf_counter() - start:.1f} s"
        )

    def _summary(self, establishments: list[Establishment] | None, as_of: Any) -> None:
        everything = establishments is None
        chosen = establishments or list(Establishment.objects.order_by("code"))
        summary = deadline_summary(chosen, as_of=as_of, everything=everything)
        writer = csv_writer(self.stdout)
        writer.writerow(
            [
                "establishment",
                "rule",
                "prisoners",
                *(status.value for status in SUMMARY_STATUSES),
                "on_time_share",
            ]
        )
        for row in summary.establishments:
            for tally in row.rules:
                share = tally.on_time_share
                writer.writerow(
                    [
                        row.establishment.code,
                        tally.rule.code,
                        row.prisoners,
                        *(tally[status] for status in SUMMARY_STATUSES),
                        "" if share is None else f"{share:.4f}",
                    ]
                )
