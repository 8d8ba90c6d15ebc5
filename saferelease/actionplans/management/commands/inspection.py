"""`saferelease inspection report|review parse|import`: inspection reports and reviews of
progress on the command line (docs/inspection-cycle.md).

`parse FILE` reads a document without touching the database and prints JSON. `report import`
saves a report through the same service as the web upload and the API; `review import` a
review of progress of an inspection named by establishment and start date. Bad input exits
non-zero with the reason on stderr.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import selectors
from saferelease.actionplans.parsing import ParseError
from saferelease.actionplans.parsing.report import parse_inspection_report
from saferelease.actionplans.parsing.review import parse_review_of_progress
from saferelease.actionplans.services_reports import ReportOptions, inspection_report_import
from saferelease.actionplans.services_reviews import review_import
from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.core import clock
from saferelease.core.dates import parse_date
from saferelease.core.uploads import UploadRefused, limits_for, read_path


def _date(text: str | None) -> Any:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


def _read(path: str) -> bytes:
    """The file, read only when it is within an inspection report's size limit."""
    try:
        return read_path(Path(path), limits_for("inspection_report"))
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except UploadRefused as error:
        raise CommandError(f"{path}: {error.message}") from None


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(" ".join(messages) for messages in error.message_dict.values())
    return "; ".join(error.messages)


def _review_json(parsed: Any) -> dict[str, Any]:
    body = dataclasses.asdict(parsed)
    for name in ("start", "end", "published"):
        body[name] = body[name].isoformat() if body[name] else None
    return body


class Command(BaseCommand):
    help = "Parse or import an inspection report or a review of progress."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        documents = parser.add_subparsers(dest="document", required=True)
        report = documents.add_parser("report", help="An HMIP inspection report")
        report_actions = report.add_subparsers(dest="action", required=True)
        report_actions.add_parser("parse", help="Print the parsed report").add_argument(
            "file", help="The report: .txt, .docx or .pdf"
        )
        load = report_actions.add_parser("import", help="Import (or re-import) a report")
        load.add_argument("file", help="The report: .txt, .docx or .pdf")
        load.add_argument(
            "--establishment",
            metavar="CODE",
            default="",
            help="Establishment code (for example LTI), when the report does not name it",
        )
        load.add_argument(
            "--inspection-start", metavar="DATE", help="First day of the inspection (YYYY-MM-DD)"
        )
        load.add_argument(
            "--inspection-end", metavar="DATE", help="Last day of the inspection (YYYY-MM-DD)"
        )
        load.add_argument(
            "--report-published", metavar="DATE", help="Date the report was published"
        )
        review = documents.add_parser("review", help="An independent review of progress")
        review_actions = review.add_subparsers(dest="action", required=True)
        review_actions.add_parser("parse", help="Print the parsed review").add_argument(
            "file", help="The review: .txt, .docx or .pdf"
        )
        record = review_actions.add_parser("import", help="Import a review of progress")
        record.add_argument("file", help="The review: .txt, .docx or .pdf")
        record.add_argument(
            "--establishment", metavar="CODE", required=True, help="Establishment code, e.g. LTI"
        )
        record.add_argument(
            "--inspection-start", metavar="DATE", required=True, help="The inspection reviewed"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path = options["file"]
        data = _read(path)
        name = Path(path).name
        try:
            if options["action"] == "parse":
                if options["document"] == "report":
                    body = parse_inspection_report(
                        data, name, limits=limits_for("inspection_report")
                    ).to_dict()
                else:
                    body = _review_json(
                        parse_review_of_progress(data, name, limits=limits_for("inspection_report"))
                    )
                self.stdout.write(json.dumps(body, indent=2, ensure_ascii=False))
                return
            set_origin(AuditOrigin(channel="cli"))
            if options["document"] == "report":
                result = inspection_report_import(
                    actor=COMMAND_LINE,
                    data=data,
                    filename=name,
                    options=ReportOptions(
                        establishment_code=options["establishment"],
                        inspection_start=_date(options["inspection_start"]),
                        inspection_end=_date(options["inspection_end"]),
                        report_published=_date(options["report_published"]),
                    ),
                )
                self.stdout.write(result.message)
                return
            establishment = selectors.establishment_for_import(
                COMMAND_LINE, options["establishment"]
            )
            inspection = selectors.inspection_find(
                establishment, _date(options["inspection_start"])
            )
            if inspection is None:
                raise CommandError(
                    f"No inspection of {establishment.name} starting "
                    f"{options['inspection_start']} is held"
                )
            review = review_import(
                actor=COMMAND_LINE,
                data=data,
                filename=name,
                inspection=inspection,
                as_of=clock.today(),
            )
            self.stdout.write(
                f"Imported the review of progress from {review.start_date.isoformat()} with "
                f"{review.judgements.count()} judgements"
            )
        except ParseError as error:
            raise CommandError(f"{path}: {error}") from None
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        except (Http404, PermissionDenied) as error:
            raise CommandError(str(error)) from None
