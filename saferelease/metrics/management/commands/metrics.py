"""`saferelease metrics`: public-protection metrics for an establishment, a region or all."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from saferelease.core import clock
from saferelease.core.calendar import add_months
from saferelease.core.dates import parse_date
from saferelease.core.spreadsheets import csv_writer
from saferelease.metrics import selectors
from saferelease.metrics.catalogue import METRICS
from saferelease.metrics.forms import MAX_MONTHS
from saferelease.metrics.periods import Period, default_period, last_months


class Command(BaseCommand):
    help = (
        "Print public-protection metrics keyed by metric code (JSON or CSV); shares are "
        "fractions from 0 to 1. Without --establishment, all establishments together."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--establishment",
            metavar="CODE",
            action="append",
            help="Establishment code; repeat it or separate codes by commas for a region",
        )
        parser.add_argument(
            "--from", dest="start", metavar="YYYY-MM-DD", help="First day of the period"
        )
        parser.add_argument("--to", dest="end", metavar="YYYY-MM-DD", help="Default: today")
        parser.add_argument(
            "--months", type=int, help="Month-by-month trends for the last N months instead"
        )
        parser.add_argument(
            "--format", choices=["json", "csv"], default="json", help="Output (default json)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        period = self._period(options)
        codes = [c for value in options["establishment"] or [] for c in value.split(",")]
        try:
            scope = selectors.scope_unscoped(codes)
        except Http404:
            raise CommandError(f"Unknown establishment code in: {', '.join(codes)}") from None
        if options["months"]:
            self._trends(scope, period, options["format"])
            return
        values = selectors.metric_values(scope, period)
        if options["format"] == "json":
            self.stdout.write(json.dumps(values, indent=2))
            return
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(["code", "title", "unit", "value"])
        for metric in METRICS:
            value = values[metric.code]
            writer.writerow(
                [metric.code, metric.title, metric.unit.value, "" if value is None else value]
            )

    def _period(self, options: dict[str, Any]) -> Period:
        try:
            end = parse_date(options["end"]) if options["end"] else clock.today()
            start = parse_date(options["start"]) if options["start"] else default_period(end).start
        except ValueError as error:
            raise CommandError(str(error)) from None
        months = options["months"]
        if months is not None:
            if not 1 <= months <= MAX_MONTHS:
                raise CommandError(f"--months must be from 1 to {MAX_MONTHS}")
            return last_months(end, months)
        if start > end:
            raise CommandError("--to must be the same as or after --from")
        if add_months(start, MAX_MONTHS) < end:
            raise CommandError("The period must be 10 years or less")
        return Period(start, end)

    def _trends(self, scope: selectors.Scope, period: Period, fmt: str) -> None:
        report = selectors.metric_report(scope, period)
        if fmt == "json":
            months = {m.period.start.strftime("%Y-%m"): m.values for m in report.months}
            self.stdout.write(json.dumps(months, indent=2))
            return
        writer = csv_writer(self.stdout, lineterminator="\n")
        writer.writerow(["code", *[m.period.start.strftime("%Y-%m") for m in report.months]])
        for metric in METRICS:
            writer.writerow(
                [
                    metric.code,
                    *[
                        "" if m.values[metric.code] is None else m.values[metric.code]
                        for m in report.months
                    ],
                ]
            )
