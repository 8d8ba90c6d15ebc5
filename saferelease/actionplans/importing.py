"""Prepare an action-plan import without writing anything: parse, find the establishment and
the inspection, and work out what a revised plan would change.

The preview page, the API's dry run, `saferelease actionplan import --dry-run` and the
import service itself all start here, so what is previewed is what is saved.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans import selectors
from saferelease.actionplans.models import ActionPlan, Inspection, InspectionKind
from saferelease.actionplans.parsing import ParsedActionPlan, ParseError, parse_action_plan
from saferelease.actionplans.revisions import FieldChange, PlanDiff, plan_diff
from saferelease.core.dates import format_date
from saferelease.core.uploads import limits_for
from saferelease.establishments.models import Establishment


@dataclass(frozen=True)
class ImportOptions:
    """What the person importing says; each given value wins over the document's."""

    establishment_code: str = ""
    inspection_kind: str = ""
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    report_published: dt.date | None = None
    strict: bool = False


#: How each field named in a parse warning is called on screen.
WARNING_LABELS = {
    "establishment": "Establishment",
    "inspection_kind": "Inspection kind",
    "inspection_start": "Inspection dates",
    "inspection_end": "Inspection dates",
    "report_published": "Report published",
    "action_plan_submitted": "Plan submitted",
    "table": "Table",
}

#: Which option fills in which field the document leaves out.
_OPTION_OF_FIELD = {
    "establishment": "establishment_code",
    "inspection_kind": "inspection_kind",
    "inspection_start": "inspection_start",
    "inspection_end": "inspection_end",
    "report_published": "report_published",
}


def warning_lines(warnings: list[str]) -> list[tuple[str, str]]:
    """Parse warnings ("field: why") as (label, why) for people, the start and end of the
    inspection dates said once when they share the reason."""
    lines: list[tuple[str, str]] = []
    for warning in warnings:
        field_name, _, why = warning.partition(": ")
        line = (WARNING_LABELS.get(field_name, field_name), why)
        if line not in lines:
            lines.append(line)
    return lines


def unresolved_warnings(warnings: list[str], options: ImportOptions) -> list[str]:
    """The warnings about fields the person importing has not filled in with an option."""
    kept = []
    for warning in warnings:
        option = _OPTION_OF_FIELD.get(warning.partition(": ")[0])
        if option is None or not getattr(options, option):
            kept.append(warning)
    return kept


@dataclass
class PreparedImport:
    parsed: ParsedActionPlan
    document: dict[str, Any]
    filename: str
    sha256: str
    establishment: Establishment
    establishment_from_document: bool
    kind: str
    start_date: dt.date
    end_date: dt.date | None
    report_published: dt.date | None
    inspection: Inspection | None
    plan: ActionPlan | None
    diff: PlanDiff | None
    inspection_changes: list[FieldChange] = field(default_factory=list)

    @property
    def warning_lines(self) -> list[tuple[str, str]]:
        return warning_lines(self.parsed.warnings)

    @property
    def kind_label(self) -> str:
        return str(dict(InspectionKind.choices).get(self.kind, self.kind))

    @property
    def is_new(self) -> bool:
        return self.plan is None

    @property
    def same_file(self) -> bool:
        return self.plan is not None and self.plan.source_sha256 == self.sha256

    @property
    def no_changes(self) -> bool:
        return (
            self.plan is not None
            and self.diff is not None
            and self.diff.no_changes
            and not self.inspection_changes
        )

    def outcome_text(self) -> str:
        if self.is_new:
            return f"new plan with {len(self.parsed.items)} items"
        if self.no_changes:
            return "no changes"
        assert self.diff is not None
        changes = self.diff.summary() if not self.diff.no_changes else "no item changes"
        if self.inspection_changes:
            changes += f", {len(self.inspection_changes)} inspection detail(s) changed"
        return changes


def _refuse(field_name: str, message: str) -> ValidationError:
    return ValidationError({field_name: [message]})


def _date_text(value: dt.date | None) -> str:
    return format_date(value) if value else "none"


