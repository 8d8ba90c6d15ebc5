"""Reads for the inspection cycle: an inspection's report against its plan, reviews of progress,
urgent notifications, lineage and readiness. Always scoped through `establishments_visible_to`
(anything elsewhere is a 404)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import pairwise

from django.db.models import Prefetch, QuerySet

from saferelease.accounts.actors import Viewer
from saferelease.actionplans import rules, selectors
from saferelease.actionplans.models import (
    ActionPlan,
    Inspection,
    InspectionReport,
    Judgement,
    Recommendation,
    RecommendationLink,
    ReviewOfProgress,
    UrgentNotification,
)
from saferelease.actionplans.readiness import Forecast, ReadinessFacts, forecast
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishment_ids_visible_to

#: The recommendations an inspection stands by: those in its current plan, and those of its
#: report that no plan answers (the same rule as `selectors.CURRENT_OR_UNANSWERED`).
CURRENT_OR_UNANSWERED_OF = selectors.CURRENT_OR_UNANSWERED

#: How a recommendation of the report and the plan's answer to it compare.
COMPARISON_LABELS = {
    "same": "Answered in the report's words",
    "reworded": "Answered, reworded by the plan",
    "unanswered": "Not answered by the action plan",
    "plan_only": "In the plan, not in the report",
    "awaiting_plan": "No action plan held yet",
    "report_not_held": "Report not imported",
}


@dataclass(frozen=True)
class Compared:
    recommendation: Recommendation
    state: str

    @property
    def label(self) -> str:
        return COMPARISON_LABELS[self.state]


def compare(recommendation: Recommendation, *, report_held: bool, plan_held: bool) -> str:
    if not report_held:
        return "report_not_held"
    if not recommendation.in_report:
        return "plan_only"
    if recommendation.action_plan_id is None:
        return "unanswered" if plan_held else "awaiting_plan"
    return "reworded" if recommendation.reworded else "same"


def inspection_recommendations(inspection: Inspection) -> list[Compared]:
    """Every recommendation of the inspection (the caller has scoped it), the report's in its
    order, then the plan's own, each with how report and plan compare."""
    recommendations = list(
        Recommendation.objects.filter(inspection=inspection, urgent_notification__isnull=True)
        .select_related("action_plan")
        .order_by("-in_report", "position", "id")
    )
    report_held = report_held_for(inspection)
    plan_held = ActionPlan.objects.filter(inspection=inspection).exists()
    return [
        Compared(r, compare(r, report_held=report_held, plan_held=plan_held))
        for r in recommendations
    ]


def report_held_for(inspection: Inspection) -> bool:
    return InspectionReport.objects.filter(inspection=inspection).exists()


# --- reviews of progress -----------------------------------------------------------------


def review_list(
    user: Viewer, *, inspection: Inspection | None = None
) -> QuerySet[ReviewOfProgress]:
    reviews = ReviewOfProgress.objects.filter(
        inspection__establishment__in=establishment_ids_visible_to(user)
    ).select_related("inspection__establishment", "created_by")
    if inspection is not None:
        reviews = reviews.filter(inspection=inspection)
    return reviews.order_by("-start_date", "-id")


def review_get(user: Viewer, pk: int) -> ReviewOfProgress:
    return selectors._get_or_404(review_list(user), pk, "review of progress")


@dataclass(frozen=True)
class ReviewLine:
    """One recommendation the review followed up: what the prison claims against what the
    inspectors found."""

    recommendation: Recommendation
    judgement: Judgement
    claimed: str  # self-reported status on the day of the review
    contradicted: bool  # claimed complete, judged insufficient or no meaningful progress

    @property
    def claimed_label(self) -> str:
        from saferelease.actionplans.models import STATUS_LABELS

        return STATUS_LABELS[self.claimed]


