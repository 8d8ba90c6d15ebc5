"""Reads of inspections, plans and recommendations: always scoped through
`establishments_visible_to`, so anything at another prison is a 404."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from saferelease.accounts.actors import Actor, Viewer
from saferelease.actionplans import rules
from saferelease.actionplans.models import (
    STATUS_LABELS,
    ActionPlan,
    Decision,
    EvidenceFile,
    Inspection,
    Judgement,
    JudgementOutcome,
    LinkKind,
    OwnerAlias,
    OwnerFunction,
    OwnerLine,
    ProgressUpdate,
    Recommendation,
    RecommendationKind,
    RecommendationLink,
    RecommendationMetric,
    TargetDateChange,
)
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import (
    establishment_ids_visible_to,
    establishments_visible_to,
)

if TYPE_CHECKING:
    from saferelease.metrics.selectors import ValuesCache


def _stale_days() -> int:
    return int(getattr(settings, "SAFERELEASE_STALE_DAYS", 90))


_Found = TypeVar("_Found", bound=Model)


def _get_or_404(queryset: QuerySet[_Found], pk: int, what: str) -> _Found:
    try:
        return queryset.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {what}") from None


# --- establishments named in documents ---------------------------------------------------

_PREFIX = re.compile(
    r"^(?:h\.?m\.?\s*(?:p\.?|prison|yoi|young offender institution)|hmp\s*(?:&|and|/)\s*yoi|"
    r"hmp\s*/\s*yoi|hmyoi|yoi|prison)\s+",
    re.IGNORECASE,
)


def _name_key(name: str) -> str:
    """ "HMP LITTLEHEY" and "Littlehey (HMP)" both give "littlehey"."""
    text = re.sub(r"\(.*?\)", " ", name)
    text = _PREFIX.sub("", text.strip())
    text = re.sub(r"\b(?:hmp|yoi|hmyoi|prison)\b", " ", text, flags=re.IGNORECASE)
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def establishment_match(user: Actor, name: str | None) -> Establishment | None:
    """The one establishment the actor may see whose name matches the document's, or None
    (a system actor, such as the command line, sees every establishment)."""
    if not name or not _name_key(name):
        return None
    key = _name_key(name)
    pool = establishments_visible_to(user)
    found = [e for e in pool.only("id", "code", "name") if _name_key(e.name) == key]
    return found[0] if len(found) == 1 else None


def establishment_for_import(user: Actor, code: str) -> Establishment:
    """By code: scoped for a user (404 out of scope); any establishment for a system actor."""
    try:
        return establishments_visible_to(user).get(code=code.strip().upper())
    except Establishment.DoesNotExist:
        raise Http404("No such establishment") from None


def establishments_for_import(user: Viewer) -> QuerySet[Establishment]:
    return establishments_visible_to(user).filter(active=True)


# --- inspections and plans ---------------------------------------------------------------


def inspection_list(
    user: Viewer, *, establishment: Establishment | None = None
) -> QuerySet[Inspection]:
    inspections = Inspection.objects.filter(
        establishment__in=establishment_ids_visible_to(user)
    ).select_related("establishment", "action_plan")
    if establishment is not None:
        inspections = inspections.filter(establishment=establishment)
    return with_supersession(inspections, via="").order_by("establishment__name", "-start_date")


def inspection_get(user: Viewer, pk: int) -> Inspection:
    return _get_or_404(inspection_list(user), pk, "inspection")


def inspection_find(establishment: Establishment, start_date: dt.date) -> Inspection | None:
    """The inspection an import belongs to (the caller has already scoped the establishment)."""
    return (
        Inspection.objects.filter(establishment=establishment, start_date=start_date)
        .select_related("establishment")
        .first()
    )


# --- current and superseded plans (SP1) -----------------------------------------------


def later_plans(via: str = "inspection__") -> QuerySet[ActionPlan]:
    """SP1: the plans that supersede the outer row's plan, earliest first.

    A plan is *superseded* when a later inspection (a later start date) at the same
    establishment has a plan of its own; the plan of the latest inspection with one is
    *current*. A superseded plan stays on record and one click away, but is left out of
    current figures, so that a 2015 plan's long-passed targets do not swell this year's
    "overdue" (docs/actionplans.md, "Current and superseded plans"). ``via`` is the path
    from the outer row to its inspection: ``"inspection__"`` for plans and
    recommendations, ``""`` for inspections. The one definition of "current" used by
    the home pages, the league table, the dashboards, the plan lists and the API."""
    return ActionPlan.objects.filter(
        inspection__establishment=OuterRef(f"{via}establishment"),
        inspection__start_date__gt=OuterRef(f"{via}start_date"),
    ).order_by("inspection__start_date")


def later_plan_exists(via: str = "inspection__") -> Exists:
    """For a query over plans (or recommendations): the outer row's plan is superseded."""
    return Exists(later_plans(via))


