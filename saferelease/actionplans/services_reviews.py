"""Writes for Independent Reviews of Progress: a review and its judgements, entered by an
inspector or imported from the review's report. Keyword-only, validated, atomic, audited."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans.models import (
    OUTCOMES_BY_KIND,
    Inspection,
    Judgement,
    JudgementKind,
    Recommendation,
    ReviewOfProgress,
)
from saferelease.actionplans.parsing import ParseError
from saferelease.actionplans.parsing.review import ParsedReview, parse_review_of_progress
from saferelease.actionplans.selectors_cycle import CURRENT_OR_UNANSWERED_OF
from saferelease.actionplans.services import _require_visible, _save, _user
from saferelease.actionplans.similarity import Listed, plan_report_pairs
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.core import clock
from saferelease.core.uploads import limits_for


@dataclass(frozen=True)
class Finding:
    """The review's judgement of one recommendation, in the inspectors' words."""

    recommendation: Recommendation
    outcome: str
    words: str = ""


def _require_inspector(actor: Actor) -> None:
    require(actor, Capability.RECORD_JUDGEMENTS)


def _check_finding(review: ReviewOfProgress, finding: Finding) -> None:
    if finding.recommendation.inspection_id != review.inspection_id:
        raise ValidationError(
            {"recommendation": ["A review follows up the recommendations of its inspection"]}
        )
    if finding.outcome not in OUTCOMES_BY_KIND[JudgementKind.REVIEW_OF_PROGRESS]:
        raise ValidationError(
            {
                "outcome": [
                    "A review of progress judges no meaningful, insufficient, reasonable or "
                    "good progress"
                ]
            }
        )


def _finding_save(actor: Actor, review: ReviewOfProgress, finding: Finding) -> Judgement:
    _check_finding(review, finding)
    if review.judgements.filter(recommendation=finding.recommendation).exists():
        raise ValidationError(
            {"recommendation": [f"This review already judges {finding.recommendation.ref}"]}
        )
    judgement = Judgement(
        recommendation=finding.recommendation,
        kind=JudgementKind.REVIEW_OF_PROGRESS,
        outcome=finding.outcome,
        date=review.judged_on,
        notes=finding.words.strip(),
        inspector=_user(actor),
        review=review,
        created_at=clock.now(),
    )
    _save(actor, judgement)
    return judgement


@transaction.atomic
def review_create(
    *,
    actor: Actor,
    inspection: Inspection,
    start_date: dt.date,
    end_date: dt.date | None = None,
    published: dt.date | None = None,
    inspectors: str,
    summary: str = "",
    findings: Sequence[Finding] = (),
    as_of: dt.date,
    source_filename: str = "",
    source_sha256: str = "",
) -> ReviewOfProgress:
    """Record a review of progress of an inspection, with the judgements it made. A review
    cannot end after `as_of`; nothing is saved if any judgement is refused."""
    _require_inspector(actor)
    _require_visible(actor, inspection.establishment)
    if (end_date or start_date) > as_of:
        raise ValidationError({"start_date": ["The review must have taken place by today"]})
    if ReviewOfProgress.objects.filter(inspection=inspection, start_date=start_date).exists():
        raise ValidationError(
            {"start_date": ["A review of this inspection starting that day is already held"]}
        )
    review = ReviewOfProgress(
        inspection=inspection,
        start_date=start_date,
        end_date=end_date,
        published=published,
        inspectors=inspectors.strip(),
        summary=summary.strip(),
        source_filename=source_filename[:255],
        source_sha256=source_sha256,
        created_by=_user(actor),
        created_at=clock.now(),
    )
    _save(actor, review)
    seen: set[int] = set()
    for finding in findings:
        if finding.recommendation.pk in seen:
            raise ValidationError(
                {"recommendation": [f"{finding.recommendation.ref} is judged twice"]}
            )
        seen.add(finding.recommendation.pk)
        _finding_save(actor, review, finding)
    return review


@transaction.atomic
def review_finding_record(
    *, actor: Actor, review: ReviewOfProgress, finding: Finding, as_of: dt.date
) -> Judgement:
    """Add a review's judgement of one more recommendation."""
    _require_inspector(actor)
    _require_visible(actor, review.inspection.establishment)
    if review.judged_on > as_of:
        raise ValidationError({"__all__": ["The review has not taken place yet"]})
    try:
        with transaction.atomic():
            return _finding_save(actor, review, finding)
    except IntegrityError:
        raise ValidationError(
            {"recommendation": [f"This review already judges {finding.recommendation.ref}"]}
        ) from None


# --- import ------------------------------------------------------------------------------


def _matched_findings(inspection: Inspection, parsed: ParsedReview) -> list[Finding]:
    """Each followed-up recommendation of the review's report, found among the inspection's
    recommendations by reference, then by similar text; one not found is refused."""
    candidates = {
        r.pk: r
        for r in Recommendation.objects.filter(CURRENT_OR_UNANSWERED_OF, inspection=inspection)
    }
    pairs = plan_report_pairs(
        [
            Listed(index, item.ref, tuple(item.paragraph_refs), item.text)
            for index, item in enumerate(parsed.items)
        ],
        [
            Listed(
                r.pk, r.report_ref or r.ref, tuple(r.paragraph_refs or ()), r.report_text or r.text
            )
            for r in candidates.values()
        ],
    )
    by_item = {pair.plan_key: candidates[pair.report_key] for pair in pairs}
    missing = [item for index, item in enumerate(parsed.items) if index not in by_item]
    if missing:
        named = ", ".join(
            f"'{item.ref or item.text[:60]}' (line {item.source_line})" for item in missing
        )
        raise ValidationError(
            {
                "file": [
                    f"The review follows up recommendations that are not held for the "
                    f"inspection from {inspection.start_date:%d %B %Y}: {named}. Import the "
                    "inspection report or the action plan first"
                ]
            }
        )
    return [
        Finding(by_item[index], item.outcome, item.words) for index, item in enumerate(parsed.items)
    ]


@transaction.atomic
def review_import(
    *,
    actor: Actor,
    data: bytes,
    filename: str,
    inspection: Inspection,
    as_of: dt.date,
) -> ReviewOfProgress:
    """Import a review of progress from its report (text, .docx or PDF) for the inspection it
    follows up (the caller has scoped it): all or nothing."""
    _require_inspector(actor)
    limits = limits_for("inspection_report")
    if len(data) > limits.max_bytes:
        raise ValidationError({"file": [limits.too_large().message]})
    try:
        parsed = parse_review_of_progress(data, filename, limits=limits)
    except ParseError as error:
        raise ValidationError({"file": [f"{filename}: {error}"]}) from None
    if parsed.start is None:
        raise ValidationError({"file": [f"{filename}: the review's dates were not found"]})
    review = review_create(
        actor=actor,
        inspection=inspection,
        start_date=parsed.start,
        end_date=parsed.end,
        published=parsed.published,
        inspectors="\n".join(parsed.inspectors) or "Not named in the report",
        summary=parsed.summary,
        findings=_matched_findings(inspection, parsed),
        as_of=as_of,
        source_filename=filename,
        source_sha256=hashlib.sha256(data).hexdigest(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="actionplans.reviewofprogress",
        object_id=review.pk,
        object_repr=str(review),
        establishment_code=inspection.establishment.code,
        changes={"file": [None, filename], "judgements": [None, len(parsed.items)]},
        summary=f"Review of progress imported with {len(parsed.items)} judgements",
    )
    return review