def review_lines(review: ReviewOfProgress) -> list[ReviewLine]:
    """Item by item: the prison's claim on the review's day against the review's judgement."""
    judgements = (
        review.judgements.select_related("recommendation")
        .prefetch_related("recommendation__owner_lines", "recommendation__progress_updates")
        .order_by("recommendation__position", "recommendation__id")
    )
    lines = []
    for judgement in judgements:
        recommendation = judgement.recommendation
        claimed = claimed_on(recommendation, review.judged_on)
        lines.append(
            ReviewLine(
                recommendation,
                judgement,
                claimed,
                rules.claim_contradicted(claimed=claimed, review_outcome=judgement.outcome),
            )
        )
    return lines


def claimed_on(recommendation: Recommendation, day: dt.date) -> str:
    """The prison's own status on ``day``: its latest progress update by then, else what the
    plan's targets claim (SR1)."""
    updates = [u for u in recommendation.progress_updates.all() if u.date <= day]
    latest = max(updates, key=lambda u: (u.date, u.id), default=None)
    return rules.self_reported_status(
        latest_update_status=latest.status if latest else None,
        targets_as_written=[line.target_as_written for line in recommendation.owner_lines.all()],
    )


def review_summary(lines: list[ReviewLine]) -> rules.ReviewVerification:
    return rules.review_verification([(line.claimed, line.judgement.outcome) for line in lines])


def reviews_for_establishment(
    user: Viewer, establishment: Establishment
) -> list[tuple[ReviewOfProgress, list[ReviewLine]]]:
    """The per-establishment report: every review, its lines item by item."""
    reviews = review_list(user).filter(inspection__establishment=establishment)
    return [(review, review_lines(review)) for review in reviews]


# --- urgent notifications ----------------------------------------------------------------


def urgent_notification_list(
    user: Viewer, *, inspection: Inspection | None = None
) -> QuerySet[UrgentNotification]:
    notifications = UrgentNotification.objects.filter(
        inspection__establishment__in=establishment_ids_visible_to(user)
    ).select_related("inspection__establishment")
    if inspection is not None:
        notifications = notifications.filter(inspection=inspection)
    return notifications.prefetch_related(
        Prefetch("commitments", queryset=Recommendation.objects.order_by("position", "id"))
    ).order_by("-issued_on", "-id")


def urgent_notification_get(user: Viewer, pk: int) -> UrgentNotification:
    return selectors._get_or_404(urgent_notification_list(user), pk, "urgent notification")


@dataclass(frozen=True)
class UrgentRow:
    notification: UrgentNotification
    status: str
    due: dt.date
    days_left: int
    letter_late: bool
    commitments: int
    commitments_overdue: int

    @property
    def status_label(self) -> str:
        return URGENT_STATUS_LABELS[self.status]

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


URGENT_STATUS_LABELS = {
    rules.AWAITING: "Response due",
    rules.RESPONSE_LATE: "Response late",
    rules.RESPONDED: "Responded on time",
    rules.RESPONDED_LATE: "Responded late",
}


def urgent_rows(
    user: Viewer, *, as_of: dt.date, inspection: Inspection | None = None
) -> list[UrgentRow]:
    """Every urgent notification the user may see, with its 28-day clock on `as_of` and
    its commitments' tracking."""
    rows = []
    for notification in urgent_notification_list(user, inspection=inspection):
        commitments = selectors.tracking_rows(
            selectors._annotated(notification.commitments.all()), as_of=as_of
        )
        rows.append(
            UrgentRow(
                notification,
                rules.urgent_response_status(
                    issued_on=notification.issued_on,
                    responded_on=notification.response_published_on,
                    as_of=as_of,
                ),
                rules.urgent_response_due(notification.issued_on),
                rules.urgent_days_left(issued_on=notification.issued_on, as_of=as_of),
                rules.urgent_letter_late(
                    inspection_end=notification.inspection.end_date,
                    issued_on=notification.issued_on,
                ),
                len(commitments),
                sum(row.overdue for row in commitments),
            )
        )
    return rows


# --- lineage across the cycle ------------------------------------------------------------

_JUDGEMENT_WORDS = {
    "achieved": "achieved",
    "partially_achieved": "partially achieved",
    "not_achieved": "not achieved",
    "no_meaningful_progress": "IRP no meaningful progress",
    "insufficient_progress": "IRP insufficient progress",
    "reasonable_progress": "IRP reasonable progress",
    "good_progress": "IRP good progress",
}