def superseded_recommendations() -> Q:
    """Recommendations of an inspection followed, at the same establishment, by a later
    inspection with a plan (SP1)."""
    return Q(later_plan_exists())


def with_supersession(plans: QuerySet[Any], via: str = "inspection__") -> QuerySet[Any]:
    """Annotate plans (or inspections) with the plan that superseded them, if any:
    ``superseded_by_plan_id`` and ``superseded_by_start`` (that plan's inspection's start)."""
    annotated: QuerySet[Any] = plans.annotate(
        superseded_by_plan_id=Subquery(later_plans(via).values("pk")[:1]),
        superseded_by_start=Subquery(later_plans(via).values("inspection__start_date")[:1]),
    )
    return annotated


def action_plan_list(
    user: Viewer, *, establishment: Establishment | None = None, current: bool | None = None
) -> QuerySet[ActionPlan]:
    """Plans the user may see, each annotated with what superseded it (SP1); ``current``
    True keeps only current plans, False only superseded ones, None both."""
    plans = ActionPlan.objects.filter(
        inspection__establishment__in=establishment_ids_visible_to(user)
    ).select_related("inspection__establishment", "imported_by")
    if establishment is not None:
        plans = plans.filter(inspection__establishment=establishment)
    if current is not None:
        plans = plans.exclude(later_plan_exists()) if current else plans.filter(later_plan_exists())
    return with_supersession(plans).order_by(
        "inspection__establishment__name", "-inspection__start_date"
    )


def action_plan_get(user: Viewer, pk: int) -> ActionPlan:
    return _get_or_404(action_plan_list(user), pk, "action plan")


# --- recommendations ---------------------------------------------------------------------


