"""Every write to inspections, plans and recommendations: keyword-only, validated,
atomic and audited. The actor is a person or a named system actor (the command line, the
demo loader): docs/adr/0015-typed-actors-and-capabilities.md."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db import models, transaction
from django.http import Http404

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, CapabilityRefused, require
from saferelease.accounts.models import User
from saferelease.actionplans import rules, selectors
from saferelease.actionplans.evidence import (
    MAX_EVIDENCE_FILES,
    evidence_content_type,
    evidence_problem,
)
from saferelease.actionplans.importing import ImportOptions, PreparedImport, import_prepare
from saferelease.actionplans.models import (
    ActionPlan,
    EvidenceFile,
    Inspection,
    InspectionReport,
    Judgement,
    LinkKind,
    OwnerLine,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
    RecommendationMetric,
    ReviewOfProgress,
    TargetDateChange,
    UrgentNotification,
)
from saferelease.actionplans.similarity import (
    Candidate,
    Listed,
    Pair,
    plan_report_pairs,
    repeat_matches,
)
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_model_change, audit_record, snapshot
from saferelease.core import clock
from saferelease.core.concurrency import Versioned, bump_version, lock_for_edit
from saferelease.core.dates import format_date
from saferelease.core.uploads import limits_for
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishments_visible_to

# --- guards and audit --------------------------------------------------------------------


def _require_manager(actor: Actor) -> None:
    require(actor, Capability.MANAGE_ACTION_PLANS)


def _require_visible(actor: Actor, establishment: Establishment) -> None:
    """Http404 unless the actor sees the establishment (a system actor sees every one)."""
    if not establishments_visible_to(actor).filter(pk=establishment.pk).exists():
        raise Http404("No such establishment")


def _establishment_of(instance: models.Model) -> Establishment:
    if isinstance(instance, Inspection):
        return instance.establishment
    if isinstance(instance, ActionPlan | InspectionReport | ReviewOfProgress | UrgentNotification):
        return instance.inspection.establishment
    if isinstance(instance, Recommendation):
        return instance.inspection.establishment
    if isinstance(instance, EvidenceFile):
        return _establishment_of(instance.progress_update)
    return _establishment_of(instance.recommendation)  # type: ignore[attr-defined]


def _audit(
    actor: Actor,
    instance: models.Model,
    action: AuditAction,
    *,
    before: Mapping[str, Any] | None = None,
    summary: str = "",
) -> None:
    """Audit a create, update or delete with its establishment (the shared audit helper
    writes nothing for an update that changed nothing)."""
    audit_model_change(
        actor=actor,
        instance=instance,
        action=action,
        before=before,
        establishment_code=_establishment_of(instance).code,
        summary=summary,
    )


def _save(
    actor: Actor, instance: models.Model, *, summary: str = "", trusted: Sequence[str] = ()
) -> None:
    """full_clean, save and audit a new record. `trusted`: foreign keys to a parent saved
    in this transaction, and uniqueness already checked (a plan's refs), so a large import
    does not re-query them for every row."""
    if trusted:
        instance.full_clean(exclude=list(trusted), validate_constraints=False)
    else:
        instance.full_clean()
    instance.save()
    _audit(actor, instance, AuditAction.CREATE, summary=summary)


def _update(
    actor: Actor, instance: models.Model, before: Mapping[str, Any], summary: str = ""
) -> None:
    """full_clean, save and audit a change; an edited record's version goes up by one
    when anything changed (``core.concurrency``)."""
    instance.full_clean()
    if isinstance(instance, Versioned):
        bump_version(instance, before)
    instance.save()
    _audit(actor, instance, AuditAction.UPDATE, before=before, summary=summary)


def _user(actor: Actor) -> User | None:
    """The person who acted, for the records that name one (none for a system actor)."""
    return actor if isinstance(actor, User) else None


def _not_in_future(value: dt.date, as_of: dt.date, field_name: str, what: str) -> None:
    if value > as_of:
        raise ValidationError(
            {field_name: [f"The date of the {what} must be today or in the past"]}
        )


# --- import ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    plan: ActionPlan
    outcome: str  # "created", "updated" or "unchanged"
    prepared: PreparedImport

    @property
    def message(self) -> str:
        establishment = self.prepared.establishment.name
        if self.outcome == "created":
            return (
                f"Imported {len(self.prepared.parsed.items)} items for {establishment} "
                f"(inspection from {format_date(self.prepared.start_date)})"
            )
        if self.outcome == "unchanged":
            same = "the same file" if self.prepared.same_file else "the same content"
            return f"No changes: {establishment}'s plan already holds {same}"
        return f"Updated {establishment}'s plan: {self.prepared.outcome_text()}"


def _recommendation_fields(item: Mapping[str, Any], position: int) -> dict[str, Any]:
    return {
        "ref": item["ref"],
        "kind": item["kind"],
        "addressee": item.get("addressee") or "",
        "area": item.get("area") or "",
        "text": item["text"],
        "paragraph_refs": list(item.get("paragraph_refs") or []),
        "repeats": list(item.get("repeats") or []),
        "decision": item["decision"],
        "decision_as_written": item.get("decision_as_written") or "",
        "response": item.get("response") or "",
        "position": position,
        "source_line": item.get("source_line"),
    }


def _iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _owner_line_create(
    actor: Actor, recommendation: Recommendation, owner: Mapping[str, Any], position: int
) -> OwnerLine:
    line = OwnerLine(
        recommendation=recommendation,
        position=position,
        function=owner.get("function") or "",
        target_date=_iso(owner.get("target_date")),
        target_as_written=owner.get("target_as_written") or "",
    )
    _save(actor, line, trusted=["recommendation"])
    return line


def _decide_by_anchor(plan: ActionPlan) -> dt.date:
    inspection = plan.inspection
    return (
        plan.submitted
        or inspection.report_published
        or inspection.end_date
        or inspection.start_date
    )


def _recommendation_create(
    actor: Actor,
    plan: ActionPlan,
    item: Mapping[str, Any],
    position: int,
    report_match: tuple[Recommendation, Pair] | None = None,
) -> Recommendation:
    """A plan's item: a new record, or the report's recommendation it answers (which keeps
    the report's words in ``report_text``)."""
    if report_match is None:
        recommendation = Recommendation(
            inspection=plan.inspection, action_plan=plan, **_recommendation_fields(item, position)
        )
        recommendation.decide_by = rules.default_decide_by(
            decision=recommendation.decision, anchor=_decide_by_anchor(plan)
        )
        _save(actor, recommendation, trusted=["action_plan", "inspection"])
    else:
        recommendation, pair = report_match
        before = snapshot(recommendation)
        for name, value in _recommendation_fields(item, position).items():
            setattr(recommendation, name, value)
        recommendation.action_plan = plan
        recommendation.in_current_plan = True
        recommendation.plan_match, recommendation.plan_match_score = pair.how, pair.score
        recommendation.decide_by = recommendation.decide_by or rules.default_decide_by(
            decision=recommendation.decision, anchor=_decide_by_anchor(plan)
        )
        _update(actor, recommendation, before, summary="Answered by the action plan")
    for index, owner in enumerate(item.get("owners") or []):
        _owner_line_create(actor, recommendation, owner, index)
    return recommendation


def _listed(recommendation: Recommendation) -> Listed:
    return Listed(
        key=recommendation.pk,
        ref=recommendation.report_ref or recommendation.ref,
        paragraph_refs=tuple(recommendation.paragraph_refs or ()),
        text=recommendation.report_text or recommendation.text,
    )


def _report_matches(
    inspection: Inspection, items: Sequence[Mapping[str, Any]]
) -> dict[str, tuple[Recommendation, Pair]]:
    """{plan item ref: the report's recommendation it answers, and how they were paired},
    among the report's recommendations no plan answers yet."""
    waiting = {
        r.pk: r
        for r in Recommendation.objects.filter(
            inspection=inspection, in_report=True, action_plan__isnull=True
        )
    }
    if not waiting:
        return {}
    listed = [
        Listed(index, item["ref"], tuple(item.get("paragraph_refs") or ()), item["text"])
        for index, item in enumerate(items)
    ]
    pairs = plan_report_pairs(listed, [_listed(r) for r in waiting.values()])
    return {items[pair.plan_key]["ref"]: (waiting[pair.report_key], pair) for pair in pairs}


def _function_key(function: str | None) -> str:
    return " ".join((function or "").lower().split())


def _owner_lines_sync(
    actor: Actor,
    recommendation: Recommendation,
    old_owners: Sequence[Mapping[str, Any]],
    new_owners: Sequence[Mapping[str, Any]],
    filename: str,
    now: dt.datetime,
) -> None:
    """Bring owner lines in line with a revised plan, matching by function. A target the
    revised document leaves as it was keeps any change made in Safe Release since; a target
    the document changes is applied and logged."""
    unmatched = list(recommendation.owner_lines.all())
    old_by_function: dict[str, list[Mapping[str, Any]]] = {}
    for owner in old_owners:
        old_by_function.setdefault(_function_key(owner.get("function")), []).append(owner)
    for position, owner in enumerate(new_owners):
        key = _function_key(owner.get("function"))
        line = next((ln for ln in unmatched if _function_key(ln.function) == key), None)
        if line is None:
            _owner_line_create(actor, recommendation, owner, position)
            continue
        unmatched.remove(line)
        before = snapshot(line)
        line.position = position
        earlier_owners = old_by_function.get(key) or []
        previous = earlier_owners.pop(0) if earlier_owners else None
        target = (_iso(owner.get("target_date")), owner.get("target_as_written") or "")
        previous_target = (
            (_iso(previous.get("target_date")), previous.get("target_as_written") or "")
            if previous
            else None
        )
        if target != previous_target:
            if target[0] is not None and target[0] != line.target_date:
                _save(
                    actor,
                    TargetDateChange(
                        recommendation=recommendation,
                        owner_line=line,
                        function=line.function,
                        old_date=line.target_date,
                        old_as_written=line.target_as_written,
                        new_date=target[0],
                        reason=f"Revised action plan imported ({filename})",
                        changed_by=_user(actor),
                        changed_at=now,
                    ),
                )
            line.target_date, line.target_as_written = target
        _update(actor, line, before)
    for line in unmatched:
        before = snapshot(line)
        line_pk = line.pk
        line.delete()
        line.pk = line_pk
        _audit(actor, line, AuditAction.DELETE, before=before, summary="Removed by a revised plan")


def _revision_apply(
    actor: Actor, plan: ActionPlan, prepared: PreparedImport, now: dt.datetime
) -> None:
    old_items = {item["ref"]: item for item in plan.document.get("items", [])}
    existing = {r.ref: r for r in plan.recommendations.all()}
    added = [item for item in prepared.document["items"] if item["ref"] not in existing]
    from_report = _report_matches(plan.inspection, added)
    new_refs = set()
    for position, item in enumerate(prepared.document["items"]):
        ref = item["ref"]
        new_refs.add(ref)
        recommendation = existing.get(ref)
        if recommendation is None:
            _recommendation_create(actor, plan, item, position, from_report.get(ref))
            continue
        before = snapshot(recommendation)
        for name, value in _recommendation_fields(item, position).items():
            setattr(recommendation, name, value)
        recommendation.in_current_plan = True
        if recommendation.decide_by is None:
            recommendation.decide_by = rules.default_decide_by(
                decision=recommendation.decision, anchor=_decide_by_anchor(plan)
            )
        _update(actor, recommendation, before, summary="Revised action plan imported")
        old_owners = old_items.get(ref, {}).get("owners") if ref in old_items else None
        changed = prepared.diff.changed_ref(ref) if prepared.diff else None
        if old_owners is None or (changed and "owners" in changed.field_names):
            _owner_lines_sync(
                actor,
                recommendation,
                old_owners or [],
                item.get("owners") or [],
                prepared.filename,
                now,
            )
    for ref, recommendation in existing.items():
        if ref not in new_refs and recommendation.in_current_plan:
            before = snapshot(recommendation)
            recommendation.in_current_plan = False
            _update(actor, recommendation, before, summary="Not in the revised action plan")


def _inspection_save(actor: Actor, prepared: PreparedImport) -> Inspection:
    inspection = prepared.inspection
    if inspection is None:
        inspection = Inspection(
            establishment=prepared.establishment,
            kind=prepared.kind,
            start_date=prepared.start_date,
            end_date=prepared.end_date,
            report_published=prepared.report_published,
        )
        _save(actor, inspection)
        return inspection
    before = snapshot(inspection)
    for change in prepared.inspection_changes:
        setattr(inspection, change.name, getattr(prepared, change.name))
    _update(actor, inspection, before)
    return inspection


@transaction.atomic
def action_plan_import(
    *, actor: Actor, data: bytes, filename: str, options: ImportOptions | None = None
) -> ImportResult:
    """Import an action plan: all or nothing, and idempotent.

    A new inspection's plan is created with its recommendations and owner lines. A plan
    already held for the same inspection (same establishment and start date) is revised:
    recommendations are matched by ref and updated; those the revision drops are kept, with
    their progress and judgements, but marked as no longer in the plan. A file whose content
    matches what is held changes nothing. Repeats are linked afterwards.
    """
    prepared = import_prepare(actor=actor, data=data, filename=filename, options=options)
    if prepared.no_changes:
        assert prepared.plan is not None
        return ImportResult(prepared.plan, "unchanged", prepared)
    now = clock.now()
    inspection = _inspection_save(actor, prepared)
    parsed = prepared.parsed
    plan = prepared.plan
    before = snapshot(plan) if plan is not None else None
    if plan is None:
        plan = ActionPlan(inspection=inspection)
    else:
        plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
        plan.revision += 1
    plan.submitted = parsed.action_plan_submitted
    plan.position_as_at = parsed.position_as_at or ""
    plan.format = parsed.format
    plan.source_file.save(prepared.filename, ContentFile(data), save=False)
    plan.source_filename = prepared.filename[:255]
    plan.source_sha256 = prepared.sha256
    plan.establishment_as_written = parsed.establishment or ""
    plan.stated_summary = prepared.document["stated_summary"]
    plan.reconciliation = prepared.document["reconciliation"]
    plan.imported_at = now
    plan.imported_by = _user(actor)
    if before is None:
        plan.document = prepared.document
        _save(actor, plan)
        from_report = _report_matches(inspection, prepared.document["items"])
        for position, item in enumerate(prepared.document["items"]):
            _recommendation_create(actor, plan, item, position, from_report.get(item["ref"]))
        outcome = "created"
    else:
        _revision_apply(actor, plan, prepared, now)
        plan.document = prepared.document
        _update(actor, plan, before, summary=f"Revised: {prepared.outcome_text()}")
        outcome = "updated"
    recommendation_links_refresh(actor=actor, establishment=inspection.establishment)
    result = ImportResult(plan, outcome, prepared)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="actionplans.actionplan",
        object_id=plan.pk,
        object_repr=str(plan),
        establishment_code=inspection.establishment.code,
        changes={"file": [None, prepared.filename], "outcome": [None, outcome]},
        summary=result.message,
    )
    return result


# --- repeats -----------------------------------------------------------------------------


@transaction.atomic
def recommendation_links_refresh(*, actor: Actor, establishment: Establishment) -> tuple[int, int]:
    """Link every recommendation at the establishment to the earlier ones it repeats:
    explicitly ("repeated recommendation 3.32") and by similar text. Only the difference
    from the links held is written; returns (created or changed, removed)."""
    recommendations = selectors.link_candidates(establishment)
    candidates = [
        Candidate(
            key=r.pk,
            inspection_key=r.inspection_id,
            inspection_start=r.inspection.start_date,
            ref=r.ref,
            paragraph_refs=tuple(r.paragraph_refs or ()),
            text=r.text,
        )
        for r in recommendations
    ]
    wanted: dict[tuple[int, int], tuple[str, str, float]] = {}
    for recommendation, me in zip(recommendations, candidates, strict=True):
        earlier = [c for c in candidates if c.inspection_start < me.inspection_start]
        for match in repeat_matches(
            text=me.text, repeats=recommendation.repeats or [], earlier=earlier
        ):
            kind = str(LinkKind.EXPLICIT if match.explicit else LinkKind.SIMILAR)
            wanted[(me.key, match.key)] = (kind, match.ref_as_written, match.score)
    held = {
        (link.recommendation_id, link.earlier_id): link
        for link in RecommendationLink.objects.filter(
            recommendation__inspection__establishment=establishment
        ).select_related("recommendation__inspection__establishment")
    }
    written = removed = 0
    for pair, (link_kind, ref_as_written, score) in wanted.items():
        link = held.get(pair)
        if link is None:
            link = RecommendationLink(
                recommendation_id=pair[0],
                earlier_id=pair[1],
                kind=link_kind,
                ref_as_written=ref_as_written,
                score=score,
            )
            _save(actor, link)
            written += 1
        elif (link.kind, link.ref_as_written, link.score) != (link_kind, ref_as_written, score):
            before = snapshot(link)
            link.kind, link.ref_as_written, link.score = link_kind, ref_as_written, score
            _update(actor, link, before)
            written += 1
    for pair, link in held.items():
        if pair not in wanted:
            before = snapshot(link)
            link_pk = link.pk
            link.delete()
            link.pk = link_pk
            _audit(actor, link, AuditAction.DELETE, before=before)
            removed += 1
    return written, removed


# --- tracking ----------------------------------------------------------------------------


def _require_current(recommendation: Recommendation) -> None:
    if not recommendation.in_current_plan:
        raise ValidationError(
            {"__all__": ["This recommendation is no longer in the current action plan"]}
        )


@transaction.atomic
def progress_update_create(
    *,
    actor: Actor,
    recommendation: Recommendation,
    date: dt.date,
    status: str,
    narrative: str,
    evidence: Sequence[File[Any]] = (),
    as_of: dt.date,
) -> ProgressUpdate:
    """Record the prison's own account of progress, with evidence files (PDF, Word, Excel,
    PNG, JPG or text; each within the limits of an evidence file; at most 10)."""
    _require_manager(actor)
    _require_visible(actor, recommendation.inspection.establishment)
    _require_current(recommendation)
    _not_in_future(date, as_of, "date", "update")
    if not narrative.strip():
        raise ValidationError({"narrative": ["Enter what has been done"]})
    if len(evidence) > MAX_EVIDENCE_FILES:
        raise ValidationError({"evidence": [f"Attach at most {MAX_EVIDENCE_FILES} files"]})
    contents: list[tuple[str, bytes]] = []
    limits = limits_for("evidence")
    for upload in evidence:
        name = upload.name or "evidence"
        size = upload.size or 0
        data = upload.read(limits.max_bytes + 1) if size <= limits.max_bytes else b""
        problem = evidence_problem(name, max(size, len(data)), data, limits)
        if problem:
            raise ValidationError({"evidence": [problem]})
        contents.append((name, data))
    update = ProgressUpdate(
        recommendation=recommendation,
        date=date,
        status=status,
        narrative=narrative.strip(),
        author=_user(actor),
        created_at=clock.now(),
    )
    _save(actor, update)
    for name, data in contents:
        evidence_file = EvidenceFile(
            progress_update=update,
            original_name=name[:255],
            content_type=evidence_content_type(name),
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        evidence_file.file.save(name, ContentFile(data), save=False)
        _save(actor, evidence_file)
    return update


@transaction.atomic
def target_date_change(
    *,
    actor: Actor,
    owner_line: OwnerLine,
    new_date: dt.date,
    reason: str,
    expected_version: int | None = None,
) -> TargetDateChange:
    """Move an owner line's target. A change without a reason is refused.

    The line is locked for the transaction and its old target read from the locked row, so
    concurrent changes queue and the history's old dates form an unbroken chain.
    ``expected_version``: the line's version the editor started from (``StaleVersion``
    when it changed meanwhile; nothing saved).
    """
    _require_manager(actor)
    recommendation = owner_line.recommendation
    _require_visible(actor, recommendation.inspection.establishment)
    _require_current(recommendation)
    if not reason.strip():
        raise ValidationError({"reason": ["Enter the reason for changing the target date"]})
    owner_line = lock_for_edit(owner_line, expected_version=expected_version)
    if new_date == owner_line.target_date:
        raise ValidationError({"new_date": ["Enter a date different from the current target"]})
    change = TargetDateChange(
        recommendation=recommendation,
        owner_line=owner_line,
        function=owner_line.function,
        old_date=owner_line.target_date,
        old_as_written=owner_line.target_as_written,
        new_date=new_date,
        reason=reason.strip(),
        changed_by=_user(actor),
        changed_at=clock.now(),
    )
    _save(actor, change)
    before = snapshot(owner_line)
    owner_line.target_date = new_date
    owner_line.target_as_written = format_date(new_date)
    _update(actor, owner_line, before, summary=f"Target changed: {change.reason}"[:300])
    return change


@transaction.atomic
def judgement_record(
    *,
    actor: User,
    recommendation: Recommendation,
    kind: str,
    outcome: str,
    date: dt.date,
    notes: str = "",
    as_of: dt.date,
) -> Judgement:
    """An inspector's independent judgement; nobody else may record one, and no system
    actor (the demo records its fictional judgements as its fictional inspector)."""
    if not isinstance(actor, User):  # only a person judges, never a system actor
        raise CapabilityRefused(Capability.RECORD_JUDGEMENTS)
    require(actor, Capability.RECORD_JUDGEMENTS)
    _require_visible(actor, recommendation.inspection.establishment)
    _not_in_future(date, as_of, "date", "judgement")
    judgement = Judgement(
        recommendation=recommendation,
        kind=kind,
        outcome=outcome,
        date=date,
        notes=notes.strip(),
        inspector=_user(actor),
        created_at=clock.now(),
    )
    _save(actor, judgement)
    return judgement


@transaction.atomic
def recommendation_decide_by_update(
    *,
    actor: Actor,
    recommendation: Recommendation,
    decide_by: dt.date,
    resolved_on: dt.date | None = None,
    resolution: str = "",
    as_of: dt.date,
    expected_version: int | None = None,
) -> Recommendation:
    """Set when the open part of a partial / subject-to-resources decision must be decided,
    or record that it has been (``expected_version``: as for ``target_date_change``)."""
    _require_manager(actor)
    _require_visible(actor, recommendation.inspection.establishment)
    if recommendation.decision not in rules.OPEN_DECISIONS:
        raise ValidationError(
            {"decide_by": ["Only a partially accepted or subject-to-resources decision has one"]}
        )
    if resolved_on is not None:
        _not_in_future(resolved_on, as_of, "resolved_on", "decision")
    recommendation = lock_for_edit(recommendation, expected_version=expected_version)
    before = snapshot(recommendation)
    recommendation.decide_by = decide_by
    recommendation.open_part_resolved_on = resolved_on
    recommendation.open_part_resolution = resolution.strip()
    _update(actor, recommendation, before)
    return recommendation


@transaction.atomic
def recommendation_metric_add(
    *, actor: Actor, recommendation: Recommendation, metric_code: str, note: str = ""
) -> RecommendationMetric:
    """Link a public-protection metric (by code) that should show the change."""
    _require_manager(actor)
    _require_visible(actor, recommendation.inspection.establishment)
    code = metric_code.strip().lower()
    if recommendation.metrics.filter(metric_code=code).exists():
        raise ValidationError({"metric_code": ["This metric is already linked"]})
    link = RecommendationMetric(
        recommendation=recommendation, metric_code=code, note=note.strip(), added_by=_user(actor)
    )
    _save(actor, link)
    return link


@transaction.atomic
def recommendation_metric_remove(*, actor: Actor, link: RecommendationMetric) -> None:
    _require_manager(actor)
    _require_visible(actor, link.recommendation.inspection.establishment)
    before = snapshot(link)
    link_pk = link.pk
    link.delete()
    link.pk = link_pk
    _audit(actor, link, AuditAction.DELETE, before=before)


@transaction.atomic
def inspection_create(
    *,
    actor: Actor,
    establishment: Establishment,
    kind: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    as_of: dt.date,
) -> Inspection:
    """Record an inspection before any of its documents arrives (for example to record an
    urgent notification after it); managers and inspectors."""
    require(actor, Capability.RECORD_INSPECTIONS)
    _require_visible(actor, establishment)
    _not_in_future(start_date, as_of, "start_date", "inspection")
    if selectors.inspection_find(establishment, start_date) is not None:
        raise ValidationError({"start_date": ["An inspection starting that day is already held"]})
    inspection = Inspection(
        establishment=establishment, kind=kind, start_date=start_date, end_date=end_date
    )
    _save(actor, inspection)
    return inspection


@transaction.atomic
def inspection_update(
    *, actor: Actor, inspection: Inspection, expected_version: int | None = None, **values: Any
) -> Inspection:
    """Correct an inspection's kind, end and publication dates, and record its healthy
    prison test grades (managers and inspectors). ``expected_version``: as for
    ``target_date_change``."""
    require(actor, Capability.RECORD_INSPECTIONS)
    _require_visible(actor, inspection.establishment)
    allowed = {"kind", "end_date", "report_published", *Inspection.GRADE_FIELDS}
    unknown = set(values) - allowed
    if unknown:
        raise ValidationError({"__all__": [f"Cannot change {', '.join(sorted(unknown))}"]})
    inspection = lock_for_edit(inspection, expected_version=expected_version)
    before = snapshot(inspection)
    for name, value in values.items():
        setattr(inspection, name, value)
    _update(actor, inspection, before)
    return inspection


def action_plan_export_record(*, actor: Actor, plan: ActionPlan, export_format: str) -> None:
    """Audit that a plan was exported (CSV, XLSX or PDF)."""
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="actionplans.actionplan",
        object_id=plan.pk,
        object_repr=str(plan),
        establishment_code=plan.inspection.establishment.code,
        summary=f"Exported as {export_format.upper()}",
    )


def evidence_download_record(*, actor: Actor, evidence: EvidenceFile) -> None:
    """Audit that an evidence file was downloaded (the caller has scoped it)."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="actionplans.evidencefile",
        object_id=evidence.pk,
        object_repr=evidence.original_name,
        establishment_code=_establishment_of(evidence).code,
        summary=f"Downloaded evidence {evidence.original_name}",
    )