@dataclass(frozen=True)
class Concern:
    """A concern at an establishment: the recommendations that raise it, oldest first, and
    the steps of its life."""

    recommendations: list[Recommendation]
    events: list[rules.LineageEvent]

    @property
    def text(self) -> str:
        return rules.lineage_text(self.events)

    @property
    def latest(self) -> Recommendation:
        return self.recommendations[-1]

    @property
    def raised_times(self) -> int:
        return len({r.inspection_id for r in self.recommendations})


def _events(recommendation: Recommendation, first: bool) -> list[rules.LineageEvent]:
    inspection = recommendation.inspection
    events = [rules.LineageEvent(inspection.start_date, "raised" if first else "raised again")]
    plan = recommendation.action_plan
    if plan is not None:
        plan_day = plan.submitted or plan.imported_at.date()
        if recommendation.decision == rules.REJECTED:
            events.append(rules.LineageEvent(plan_day, "plan rejected it"))
        completed = sorted(
            (u for u in recommendation.progress_updates.all() if u.status == rules.COMPLETE),
            key=lambda u: (u.date, u.id),
        )
        targets = [line.target_as_written for line in recommendation.owner_lines.all()]
        if completed:
            events.append(rules.LineageEvent(completed[0].date, "plan said complete"))
        elif targets and all(rules.target_claims_completion(t) for t in targets):
            events.append(rules.LineageEvent(plan_day, "plan said complete"))
    elif recommendation.in_report and inspection.action_plan_or_none is not None:
        answered = inspection.action_plan_or_none
        assert answered is not None
        events.append(
            rules.LineageEvent(
                answered.submitted or answered.imported_at.date(), "plan did not answer it"
            )
        )
    for judgement in sorted(recommendation.judgements.all(), key=lambda j: (j.date, j.id)):
        events.append(rules.LineageEvent(judgement.date, _JUDGEMENT_WORDS[judgement.outcome]))
    return events


def concerns(user: Viewer, establishment: Establishment) -> list[Concern]:
    """Every concern at an establishment the user may see (404 otherwise, by the caller's
    establishment_get): recommendations joined by their repeat links, each with its line
    through the cycle; concerns raised more than once first."""
    recommendations = {
        r.pk: r
        for r in Recommendation.objects.filter(
            CURRENT_OR_UNANSWERED_OF,
            inspection__establishment=establishment,
            inspection__establishment__in=establishment_ids_visible_to(user),
            urgent_notification__isnull=True,
        )
        .exclude(kind="housekeeping")
        .select_related("inspection", "action_plan")
        .prefetch_related("judgements", "progress_updates", "owner_lines")
    }
    links = RecommendationLink.objects.filter(
        recommendation_id__in=recommendations, earlier_id__in=recommendations
    ).values_list("recommendation_id", "earlier_id")
    parent = {pk: pk for pk in recommendations}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for later, earlier in links:
        parent[root(later)] = root(earlier)
    groups: dict[int, list[Recommendation]] = {}
    for pk, recommendation in recommendations.items():
        groups.setdefault(root(pk), []).append(recommendation)
    result = []
    for members in groups.values():
        members.sort(key=lambda r: (r.inspection.start_date, r.position, r.pk))
        first_inspection = members[0].inspection_id
        events = [
            event
            for member in members
            for event in _events(member, member.inspection_id == first_inspection)
        ]
        result.append(Concern(members, events))
    return sorted(
        result,
        key=lambda c: (
            -c.raised_times,
            c.recommendations[0].inspection.start_date,
            c.recommendations[0].position,
        ),
    )


# --- achievement at the next inspection --------------------------------------------------


@dataclass(frozen=True)
class Achievement:
    inspection: Inspection
    next_inspection: Inspection
    figures: rules.NextInspectionAchievement


