"""Pure tracking rules for action-plan recommendations. No ORM; the date is an argument.

Each rule is stated in its docstring and in docs/actionplans.md; the tests are named after
the rules (overdue the day after the target, stale after `stale_days` days, and so on).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Calendar months with end-of-month clamping, shared with the release-planning deadlines.
from saferelease.core.calendar import add_months

#: Decision codes as stored (the parser's vocabulary).
ACCEPTED = "accepted"
PARTIALLY_ACCEPTED = "partially_accepted"
SUBJECT_TO_RESOURCES = "accepted_subject_to_resources"
REJECTED = "rejected"

#: Decisions that leave part of the recommendation open until a later decision.
OPEN_DECISIONS = frozenset({PARTIALLY_ACCEPTED, SUBJECT_TO_RESOURCES})

#: Self-reported statuses. NOT_REPORTED: no progress update yet and the plan itself does not
#: claim completion.
NOT_REPORTED = "not_reported"
NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETE = "complete"

#: Judgement outcomes that count as "verified complete".
ACHIEVED = "achieved"

#: How a plan's own target cell says the work is already done ("Completed").
_COMPLETION_WORDS = frozenset({"complete", "completed", "achieved", "done", "closed"})

#: Months after the plan was submitted by which a partial / subject-to-resources decision's
#: open part must be decided, unless someone sets another date.
DECIDE_BY_MONTHS = 6


def default_decide_by(*, decision: str, anchor: dt.date | None) -> dt.date | None:
    """DB1: a partially accepted or subject-to-resources decision must have its open part
    decided within DECIDE_BY_MONTHS of the plan's submission (`anchor`); other decisions
    carry no decide-by date."""
    if decision not in OPEN_DECISIONS or anchor is None:
        return None
    return add_months(anchor, DECIDE_BY_MONTHS)


def target_claims_completion(target_as_written: str) -> bool:
    """The plan's target cell says the work is done ("Completed", "Complete", "Achieved")."""
    return target_as_written.strip().strip(".").lower() in _COMPLETION_WORDS


def self_reported_status(
    *, latest_update_status: str | None, targets_as_written: Sequence[str]
) -> str:
    """SR1: the status is the one in the latest progress update. Before any update, a plan
    whose every target cell says "Completed" claims completion; otherwise nothing is
    reported yet."""
    if latest_update_status:
        return latest_update_status
    if targets_as_written and all(target_claims_completion(t) for t in targets_as_written):
        return COMPLETE
    return NOT_REPORTED


def owner_line_overdue(
    *, target_date: dt.date | None, status: str, decision: str, as_of: dt.date
) -> bool:
    """OD1: an owner line is overdue from the day after its target date while the
    recommendation is not complete. Not on the target date itself; never without a date;
    never for a rejected recommendation (no action was promised)."""
    if target_date is None or decision == REJECTED or status == COMPLETE:
        return False
    return as_of > target_date


def last_activity(
    *, latest_update: dt.date | None, plan_submitted: dt.date | None, imported_on: dt.date
) -> dt.date:
    """The date staleness counts from: the latest progress update, else the plan's
    submission, else the day it was imported."""
    return latest_update or plan_submitted or imported_on


def recommendation_stale(
    *, last_activity_on: dt.date, status: str, decision: str, as_of: dt.date, stale_days: int
) -> bool:
    """ST1: a recommendation is stale when more than `stale_days` days have passed since its
    last activity and it is neither complete nor rejected (at exactly `stale_days` it is not
    stale yet)."""
    if status == COMPLETE or decision == REJECTED:
        return False
    return (as_of - last_activity_on).days > stale_days


def decision_pending(
    *, decision: str, decide_by: dt.date | None, resolved_on: dt.date | None
) -> bool:
    """DB2: the open part of a partial / subject-to-resources decision is still to decide."""
    return decision in OPEN_DECISIONS and decide_by is not None and resolved_on is None


def decision_overdue(
    *, decision: str, decide_by: dt.date | None, resolved_on: dt.date | None, as_of: dt.date
) -> bool:
    """DB3: a pending open decision is overdue from the day after its decide-by date."""
    return (
        decision_pending(decision=decision, decide_by=decide_by, resolved_on=resolved_on)
        and decide_by is not None
        and as_of > decide_by
    )


@dataclass(frozen=True)
class ClaimedVersusVerified:
    """The gap between what a prison claims and what inspectors verify, over `total`
    recommendations (housekeeping points are not followed up, so they are not counted)."""

    total: int
    claimed_complete: int
    judged: int
    judged_achieved: int

    @property
    def claimed_share(self) -> float | None:
        return self.claimed_complete / self.total if self.total else None

    @property
    def achieved_share(self) -> float | None:
        return self.judged_achieved / self.total if self.total else None

    @property
    def gap(self) -> float | None:
        """Share claimed complete minus share judged achieved (positive: claims run ahead)."""
        if not self.total:
            return None
        return (self.claimed_complete - self.judged_achieved) / self.total


def claimed_versus_verified(
    rows: Iterable[tuple[str, str | None]],
) -> ClaimedVersusVerified:
    """CV1: from (self-reported status, latest judgement outcome or None) per recommendation:
    claimed = status complete; verified = latest judgement "achieved". Both shares are of
    the same total so that the gap reads directly."""
    total = claimed = judged = achieved = 0
    for status, outcome in rows:
        total += 1
        claimed += status == COMPLETE
        judged += outcome is not None
        achieved += outcome == ACHIEVED
    return ClaimedVersusVerified(total, claimed, judged, achieved)
