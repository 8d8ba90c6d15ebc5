"""`saferelease notify [--as-of DATE]`: email each POM a digest of due-soon and overdue items."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.core import clock
from saferelease.core.dates import parse_date
from saferelease.release_planning.notifications import digests_send


class Command(BaseCommand):
    help = "Email each POM a digest of their due-soon and overdue deadlines (once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Default: today (London)")

    def handle(self, *args: Any, **options: Any) -> None:
        set_origin(AuditOrigin(channel="cli"))
        try:
            as_of = parse_date(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError as error:
            raise CommandError(str(error)) from None
        report = digests_send(as_of=as_of)
        self.stdout.write(
            f"{report.sent} digest(s) sent, {report.already_sent} already sent today, "
            f"{report.nothing_due} POM(s) with nothing due"
        )
