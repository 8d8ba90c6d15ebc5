"""Importing an inspection report: the inspection, its healthy prison test grades and its
recommendations, each one record with the action plan's answer to it (docs/inspection-cycle.md).

All or nothing and audited, like the plan import. The actor is a person or a named system actor
(the command line, the demo loader).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans import selectors
from saferelease.actionplans.models import (
    Inspection,
    InspectionKind,
    InspectionReport,
    Recommendation,
)
from saferelease.actionplans.parsing import ParseError
from saferelease.actionplans.parsing.report import TESTS, ParsedReport, parse_inspection_report
from saferelease.actionplans.services import (
    _save,
    _update,
    _user,
    recommendation_links_refresh,
)
from saferelease.actionplans.similarity import Listed, plan_report_pairs
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record, snapshot
from saferelease.core import clock
from saferelease.core.dates import format_date
from saferelease.core.uploads import limits_for
from saferelease.establishments.models import Establishment

#: The Inspection field holding each healthy prison test's grade.
GRADE_FIELDS = {test: f"grade_{test}" for test in TESTS}


@dataclass(frozen=True)
class ReportOptions:
    """What the person importing says; each given value wins over the report's."""

    establishment_code: str = ""
    inspection_start: dt.date | None = None
    inspection_end: dt.date | None = None
    report_published: dt.date | None = None


@dataclass
class ReportImportResult:
    inspection: Inspection
    report: InspectionReport
    outcome: str  # "created", "updated" or "unchanged"
    parsed: ParsedReport
    answered: list[str] = field(default_factory=list)  # report refs a plan answers
    unanswered: list[str] = field(default_factory=list)  # report refs no plan answers
    reworded: list[str] = field(default_factory=list)

    @property
    def recommendations(self) -> int:
        return len(self.parsed.items)

    @property
    def message(self) -> str:
        where = (
            f"{self.inspection.establishment.name}, inspection from "
            f"{format_date(self.inspection.start_date)}"
        )
        if self.outcome == "unchanged":
            return f"No changes: the same report is already held for {where}"
        verb = "Imported" if self.outcome == "created" else "Updated"
        text = f"{verb} the report for {where}: {len(self.parsed.items)} recommendations"
        if self.inspection.action_plan_or_none is not None:
            text += (
                f"; the action plan answers {len(self.answered)}, "
                f"leaves {len(self.unanswered)} unanswered and rewords {len(self.reworded)}"
            )
        return text


def _refuse(name: str, message: str) -> ValidationError:
    return ValidationError({name: [message]})


def _parse(data: bytes, filename: str) -> ParsedReport:
    limits = limits_for("inspection_report")
    if len(data) > limits.max_bytes:
        raise _refuse("file", limits.too_large().message)
    try:
        return parse_inspection_report(data, filename, limits=limits)
    except ParseError as error:
        raise _refuse("file", f"{filename}: {error}") from None


def _report_fields(item: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "in_report": True,
        "report_ref": item["ref"],
        "report_text": item["text"],
        "concern": item.get("concern") or "",
        "priority": bool(item.get("priority")),
    }


@transaction.atomic
def inspection_report_import(
    *, actor: Actor, data: bytes, filename: str, options: ReportOptions | None = None
) -> ReportImportResult:
    """Import (or re-import) an inspection report.

    The inspection (establishment and start date) is created or completed with its kind,
    dates and grades. Each recommendation of the report becomes one record: one the action
    plan already answers (matched by reference, then by similar text) gains the report's
    reference and words; any other is held as unanswered until a plan answers it. The same
    file again changes nothing.
    """
    options = options or ReportOptions()
    require(actor, Capability.RECORD_INSPECTIONS)
    parsed = _parse(data, filename)
    if options.establishment_code:
        establishment = selectors.establishment_for_import(actor, options.establishment_code)
    else:
        matched = selectors.establishment_match(actor, parsed.establishment)
        if matched is None:
            named = f"'{parsed.establishment}'" if parsed.establishment else "no establishment"
            raise _refuse(
                "establishment",
                f"The report names {named}, which matches no establishment you can see: "
                "choose the establishment",
            )
        establishment = matched
    start = options.inspection_start or parsed.inspection_start
    if start is None:
        raise _refuse(
            "inspection_start",
            "The report gives no inspection dates: enter the date the inspection started",
        )
    sha256 = hashlib.sha256(data).hexdigest()
    inspection = selectors.inspection_find(establishment, start)
    held = InspectionReport.objects.filter(inspection=inspection).first() if inspection else None
    if held is not None and held.source_sha256 == sha256:
        return ReportImportResult(held.inspection, held, "unchanged", parsed)
    inspection = _inspection_save(actor, inspection, establishment, start, parsed, options)
    report = _report_save(actor, held, inspection, parsed, data, filename, sha256)
    result = ReportImportResult(
        inspection, report, "created" if held is None else "updated", parsed
    )
    _recommendations_save(actor, inspection, parsed, result)
    recommendation_links_refresh(actor=actor, establishment=establishment)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="actionplans.inspectionreport",
        object_id=report.pk,
        object_repr=str(report),
        establishment_code=establishment.code,
        changes={"file": [None, filename], "outcome": [None, result.outcome]},
        summary=result.message,
    )
    return result


