"""`saferelease regions list | set NAME CODE...`: the managed list of regions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.establishments.models import Region
from saferelease.establishments.services import region_save


class Command(BaseCommand):
    help = "List regions, or set a region's establishments (managers compare regions by name)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="List each region and its establishments")
        save = sub.add_parser("set", help="Create a region or replace its establishments")
        save.add_argument("name", help='The region name, for example "East of England"')
        save.add_argument("codes", nargs="+", help="Establishment codes, for example LTI PBI")

    def handle(self, *args: Any, **options: Any) -> None:
        set_origin(AuditOrigin(channel="cli"))
        if options["action"] == "list":
            for region in Region.objects.prefetch_related("establishments"):
                codes = " ".join(sorted(e.code for e in region.establishments.all()))
                self.stdout.write(f"{region.name}: {codes or '(none)'}")
            return
        try:
            region = region_save(actor=COMMAND_LINE, name=options["name"], codes=options["codes"])
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(f"{region.name}: {region.establishments.count()} establishments")