def _annotated(recommendations: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    latest_update = ProgressUpdate.objects.filter(recommendation=OuterRef("pk")).order_by(
        "-date", "-id"
    )
    latest_judgement = Judgement.objects.filter(recommendation=OuterRef("pk")).order_by(
        "-date", "-id"
    )
    return (
        recommendations.select_related("inspection__establishment", "action_plan")
        .annotate(
            latest_update_on=Subquery(latest_update.values("date")[:1]),
            latest_update_status=Subquery(latest_update.values("status")[:1]),
            latest_judgement_outcome=Subquery(latest_judgement.values("outcome")[:1]),
            latest_judgement_on=Subquery(latest_judgement.values("date")[:1]),
        )
        .prefetch_related(
            Prefetch("owner_lines", queryset=OwnerLine.objects.order_by("position", "id")),
            "metrics",
        )
    )


def recommendation_list(
    user: Viewer,
    *,
    action_plan: ActionPlan | None = None,
    establishment: Establishment | None = None,
    current_only: bool = True,
    commitments: bool = False,
) -> QuerySet[Recommendation]:
    """Recommendations the user may see: by default those in a current action plan (not
    the report's recommendations no plan answers, nor the commitments made in reply to an
    urgent notification)."""
    recommendations = Recommendation.objects.filter(
        inspection__establishment__in=establishment_ids_visible_to(user)
    )
    if not commitments:
        recommendations = recommendations.filter(urgent_notification__isnull=True)
    if current_only:
        recommendations = recommendations.filter(in_current_plan=True)
    if action_plan is not None:
        recommendations = recommendations.filter(action_plan=action_plan)
    if establishment is not None:
        recommendations = recommendations.filter(inspection__establishment=establishment)
    return _annotated(recommendations).order_by(
        "inspection__establishment__name", "-inspection__start_date", "position", "id"
    )


def recommendation_get(user: Viewer, pk: int) -> Recommendation:
    return _get_or_404(
        recommendation_list(user, current_only=False, commitments=True), pk, "recommendation"
    )


#: The path from anything hanging off a recommendation to its establishment.
_VIA_RECOMMENDATION = "recommendation__inspection__establishment"

_M = TypeVar("_M", bound=Model)


def _visible_via_recommendation(model: type[_M], user: Viewer, *related: str) -> QuerySet[_M]:
    """``model`` rows (owner lines, progress, judgements, target changes, metric links)
    whose recommendation is at an establishment the user may see, with that establishment
    and ``related`` fetched in the same query."""
    return model._default_manager.filter(
        **{f"{_VIA_RECOMMENDATION}__in": establishment_ids_visible_to(user)}
    ).select_related(*related, _VIA_RECOMMENDATION)


def owner_line_get(user: Viewer, pk: int) -> OwnerLine:
    return _get_or_404(_visible_via_recommendation(OwnerLine, user), pk, "owner line")


def progress_update_list(
    user: Viewer, *, recommendation: Recommendation | None = None
) -> QuerySet[ProgressUpdate]:
    updates = _visible_via_recommendation(ProgressUpdate, user, "author").prefetch_related(
        "evidence_files"
    )
    if recommendation is not None:
        updates = updates.filter(recommendation=recommendation)
    return updates.order_by("-date", "-id")


def progress_update_get(user: Viewer, pk: int) -> ProgressUpdate:
    return _get_or_404(progress_update_list(user), pk, "progress update")


def judgement_list(
    user: Viewer, *, recommendation: Recommendation | None = None
) -> QuerySet[Judgement]:
    judgements = _visible_via_recommendation(Judgement, user, "inspector")
    if recommendation is not None:
        judgements = judgements.filter(recommendation=recommendation)
    return judgements.order_by("-date", "-id")


def judgement_get(user: Viewer, pk: int) -> Judgement:
    return _get_or_404(judgement_list(user), pk, "judgement")


def evidence_get(user: Viewer, pk: int) -> EvidenceFile:
    files = EvidenceFile.objects.filter(
        **{f"progress_update__{_VIA_RECOMMENDATION}__in": establishment_ids_visible_to(user)}
    ).select_related(f"progress_update__{_VIA_RECOMMENDATION}")
    return _get_or_404(files, pk, "evidence file")


def target_date_change_list(
    user: Viewer,
    *,
    recommendation: Recommendation | None = None,
    owner_line: OwnerLine | None = None,
) -> QuerySet[TargetDateChange]:
    """The target-date history the user may see, newest first."""
    changes = _visible_via_recommendation(TargetDateChange, user, "changed_by")
    if recommendation is not None:
        changes = changes.filter(recommendation=recommendation)
    if owner_line is not None:
        changes = changes.filter(owner_line=owner_line)
    return changes.order_by("-changed_at", "-id")


def target_date_change_get(user: Viewer, pk: int) -> TargetDateChange:
    return _get_or_404(target_date_change_list(user), pk, "target date change")


def metric_link_get(user: Viewer, pk: int) -> RecommendationMetric:
    return _get_or_404(_visible_via_recommendation(RecommendationMetric, user), pk, "metric link")


# --- tracking: status, overdue, stale, decide-by -----------------------------------------


@dataclass
class OwnerTracking:
    line: OwnerLine
    overdue: bool
    #: The function's canonical name (OF1); the line keeps its words as written.
    function: str = ""

    @property
    def written_otherwise(self) -> bool:
        return bool(self.line.function) and self.function != " ".join(self.line.function.split())


@dataclass
class RecommendationTracking:
    """One recommendation with everything the rules say about it on `as_of`."""

    recommendation: Recommendation
    status: str
    latest_update_on: dt.date | None
    last_activity_on: dt.date
    owners: list[OwnerTracking]
    stale: bool
    decision_pending: bool
    decision_overdue: bool
    judgement_outcome: str | None
    judgement_on: dt.date | None
    #: NC1: the linked metric's test when it flags "complete but nothing changed".
    nothing_changed: Any = None

    @property
    def complete_nothing_changed(self) -> bool:
        return self.nothing_changed is not None

    @property
    def shown_status_label(self) -> str:
        """The status as plan lists show it: "Complete – nothing changed" apart."""
        return NOTHING_CHANGED_LABEL if self.complete_nothing_changed else self.status_label

    @property
    def overdue(self) -> bool:
        return any(owner.overdue for owner in self.owners)

    @property
    def overdue_lines(self) -> int:
        return sum(owner.overdue for owner in self.owners)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def judgement_label(self) -> str:
        if self.judgement_outcome is None:
            return "Not judged yet"
        return str(JudgementOutcome(self.judgement_outcome).label)

    @property
    def functions(self) -> list[str]:
        """The owners' canonical names (OF1), as grouped, filtered and exported."""
        return [o.function for o in self.owners if o.function]

    @property
    def earliest_target(self) -> dt.date | None:
        dates = [o.line.target_date for o in self.owners if o.line.target_date]
        return min(dates) if dates else None


#: The tag of a recommendation claimed complete whose linked metric has not moved (NC1).
NOTHING_CHANGED_LABEL = "Complete – nothing changed"
#: The value of the status filter that picks them out.
NOTHING_CHANGED = "complete_nothing_changed"


class ChangeCache(dict[tuple[str, int, dt.date, dt.date], Any]):
    """(metric code, establishment id, inspection start, as_of) -> the test, within one read;
    ``by_window`` keeps every metric's values per window, so a plan whose recommendations link
    different metrics loads each window's men once."""

    def __init__(self) -> None:
        super().__init__()
        self.by_window: ValuesCache = {}


def nothing_changed(
    recommendation: Recommendation,
    *,
    status: str,
    as_of: dt.date,
    cache: ChangeCache | None = None,
) -> Any:
    """NC1: a recommendation the prison says is complete whose linked metric has not
    improved since the inspection: the first linked metric whose "marked complete but
    nothing changed" test (`saferelease.metrics.change`, docs/metrics.md) flags it, else
    None. Not complete, no linked metric, or a metric the test cannot tell: None. The one
    computation behind the home page's list, the plan lists' tag, the counts, the exports
    and the readiness forecast (RF4)."""
    if status != rules.COMPLETE:
        return None
    links = list(recommendation.metrics.all())
    if not links:
        return None
    from saferelease.metrics.selectors import UnknownMetric, marked_complete_no_change

    inspection = recommendation.inspection
    cache = ChangeCache() if cache is None else cache
    for link in links:
        key = (link.metric_code, inspection.establishment_id, inspection.start_date, as_of)
        if key not in cache:
            try:
                cache[key] = marked_complete_no_change(
                    link.metric_code,
                    inspection.establishment,
                    inspection.start_date,
                    as_of,
                    values_cache=cache.by_window,
                )
            except UnknownMetric:
                cache[key] = None
        test = cache[key]
        if test is not None and test.flagged:
            return test
    return None


def recommendation_tracking(
    recommendation: Recommendation,
    *,
    as_of: dt.date,
    stale_days: int | None = None,
    change_cache: ChangeCache | None = None,
    names: Mapping[str, str] | None = None,
) -> RecommendationTracking:
    """Apply the rules to one recommendation from `recommendation_list` (annotated);
    ``names``: `owner_names()`, read once by the caller of many."""
    names = owner_names() if names is None else names
    days = _stale_days() if stale_days is None else stale_days
    plan = recommendation.action_plan
    inspection = recommendation.inspection
    lines = list(recommendation.owner_lines.all())
    status = rules.self_reported_status(
        latest_update_status=getattr(recommendation, "latest_update_status", None),
        targets_as_written=[line.target_as_written for line in lines],
    )
    latest_update_on = getattr(recommendation, "latest_update_on", None)
    activity = rules.last_activity(
        latest_update=latest_update_on,
        plan_submitted=plan.submitted if plan else None,
        imported_on=plan.imported_at.date()
        if plan
        else (inspection.report_published or inspection.end_date or inspection.start_date),
    )
    decision, decide_by = recommendation.decision, recommendation.decide_by
    resolved_on = recommendation.open_part_resolved_on
    return RecommendationTracking(
        recommendation=recommendation,
        status=status,
        latest_update_on=latest_update_on,
        last_activity_on=activity,
        owners=[
            OwnerTracking(
                line,
                rules.owner_line_overdue(
                    target_date=line.target_date,
                    status=status,
                    decision=recommendation.decision,
                    as_of=as_of,
                ),
                rules.canonical_owner(line.function, names) if line.function else "",
            )
            for line in lines
        ],
        stale=rules.recommendation_stale(
            last_activity_on=activity,
            status=status,
            decision=recommendation.decision,
            as_of=as_of,
            stale_days=days,
        ),
        decision_pending=rules.decision_pending(
            decision=decision, decide_by=decide_by, resolved_on=resolved_on
        ),
        decision_overdue=rules.decision_overdue(
            decision=decision, decide_by=decide_by, resolved_on=resolved_on, as_of=as_of
        ),
        judgement_outcome=getattr(recommendation, "latest_judgement_outcome", None),
        judgement_on=getattr(recommendation, "latest_judgement_on", None),
        nothing_changed=nothing_changed(
            recommendation, status=status, as_of=as_of, cache=change_cache
        ),
    )


def tracking_rows(
    recommendations: Iterable[Recommendation], *, as_of: dt.date, stale_days: int | None = None
) -> list[RecommendationTracking]:
    cache = ChangeCache()
    names = owner_names()
    return [
        recommendation_tracking(
            r, as_of=as_of, stale_days=stale_days, change_cache=cache, names=names
        )
        for r in recommendations
    ]


# --- owner functions and aliases (OF1) ---------------------------------------------------


def owner_names() -> dict[str, str]:
    """OF1: the matching key of every managed function's name and alias, to the function's
    canonical name. The list is national and names functions, not people: no scoping."""
    names: dict[str, str] = {}
    for function in OwnerFunction.objects.prefetch_related("aliases"):
        names[rules.owner_key(function.name)] = function.name
        for alias in function.aliases.all():
            names[alias.key] = function.name
    return names


def owner_function_list() -> QuerySet[OwnerFunction]:
    return OwnerFunction.objects.prefetch_related("aliases").order_by("name")


def owner_function_get(pk: int) -> OwnerFunction:
    return _get_or_404(OwnerFunction.objects.all(), pk, "owner function")


def owner_alias_get(pk: int) -> OwnerAlias:
    return _get_or_404(OwnerAlias.objects.select_related("function"), pk, "alias")


def _current_owner_functions(user: Viewer) -> list[str]:
    return [
        function
        for function in OwnerLine.objects.filter(
            recommendation__in=recommendation_list(user).exclude(superseded_recommendations())
        ).values_list("function", flat=True)
        if function.strip()
    ]


def owner_functions_unmatched(user: Viewer, *, limit: int = 50) -> list[tuple[str, int]]:
    """Owners of current plans the user may see that no managed function matches, as
    written (spaces tidied), the most frequent first."""
    names = owner_names()
    counts = Counter(
        " ".join(function.split())
        for function in _current_owner_functions(user)
        if rules.owner_key(function) not in names
    )
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]


