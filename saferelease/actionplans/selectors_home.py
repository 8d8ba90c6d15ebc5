"""Reads for the home pages: inspection delivery for a governor, and what inspectors
should look at (docs/actionplans.md, "Home pages").

A plan is *current* when no later inspection at the same establishment has a plan of its
own; a superseded plan stays on record (and one click away) but is left out of current
figures, so that a 2015 plan's long-passed targets do not swell this year's "overdue".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from saferelease.accounts.actors import Viewer
from saferelease.actionplans import rules, selectors
from saferelease.actionplans.models import (
    ActionPlan,
    Inspection,
    JudgementOutcome,
    Recommendation,
    ReviewOfProgress,
)
from saferelease.establishments.models import Establishment

#: Items named in a list before "and N more".
LIST_LIMIT = 10


#: The one definition of current and superseded plans (SP1) lives in selectors.
later_plan_exists = selectors.later_plan_exists
superseded_recommendations = selectors.superseded_recommendations


def current_plan(user: Viewer, establishment: Establishment) -> ActionPlan | None:
    """The plan answering the establishment's latest inspection that has one (SP1)."""
    return (
        selectors.action_plan_list(user, establishment=establishment, current=True)
        .order_by("-inspection__start_date", "-revision")
        .first()
    )


def current_recommendations(user: Viewer, establishment: Establishment) -> QuerySet[Recommendation]:
    return selectors.recommendation_list(user, establishment=establishment).exclude(
        superseded_recommendations()
    )


@dataclass(frozen=True)
class Named:
    """A recommendation named on the home page, with why it is there."""

    recommendation: Recommendation
    why: str
    tag: str = ""


@dataclass
class Delivery:
    establishment: Establishment
    plan: ActionPlan | None
    counts: selectors.TrackingCounts
    open: int
    overdue: list[Named] = field(default_factory=list)
    stale: list[Named] = field(default_factory=list)
    no_change: list[Named] = field(default_factory=list)
    superseded_plans: int = 0


def _no_change(row: selectors.RecommendationTracking) -> tuple[str, str] | None:
    """(tag, why) when a recommendation claimed complete is not borne out, else None."""
    if row.status != rules.COMPLETE:
        return None
    if row.judgement_outcome in rules.UNVERIFIED_OUTCOMES:
        outcome = JudgementOutcome(row.judgement_outcome).label.lower()
        return "Complete, not verified", f"marked complete; inspectors judged: {outcome}"
    if row.nothing_changed is not None:
        return (
            selectors.NOTHING_CHANGED_LABEL,
            f"marked complete, but {row.nothing_changed.metric.title.lower()} has not improved",
        )
    return None


def delivery(user: Viewer, establishment: Establishment, *, as_of: dt.date) -> Delivery:
    """The current plan's delivery: open, overdue and stale recommendations, claimed
    versus verified, and those marked complete whose change is not borne out."""
    rows = selectors.tracking_rows(current_recommendations(user, establishment), as_of=as_of)
    counts = selectors.tracking_counts(rows)
    result = Delivery(
        establishment=establishment,
        plan=current_plan(user, establishment),
        counts=counts,
        open=sum(1 for row in rows if row.status != rules.COMPLETE),
        superseded_plans=selectors.action_plan_list(
            user, establishment=establishment, current=False
        ).count(),
    )
    for row in sorted(rows, key=lambda r: r.earliest_target or dt.date.max):
        target = row.earliest_target
        if row.overdue and target is not None:
            days = (as_of - target).days
            result.overdue.append(
                Named(row.recommendation, f"target {format_date(target)}, {days} days overdue")
            )
        if row.stale:
            result.stale.append(
                Named(
                    row.recommendation,
                    f"no update since {format_date(row.last_activity_on)}",
                )
            )
        found = _no_change(row)
        if found:
            result.no_change.append(Named(row.recommendation, found[1], found[0]))
    return result


