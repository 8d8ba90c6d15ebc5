"""`saferelease demo [--no-serve] [--port N]`: load synthetic demo data, print sign-ins, serve."""

from __future__ import annotations

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.demo.services import demo_load
from saferelease.demo.users import DEMO_PASSWORD


class Command(BaseCommand):
    help = "Load the synthetic demo world (every person fictional) and serve the app."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="Load the data, then stop")
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))

    def handle(self, *args: Any, **options: Any) -> None:
        set_origin(AuditOrigin(channel="cli"))
        call_command("migrate", interactive=False, verbosity=0)
        users = demo_load()
        self.stdout.write("Demo data loaded. Every person in it is fictional.\n")
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for user in users:
            where = ", ".join(user.establishments) or "all establishments"
            self.stdout.write(f"  {user.username:<20} {user.role:<17} {where}")
        if not options["no_serve"]:
            address = f"127.0.0.1:{options['port']}"
            self.stdout.write(f"\nServing on http://{address}/ (Ctrl+C to stop)")
            call_command("runserver", address, use_reloader=False)