def owner_function_line_count(user: Viewer, function: OwnerFunction) -> int:
    """Owner lines of current plans the user may see that count as ``function``."""
    names = owner_names()
    return sum(
        rules.canonical_owner(written, names) == function.name
        for written in _current_owner_functions(user)
    )


@dataclass(frozen=True)
class TrackingFilters:
    decision: str = ""
    owner: str = ""
    area: str = ""
    status: str = ""
    overdue: str = ""  # "yes" / "no" / ""
    stale: str = ""
    sort: str = "ref"
    descending: bool = False


SORT_KEYS: dict[str, Any] = {
    "ref": lambda row: row.recommendation.position,
    "decision": lambda row: (
        row.recommendation.get_decision_display(),
        row.recommendation.position,
    ),
    "area": lambda row: (row.recommendation.area or "~", row.recommendation.position),
    "owner": lambda row: (", ".join(row.functions) or "~", row.recommendation.position),
    "status": lambda row: (row.shown_status_label, row.recommendation.position),
    "target": lambda row: (row.earliest_target or dt.date.max, row.recommendation.position),
    "overdue": lambda row: (not row.overdue, row.recommendation.position),
    "updated": lambda row: (row.latest_update_on or dt.date.min, row.recommendation.position),
}


def tracking_filter(
    rows: Sequence[RecommendationTracking], filters: TrackingFilters
) -> list[RecommendationTracking]:
    """Filter and sort tracked recommendations (the plan table)."""
    kept = [
        row
        for row in rows
        if (not filters.decision or row.recommendation.decision == filters.decision)
        and (not filters.owner or filters.owner in row.functions)
        and (not filters.area or (row.recommendation.area or "") == filters.area)
        and (
            not filters.status
            or row.status == filters.status
            or (filters.status == NOTHING_CHANGED and row.complete_nothing_changed)
        )
        and (not filters.overdue or row.overdue == (filters.overdue == "yes"))
        and (not filters.stale or row.stale == (filters.stale == "yes"))
    ]
    key = SORT_KEYS.get(filters.sort, SORT_KEYS["ref"])
    return sorted(kept, key=key, reverse=filters.descending)


