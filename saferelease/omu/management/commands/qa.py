"""`saferelease qa sample --establishment LTI --month 2026-11 [--as-of DATE]`.

Draws the month's quality assurance sample of OASys assessments (docs/omu.md): once per
establishment and month, with a recorded seed; drawn again, the same sample is shown. Runs
as the system actor ``COMMAND_LINE``, audited with the channel "cli".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.audit.context import AuditOrigin, reset_origin, set_origin
from saferelease.audit.services import audit_read
from saferelease.core import clock
from saferelease.core.dates import parse_date
from saferelease.establishments.models import Establishment
from saferelease.omu import services
from saferelease.omu.rules import previous_month


def _month(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(f"{text.strip()}-01")
    except ValueError:
        raise CommandError(f"--month {text!r} is not a month like 2026-11") from None


class Command(BaseCommand):
    help = "Quality assurance of OASys assessments: draw a month's sample (docs/omu.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sample = sub.add_parser(
            "sample", help="Draw (or show) the sample of a month's OASys assessments"
        )
        sample.add_argument(
            "--establishment", required=True, metavar="CODE", help="Establishment code, e.g. LTI"
        )
        sample.add_argument(
            "--month",
            default="",
            metavar="YYYY-MM",
            help="The month whose assessments are sampled (default: last month)",
        )
        sample.add_argument(
            "--as-of",
            default="",
            metavar="DATE",
            help="The day of the draw (default: today); reviews are due at its month's end",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            today = parse_date(options["as_of"]) if options["as_of"] else clock.today()
        except ValueError as error:
            raise CommandError(f"--as-of: {error}") from None
        month = _month(options["month"]) if options["month"] else None
        code = options["establishment"].strip().upper()
        establishment = Establishment.objects.filter(code=code).first()
        if establishment is None:
            raise CommandError(f"No establishment with the code {code}")
        if month is None:
            month = previous_month(today)
        token = set_origin(AuditOrigin(channel="cli"))
        try:
            sample, created = services.qa_sample_draw(
                actor=COMMAND_LINE, establishment=establishment, month=month, today=today
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        finally:
            reset_origin(token)
        write = self.stdout.write
        drawn = (
            "Drew" if created else "Already drawn on " + sample.drawn_at.date().isoformat() + ":"
        )
        write(
            f"{drawn} {establishment.code} {sample.month:%Y-%m}: {sample.size} of "
            f"{sample.population} OASys assessments ({sample.percent}%, at least 5 when there "
            f"are 5 or more), seed {sample.seed}, due {sample.due_on.isoformat()}"
        )
        reviews = list(
            sample.reviews.select_related("prisoner", "author", "reviewer").order_by(
                "prisoner__prison_number"
            )
        )
        token = set_origin(AuditOrigin(channel="cli"))
        try:
            audit_read(
                actor=COMMAND_LINE,
                object_type="omu.qareview",
                establishment_code=establishment.code,
                query={"establishment": code, "month": f"{sample.month:%Y-%m}"},
                prison_numbers=[review.prisoner.prison_number for review in reviews],
                summary="Printed a QA sample",
                export=True,
            )
        finally:
            reset_origin(token)
        for review in reviews:
            author = review.author.username if review.author else "(no POM)"
            reviewer = review.reviewer.username if review.reviewer else "(none available)"
            completed = review.assessment_completed_on.isoformat()
            write(
                f"{review.prisoner.prison_number}  OASys {completed}"
                f"  author {author}  reviewer {reviewer}"
            )
