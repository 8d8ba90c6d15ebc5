"""`saferelease demo [--no-serve] [--port N]`: load synthetic demo data, print sign-ins, serve."""

from __future__ import annotations

import datetime as dt
import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from saferelease.accounts.roles import Role
from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.core import clock
from saferelease.demo.services import demo_load
from saferelease.demo.users import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the synthetic demo world (every person fictional) and serve the app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the data, then stop")
        parser.add_argument(
            "--port",
            default=os.environ.get("PORT", "8000"),
            help="Serve on 127.0.0.1 at this port (default: $PORT, else 8000)",
        )
        parser.add_argument(
            "--as-of",
            type=dt.date.fromisoformat,
            default=None,
            help="Build the world as at this date (YYYY-MM-DD; default today)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        set_origin(AuditOrigin(channel="cli"))
        call_command("migrate", interactive=False, verbosity=0)
        as_of = options["as_of"] or clock.today()
        users = demo_load(as_of=as_of)
        self.stdout.write(
            f"Demo data loaded as at {as_of.isoformat()}. Every person in it is fictional.\n"
        )
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for user in users:
            where = ", ".join(user.establishments) or "all establishments"
            self.stdout.write(f"  {user.username:<20} {Role(user.role).label:<17} {where}")
        if not options["no_serve"]:
            address = f"127.0.0.1:{options['port']}"
            self.stdout.write(f"\nServing on http://{address}/ (Ctrl+C to stop)")
            call_command("runserver", address, use_reloader=False)