@dataclass
class TrackingCounts:
    """Counts for a plan, an establishment or everything visible."""

    recommendations: int = 0
    by_decision: Counter[str] = field(default_factory=Counter)
    by_status: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    overdue_lines: int = 0
    stale: int = 0
    decisions_pending: int = 0
    decisions_overdue: int = 0
    #: Claimed complete with a linked metric that has not moved (NC1; among the complete).
    nothing_changed: int = 0
    cvv: rules.ClaimedVersusVerified = field(
        default_factory=lambda: rules.ClaimedVersusVerified(0, 0, 0, 0)
    )
    stale_days: int = 90


def tracking_counts(
    rows: Sequence[RecommendationTracking], *, stale_days: int | None = None
) -> TrackingCounts:
    followed_up = [
        (row.status, row.judgement_outcome)
        for row in rows
        if row.recommendation.kind
        not in (RecommendationKind.HOUSEKEEPING, RecommendationKind.COMMITMENT)
    ]
    return TrackingCounts(
        recommendations=len(rows),
        by_decision=Counter(row.recommendation.decision for row in rows),
        by_status=Counter(row.status for row in rows),
        overdue=sum(row.overdue for row in rows),
        overdue_lines=sum(row.overdue_lines for row in rows),
        stale=sum(row.stale for row in rows),
        decisions_pending=sum(row.decision_pending for row in rows),
        decisions_overdue=sum(row.decision_overdue for row in rows),
        nothing_changed=sum(row.complete_nothing_changed for row in rows),
        cvv=rules.claimed_versus_verified(followed_up),
        stale_days=_stale_days() if stale_days is None else stale_days,
    )