def achievements(user: Viewer, establishment: Establishment) -> list[Achievement]:
    """For each inspection followed by another at the establishment: what the prison
    claimed by the next inspection against what that inspection found (NX1)."""
    inspections = list(
        selectors.inspection_list(user, establishment=establishment)
        .exclude(kind="independent_review_of_progress")
        .order_by("start_date")
    )
    result = []
    for earlier, later in pairwise(inspections):
        recommendations = (
            Recommendation.objects.filter(CURRENT_OR_UNANSWERED_OF, inspection=earlier)
            .exclude(kind__in=["housekeeping", "commitment"])
            .prefetch_related("judgements", "progress_updates", "owner_lines")
        )
        rows = []
        for recommendation in recommendations:
            verdicts = [
                j
                for j in recommendation.judgements.all()
                if j.kind == "follow_up_inspection" and j.date >= later.start_date
            ]
            verdict = min(verdicts, key=lambda j: (j.date, j.id)) if verdicts else None
            rows.append(
                (
                    claimed_on(recommendation, later.start_date),
                    verdict.outcome if verdict else None,
                )
            )
        if rows:
            result.append(Achievement(earlier, later, rules.next_inspection_achievement(rows)))
    return result


# --- readiness forecast ------------------------------------------------------------------


@dataclass(frozen=True)
class ReadinessRow:
    establishment: Establishment
    facts: ReadinessFacts
    forecast: Forecast


def _claims_not_borne_out(rows: list[selectors.RecommendationTracking]) -> int:
    """Claimed complete, and judged otherwise or a linked metric flagged "marked complete
    but nothing changed" (NC1, `selectors.nothing_changed`)."""
    return sum(
        row.status == rules.COMPLETE
        and (row.judgement_outcome in rules.UNVERIFIED_OUTCOMES or row.complete_nothing_changed)
        for row in rows
    )


def readiness_facts(
    user: Viewer, establishment: Establishment, *, as_of: dt.date
) -> ReadinessFacts:
    """The facts the forecast weighs, for one establishment the caller has scoped."""
    from saferelease.metrics.periods import last_months
    from saferelease.metrics.selectors import metric_values, scope_of

    inspections = selectors.inspection_list(user, establishment=establishment).exclude(
        kind="independent_review_of_progress"
    )
    graded = inspections.filter(grade_rehabilitation_release_planning__isnull=False).first()
    rows = selectors.tracking_rows(
        selectors.recommendation_list(user, establishment=establishment).exclude(
            selectors.superseded_recommendations()
        ),
        as_of=as_of,
    )
    repeated = (
        Recommendation.objects.filter(
            pk__in=[row.recommendation.pk for row in rows], links_to_earlier__isnull=False
        )
        .distinct()
        .count()
    )
    review = review_list(user).filter(inspection__establishment=establishment).first()
    judged = list(review.judgements.values_list("outcome", flat=True)) if review else []
    values = metric_values(scope_of(establishment), last_months(as_of, 12))

    def share(code: str) -> float | None:
        value = values.get(code)
        return float(value) if value is not None else None

    return ReadinessFacts(
        last_grade=graded.grade_rehabilitation_release_planning if graded else None,
        tracked=len(rows),
        overdue=sum(row.overdue for row in rows),
        repeated=repeated,
        claims_not_borne_out=_claims_not_borne_out(rows),
        review_followed_up=len(judged),
        review_insufficient=sum(
            outcome in ("no_meaningful_progress", "insufficient_progress") for outcome in judged
        ),
        released_homeless_share=share("released_homeless_share"),
        oasys_current_share=share("oasys_current_share"),
        mappa_set_on_time_share=share("mappa_set_on_time_share"),
    )


def readiness(user: Viewer, *, as_of: dt.date) -> list[ReadinessRow]:
    """Every establishment the user may see that has an inspection held, most at risk
    first."""
    from saferelease.establishments.selectors import establishments_visible_to

    establishments = establishments_visible_to(user).filter(inspections__isnull=False).distinct()
    rows = []
    for establishment in establishments.order_by("name"):
        facts = readiness_facts(user, establishment, as_of=as_of)
        rows.append(ReadinessRow(establishment, facts, forecast(facts)))
    return sorted(rows, key=lambda row: (-row.forecast.score, row.establishment.name))