def format_date(value: dt.date) -> str:
    from saferelease.core.dates import format_date as en_gb

    return en_gb(value)


@dataclass(frozen=True)
class ReviewDue:
    """An Independent Review of Progress due 8 to 12 months after the report."""

    inspection: Inspection
    due_from: dt.date
    due_by: dt.date
    overdue: bool


def reviews_due(user: Viewer, *, as_of: dt.date) -> list[ReviewDue]:
    """Each establishment's latest full inspection whose report was published 8 months or
    more ago and that no review of progress has followed yet, most overdue first."""
    from saferelease.core.calendar import add_months

    latest: dict[int, Any] = {}
    for inspection in (
        selectors.inspection_list(user)
        .exclude(kind="independent_review_of_progress")
        .filter(report_published__isnull=False)
        .select_related("establishment")
        .annotate(reviewed=Exists(ReviewOfProgress.objects.filter(inspection=OuterRef("pk"))))
        .order_by("establishment_id", "-start_date")
    ):
        latest.setdefault(inspection.establishment_id, inspection)
    due = []
    for inspection in latest.values():
        assert inspection.report_published is not None
        due_from = add_months(inspection.report_published, 8)
        due_by = add_months(inspection.report_published, 12)
        if getattr(inspection, "reviewed", False) or as_of < due_from:
            continue
        due.append(ReviewDue(inspection, due_from, due_by, as_of > due_by))
    return sorted(due, key=lambda d: (d.due_by, d.inspection.establishment.name))


@dataclass(frozen=True)
class Awaiting:
    recommendation: Recommendation
    claimed_on: dt.date | None


def awaiting_judgement(user: Viewer, *, as_of: dt.date) -> list[Awaiting]:
    """Recommendations of current plans claimed complete that no inspector has judged since
    the claim, oldest claim first."""
    rows = selectors.tracking_rows(
        selectors.recommendation_list(user).exclude(superseded_recommendations()), as_of=as_of
    )
    waiting = [
        Awaiting(row.recommendation, row.latest_update_on)
        for row in rows
        if row.status == rules.COMPLETE
        and (
            row.judgement_on is None
            or (row.latest_update_on is not None and row.judgement_on < row.latest_update_on)
        )
    ]
    return sorted(waiting, key=lambda a: a.claimed_on or dt.date.min)


@dataclass(frozen=True)
class Gap:
    establishment: Establishment
    cvv: rules.ClaimedVersusVerified


def claimed_verified_gaps(user: Viewer, *, as_of: dt.date) -> list[Gap]:
    """Establishments whose current plans claim more complete than inspectors verified,
    widest gap first."""
    rows = selectors.tracking_rows(
        selectors.recommendation_list(user).exclude(superseded_recommendations()), as_of=as_of
    )
    by_establishment: dict[int, list[selectors.RecommendationTracking]] = {}
    for row in rows:
        by_establishment.setdefault(row.recommendation.inspection.establishment_id, []).append(row)
    gaps = []
    for group in by_establishment.values():
        counts = selectors.tracking_counts(group)
        if counts.cvv.gap is not None and counts.cvv.gap > 0:
            gaps.append(Gap(group[0].recommendation.inspection.establishment, counts.cvv))
    return sorted(gaps, key=lambda g: -(g.cvv.gap or 0))


def claimed_verified_by_establishment(
    user: Viewer, *, as_of: dt.date
) -> dict[int, rules.ClaimedVersusVerified]:
    """Claimed versus verified over current plans, per establishment id (for the league
    table)."""
    rows = selectors.tracking_rows(
        selectors.recommendation_list(user).exclude(superseded_recommendations()), as_of=as_of
    )
    grouped: dict[int, list[selectors.RecommendationTracking]] = {}
    for row in rows:
        grouped.setdefault(row.recommendation.inspection.establishment_id, []).append(row)
    return {pk: selectors.tracking_counts(group).cvv for pk, group in grouped.items()}