@dataclass(frozen=True)
class SummaryLine:
    label: str
    total: int
    complete: int
    overdue: int
    stale: int
    #: Of the complete, those whose linked metric has not moved (NC1).
    nothing_changed: int = 0


def tracking_summary(rows: Sequence[RecommendationTracking]) -> dict[str, list[SummaryLine]]:
    """The report: recommendations by decision, owner, area and self-reported status."""

    def group(keys_of: Any) -> list[SummaryLine]:
        groups: dict[str, list[RecommendationTracking]] = {}
        for row in rows:
            for key in keys_of(row):
                groups.setdefault(key, []).append(row)
        return [
            SummaryLine(
                label,
                len(members),
                sum(m.status == rules.COMPLETE for m in members),
                sum(m.overdue for m in members),
                sum(m.stale for m in members),
                sum(m.complete_nothing_changed for m in members),
            )
            for label, members in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        ]

    decision_labels = dict(Decision.choices)
    return {
        "decision": group(lambda r: [str(decision_labels[r.recommendation.decision])]),
        "owner": group(lambda r: r.functions or ["No owner named"]),
        "area": group(lambda r: [r.recommendation.area or "No area heading"]),
        "status": group(lambda r: [r.status_label]),
    }


def filter_choices(rows: Sequence[RecommendationTracking]) -> dict[str, list[str]]:
    return {
        "owners": sorted({f for row in rows for f in row.functions}),
        "areas": sorted({row.recommendation.area for row in rows if row.recommendation.area}),
    }