def _inspection_changes(inspection: Inspection, prepared: PreparedImport) -> list[FieldChange]:
    """What saving would change on an inspection already held. Nothing said (no option,
    nothing in the file, or a kind not stated) keeps what is stored."""
    changes = []
    if prepared.kind not in ("", InspectionKind.NOT_STATED, inspection.kind):
        kinds = dict(InspectionKind.choices)
        changes.append(
            FieldChange(
                "kind",
                "Inspection kind",
                str(kinds.get(inspection.kind, inspection.kind)),
                str(kinds.get(prepared.kind, prepared.kind)),
            )
        )
    dates = [
        ("end_date", "Inspection end", inspection.end_date, prepared.end_date),
        (
            "report_published",
            "Report published",
            inspection.report_published,
            prepared.report_published,
        ),
    ]
    for name, label, old, new in dates:
        if new is not None and new != old:
            changes.append(FieldChange(name, label, _date_text(old), _date_text(new)))
    return changes


def _refuse_repeated_refs(parsed: ParsedActionPlan) -> None:
    """A plan holds each ref once: recommendations are tracked, and revised, by ref."""
    unit = "line" if parsed.format.startswith("hmip-") else "row"
    first_seen: dict[str, int] = {}
    for item in parsed.items:
        if item.ref in first_seen:
            raise _refuse(
                "file",
                f"{unit} {item.source_line}: item {item.ref} appears again (first at {unit} "
                f"{first_seen[item.ref]}); each recommendation number must be used once",
            )
        first_seen[item.ref] = item.source_line


def import_prepare(
    *, actor: Actor, data: bytes, filename: str, options: ImportOptions | None = None
) -> PreparedImport:
    """Parse and resolve an import. Raises ValidationError (keyed by the input at fault:
    "file", "establishment", "inspection_start"), CapabilityRefused or Http404 (an
    establishment out of the actor's scope; a system actor sees every one)."""
    options = options or ImportOptions()
    require(actor, Capability.MANAGE_ACTION_PLANS)
    limits = limits_for("action_plan")
    if len(data) > limits.max_bytes:
        raise _refuse("file", limits.too_large().message)
    try:
        parsed = parse_action_plan(data, filename, limits=limits)
    except ParseError as error:
        raise _refuse("file", f"{filename}: {error}") from None

    _refuse_repeated_refs(parsed)
    if options.strict and (unclear := unresolved_warnings(parsed.warnings, options)):
        raise _refuse(
            "file",
            f"{filename}: refused because --strict is set and the document is not clear: "
            + "; ".join(unclear),
        )
    if options.establishment_code:
        establishment = selectors.establishment_for_import(actor, options.establishment_code)
        from_document = False
    else:
        matched = selectors.establishment_match(actor, parsed.establishment)
        if matched is None:
            named = f"'{parsed.establishment}'" if parsed.establishment else "no establishment"
            raise _refuse(
                "establishment",
                f"The document names {named}, which matches no establishment you can see: "
                "choose the establishment",
            )
        establishment, from_document = matched, True

    start = options.inspection_start or parsed.inspection_start
    if start is None:
        raise _refuse(
            "inspection_start",
            "The document gives no inspection dates: enter the date the inspection started",
        )
    end = options.inspection_end or parsed.inspection_end
    if end is not None and end < start:
        raise _refuse("inspection_end", "The inspection end must be on or after its start")
    kind = options.inspection_kind or parsed.inspection_kind or InspectionKind.NOT_STATED
    document = parsed.to_dict()
    inspection = selectors.inspection_find(establishment, start)
    plan = ActionPlan.objects.filter(inspection=inspection).first() if inspection else None
    prepared = PreparedImport(
        parsed=parsed,
        document=document,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        establishment=establishment,
        establishment_from_document=from_document,
        kind=kind,
        start_date=start,
        end_date=end,
        report_published=options.report_published or parsed.report_published,
        inspection=inspection,
        plan=plan,
        diff=plan_diff(plan.document, document) if plan is not None else None,
    )
    if inspection is not None:
        prepared.inspection_changes = _inspection_changes(inspection, prepared)
    return prepared