def _inspection_save(
    actor: Actor,
    inspection: Inspection | None,
    establishment: Establishment,
    start: dt.date,
    parsed: ParsedReport,
    options: ReportOptions,
) -> Inspection:
    values: dict[str, Any] = {
        "end_date": options.inspection_end or parsed.inspection_end,
        "report_published": options.report_published or parsed.report_published,
        "kind": parsed.inspection_kind,
        **{GRADE_FIELDS[test]: grade for test, grade in parsed.grades.items()},
    }
    given = {name: value for name, value in values.items() if value is not None}
    if inspection is None:
        inspection = Inspection(
            establishment=establishment,
            start_date=start,
            **{"kind": InspectionKind.NOT_STATED, **given},
        )
        _save(actor, inspection)
        return inspection
    before = snapshot(inspection)
    for name, value in given.items():
        setattr(inspection, name, value)
    _update(actor, inspection, before, summary="Inspection report imported")
    return inspection


def _report_save(
    actor: Actor,
    held: InspectionReport | None,
    inspection: Inspection,
    parsed: ParsedReport,
    data: bytes,
    filename: str,
    sha256: str,
) -> InspectionReport:
    report = held or InspectionReport(inspection=inspection)
    before = snapshot(report) if held is not None else None
    report.format = parsed.format
    report.source_file.save(filename, ContentFile(data), save=False)
    report.source_filename = filename[:255]
    report.source_sha256 = sha256
    report.establishment_as_written = parsed.establishment or ""
    report.document = parsed.to_dict()
    report.imported_at = clock.now()
    report.imported_by = _user(actor)
    if before is None:
        _save(actor, report)
    else:
        _update(actor, report, before, summary="Report re-imported")
    return report


def _recommendations_save(
    actor: Actor, inspection: Inspection, parsed: ParsedReport, result: ReportImportResult
) -> None:
    items = [item.to_dict() for item in parsed.items]
    held = list(Recommendation.objects.filter(inspection=inspection))
    by_report_ref = {r.report_ref: r for r in held if r.report_ref}
    plan_only = [r for r in held if not r.in_report and r.action_plan_id is not None]
    fresh = [item for item in items if item["ref"] not in by_report_ref]
    pairs = plan_report_pairs(
        [Listed(r.pk, r.ref, tuple(r.paragraph_refs or ()), r.text) for r in plan_only],
        [
            Listed(index, item["ref"], tuple(item["paragraph_refs"]), item["text"])
            for index, item in enumerate(fresh)
        ],
    )
    answered_by = {fresh[pair.report_key]["ref"]: pair for pair in pairs}
    plan_by_pk = {r.pk: r for r in plan_only}
    next_position = max((r.position for r in held), default=-1) + 1
    listed_refs = set()
    for position, item in enumerate(items):
        ref = item["ref"]
        listed_refs.add(ref)
        recommendation = by_report_ref.get(ref)
        if recommendation is None and ref in answered_by:
            pair = answered_by[ref]
            recommendation = plan_by_pk[pair.plan_key]
            before = snapshot(recommendation)
            for name, value in _report_fields(item).items():
                setattr(recommendation, name, value)
            recommendation.plan_match, recommendation.plan_match_score = pair.how, pair.score
            _update(actor, recommendation, before, summary="Found in the inspection report")
        elif recommendation is None:
            recommendation = Recommendation(
                inspection=inspection,
                action_plan=None,
                ref=ref,
                kind=item["kind"],
                addressee=item.get("addressee") or "",
                area=item.get("area") or "",
                text=item["text"],
                paragraph_refs=list(item["paragraph_refs"]),
                repeats=list(item["repeats"]),
                position=next_position + position,
                source_line=item.get("source_line"),
                in_current_plan=False,
                **_report_fields(item),
            )
            _save(actor, recommendation, trusted=["inspection"])
        else:
            before = snapshot(recommendation)
            for name, value in _report_fields(item).items():
                setattr(recommendation, name, value)
            if recommendation.action_plan_id is None:
                recommendation.text = item["text"]
                recommendation.kind = item["kind"]
            _update(actor, recommendation, before, summary="Inspection report re-imported")
        if recommendation.action_plan_id is None:
            result.unanswered.append(ref)
        else:
            result.answered.append(ref)
            if recommendation.reworded:
                result.reworded.append(ref)
    for recommendation in held:
        if recommendation.in_report and recommendation.report_ref not in listed_refs:
            before = snapshot(recommendation)
            recommendation.in_report = False
            _update(actor, recommendation, before, summary="Not in the re-imported report")