@dataclass(frozen=True)
class ReconciliationLine:
    group: str
    category: str
    stated: int | None
    found: int

    @property
    def differs(self) -> bool:
        return self.stated is not None and self.stated != self.found


_CATEGORY_LABELS = {
    "accepted": "Accepted",
    "partial_or_subject_to_resources": "Partially accepted or subject to resources",
    "rejected": "Rejected",
    "total": "Total",
}


def reconciliation_table(plan: ActionPlan) -> list[ReconciliationLine]:
    """The plan's own summary table next to the rows actually found (stored document)."""
    stated = plan.stated_summary or {}
    if not stated:
        return []
    items = plan.document.get("items", [])
    lines = []
    for group, name in (
        ("recommendations", "Recommendations"),
        ("housekeeping", "Housekeeping points"),
    ):
        members = [i for i in items if (i["kind"] == "housekeeping") == (group == "housekeeping")]
        found = {
            "accepted": sum(i["decision"] == rules.ACCEPTED for i in members),
            "partial_or_subject_to_resources": sum(
                i["decision"] in rules.OPEN_DECISIONS for i in members
            ),
            "rejected": sum(i["decision"] == rules.REJECTED for i in members),
            "total": len(members),
        }
        printed = stated.get(group) or {}
        if not printed and not members:
            continue
        lines += [
            ReconciliationLine(name, label, printed.get(key), found[key])
            for key, label in _CATEGORY_LABELS.items()
        ]
    return lines


# --- dashboards --------------------------------------------------------------------------


@dataclass
class EstablishmentTracking:
    establishment: Establishment
    plans: int
    counts: TrackingCounts
    #: The current plan (SP1) and how many earlier plans it superseded.
    current_plan: ActionPlan | None = None
    superseded_plans: int = 0


def dashboard(
    user: Viewer,
    *,
    as_of: dt.date,
    establishment: Establishment | None = None,
    stale_days: int | None = None,
) -> tuple[list[EstablishmentTracking], TrackingCounts]:
    """Per establishment with a plan (that the user may see), and the total: over current
    plans only (SP1); superseded plans are counted apart and their recommendations left out."""
    recommendations = recommendation_list(user, establishment=establishment).exclude(
        superseded_recommendations()
    )
    rows = tracking_rows(recommendations, as_of=as_of, stale_days=stale_days)
    by_establishment: dict[int, list[RecommendationTracking]] = {}
    for row in rows:
        by_establishment.setdefault(row.recommendation.inspection.establishment_id, []).append(row)
    all_plans = list(action_plan_list(user, establishment=establishment))
    plans = Counter(plan.inspection.establishment_id for plan in all_plans)
    superseded = Counter(
        plan.inspection.establishment_id for plan in all_plans if not plan.is_current
    )
    current = {plan.inspection.establishment_id: plan for plan in all_plans if plan.is_current}
    establishments = establishments_visible_to(user).filter(pk__in=plans.keys())
    per_establishment = [
        EstablishmentTracking(
            e,
            plans[e.pk],
            tracking_counts(by_establishment.get(e.pk, []), stale_days=stale_days),
            current_plan=current.get(e.pk),
            superseded_plans=superseded[e.pk],
        )
        for e in establishments.order_by("name")
    ]
    return per_establishment, tracking_counts(rows, stale_days=stale_days)


