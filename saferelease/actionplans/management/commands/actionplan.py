"""`saferelease actionplan parse|import`: the stable command-line contract for action plans.

`parse FILE --format json` reads a plan without touching the database and prints one JSON
object (docs/actionplan-import.md); its warnings also go to stderr, and with `--strict` a
document with warnings exits with status 3. `import FILE [--establishment CODE] ...` saves
it through the same service as the web upload and the API. Bad input exits non-zero with the
reason on stderr.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import services
from saferelease.actionplans.importing import ImportOptions, import_prepare
from saferelease.actionplans.models import InspectionKind
from saferelease.actionplans.parsing import ParseError, parse_action_plan
from saferelease.audit.context import AuditOrigin, set_origin
from saferelease.core.dates import parse_date
from saferelease.core.errors import DATABASE_ERRORS, DATABASE_UNAVAILABLE
from saferelease.core.uploads import UploadRefused, limits_for, read_path


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(" ".join(messages) for messages in error.message_dict.values())
    return "; ".join(error.messages)


def _date(text: str) -> Any:
    try:
        return parse_date(text)
    except ValueError as error:
        raise CommandError(str(error)) from None


def _read(path: str) -> bytes:
    """The file, read only when it is within an action plan's size limit."""
    try:
        return read_path(Path(path), limits_for("action_plan"))
    except OSError as error:
        raise CommandError(f"cannot read {path}: {error.strerror}") from None
    except UploadRefused as error:
        raise CommandError(f"{path}: {error.message}") from None


class Command(BaseCommand):
    help = "Parse or import an HMIP action plan (text, .docx, .xlsx, .csv or .pdf)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        parse = sub.add_parser("parse", help="Print the parsed plan; touches no database")
        parse.add_argument("file", help="The plan: .txt, .docx, .xlsx, .csv or .pdf")
        parse.add_argument(
            "--format", choices=["json"], default="json", help="Output format (default json)"
        )
        parse.add_argument(
            "--strict",
            action="store_true",
            help="Exit non-zero when the document has warnings (fields absent or unreadable)",
        )
        load = sub.add_parser("import", help="Import (or revise) a plan; idempotent")
        load.add_argument("file", help="The plan: .txt, .docx, .xlsx, .csv or .pdf")
        load.add_argument(
            "--establishment",
            metavar="CODE",
            default="",
            help="Establishment code (wins over the name in the document, e.g. LTI)",
        )
        load.add_argument(
            "--inspection-kind",
            choices=[k.value for k in InspectionKind],
            help="The kind of inspection the plan answers, when the document does not say",
        )
        load.add_argument("--inspection-start", metavar="DATE", help="YYYY-MM-DD or DD/MM/YYYY")
        load.add_argument(
            "--inspection-end", metavar="DATE", help="Last day of the inspection (YYYY-MM-DD)"
        )
        load.add_argument(
            "--report-published", metavar="DATE", help="Date the report was published"
        )
        load.add_argument(
            "--dry-run", action="store_true", help="Show what would change; save nothing"
        )
        load.add_argument(
            "--strict",
            action="store_true",
            help="Refuse a document with warnings about fields not given as options",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "parse":
            self._parse(options["file"], strict=options["strict"])
        else:
            self._import(options)

    def _parse(self, path: str, *, strict: bool) -> None:
        try:
            plan = parse_action_plan(_read(path), Path(path).name, limits=limits_for("action_plan"))
        except ParseError as error:
            raise CommandError(f"{path}: {error}") from None
        self.stdout.write(json.dumps(plan.to_dict(), indent=2, ensure_ascii=False))
        for warning in plan.warnings:
            self.stderr.write(f"Warning: {warning}")
        if strict and plan.warnings:
            raise CommandError(
                f"{path}: {len(plan.warnings)} warning(s) and --strict is set", returncode=3
            )

    def _import(self, options: dict[str, Any]) -> None:
        set_origin(AuditOrigin(channel="cli"))
        path = options["file"]
        import_options = ImportOptions(
            establishment_code=options["establishment"] or "",
            inspection_kind=options["inspection_kind"] or "",
            inspection_start=_date(options["inspection_start"])
            if options["inspection_start"]
            else None,
            inspection_end=_date(options["inspection_end"]) if options["inspection_end"] else None,
            report_published=_date(options["report_published"])
            if options["report_published"]
            else None,
            strict=options["strict"],
        )
        data = _read(path)
        try:
            if options["dry_run"]:
                prepared = import_prepare(
                    actor=COMMAND_LINE, data=data, filename=Path(path).name, options=import_options
                )
                self.stdout.write(f"Dry run: {prepared.outcome_text()}; nothing saved")
                for label, why in prepared.warning_lines:
                    self.stdout.write(f"  warning: {label}: {why}")
                for line in _diff_lines(prepared):
                    self.stdout.write(line)
                return
            result = services.action_plan_import(
                actor=COMMAND_LINE, data=data, filename=Path(path).name, options=import_options
            )
        except ValidationError as error:
            raise CommandError(_messages(error)) from None
        except Http404:
            raise CommandError(f"No establishment with code {options['establishment']}") from None
        except DATABASE_ERRORS:
            raise CommandError(f"{path}: {DATABASE_UNAVAILABLE}") from None
        self.stdout.write(result.message)
        for label, why in result.prepared.warning_lines:
            self.stdout.write(f"Warning: {label}: {why}")
        if result.outcome == "unchanged":
            return
        for difference in result.plan.differences:
            self.stdout.write(f"Reconciliation: {difference}")


def _diff_lines(prepared: Any) -> list[str]:
    lines = [f"  inspection: {c.label}: {c.old} → {c.new}" for c in prepared.inspection_changes]
    diff = prepared.diff
    if diff is None:
        return lines
    lines += [f"  added: {ref}" for ref in diff.added]
    lines += [f"  removed: {ref}" for ref in diff.removed]
    for item in diff.changed:
        lines.append(f"  changed {item.ref}: {', '.join(c.label for c in item.changes)}")
    lines += [f"  plan: {c.label}: {c.old} → {c.new}" for c in diff.plan_changes]
    return lines