# --- repeats and lineage -----------------------------------------------------------------


#: Recommendations that count: those in a current plan, and those of a report that no plan
#: answers (a plan that drops one does not make the inspectors' recommendation go away).
CURRENT_OR_UNANSWERED = Q(in_current_plan=True) | Q(in_report=True, action_plan__isnull=True)


def link_candidates(establishment: Establishment) -> list[Recommendation]:
    """Every current recommendation at the establishment, for linking repeats."""
    return list(
        Recommendation.objects.filter(
            CURRENT_OR_UNANSWERED, inspection__establishment=establishment
        ).select_related("inspection")
    )


def _raised(recommendation: Recommendation) -> tuple[dt.date, int]:
    return recommendation.inspection.start_date, recommendation.pk


def lineage(user: Viewer, recommendation: Recommendation) -> list[Recommendation]:
    """The recommendation and everything it repeats or is repeated by, oldest first,
    following links both ways (only recommendations the user may see)."""
    visible = establishment_ids_visible_to(user)
    found = {recommendation.pk}
    frontier = {recommendation.pk}
    while frontier:
        pairs = RecommendationLink.objects.filter(
            Q(recommendation_id__in=frontier) | Q(earlier_id__in=frontier)
        ).values_list("recommendation_id", "earlier_id")
        frontier = {pk for pair in pairs for pk in pair} - found
        found |= frontier
    chain = Recommendation.objects.filter(
        pk__in=found, inspection__establishment__in=visible
    ).select_related("inspection")
    return sorted(chain, key=_raised)


def lineage_sentence(chain: Sequence[Recommendation]) -> str:
    """ "First raised 2015 (5.6), raised again 2019 (2.14)"; empty for a single step."""
    if len(chain) < 2:
        return ""
    parts = [
        f"{'First raised' if i == 0 else 'raised again'} "
        f"{rec.inspection.start_date.year} ({rec.ref})"
        for i, rec in enumerate(chain)
    ]
    return ", ".join(parts)


def recommendation_links(recommendation: Recommendation) -> dict[str, list[Any]]:
    """Links to earlier and later recommendations, and repeats with no plan held."""
    earlier = list(recommendation.links_to_earlier.select_related("earlier__inspection"))
    resolved = {link.ref_as_written for link in earlier if link.kind == LinkKind.EXPLICIT}
    return {
        "earlier": earlier,
        "later": list(recommendation.links_from_later.select_related("recommendation__inspection")),
        "unresolved": [ref for ref in recommendation.repeats or [] if ref not in resolved],
    }


# --- the recommendation page's timeline ---------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    kind: str  # "progress", "target", "judgement"
    on: dt.date
    at: dt.datetime
    title: str
    who: str
    item: Any


def timeline(recommendation: Recommendation) -> list[TimelineEntry]:
    """Progress updates, target changes and judgements, newest first."""
    entries = [
        TimelineEntry(
            "progress",
            update.date,
            update.created_at,
            f"Progress update: {update.get_status_display()}",
            str(update.author or "system"),
            update,
        )
        for update in recommendation.progress_updates.select_related("author").prefetch_related(
            "evidence_files"
        )
    ]
    entries += [
        TimelineEntry(
            "target",
            change.changed_at.date(),
            change.changed_at,
            "Target date changed",
            str(change.changed_by or "system"),
            change,
        )
        for change in recommendation.target_changes.select_related("changed_by")
    ]
    entries += [
        TimelineEntry(
            "judgement",
            judgement.date,
            judgement.created_at,
            f"Judgement: {judgement.get_outcome_display()}",
            str(judgement.inspector or "system"),
            judgement,
        )
        for judgement in recommendation.judgements.select_related("inspector")
    ]
    return sorted(entries, key=lambda e: (e.on, e.at), reverse=True)
