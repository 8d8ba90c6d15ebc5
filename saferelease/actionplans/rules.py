"""Pure tracking rules for action-plan recommendations. No ORM; the date is an argument.

Each rule is stated in its docstring and in docs/actionplans.md; the tests are named after
the rules (overdue the day after the target, stale after `stale_days` days, and so on).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
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


#: Independent judgements that bear a claim of completion out: "achieved" at a later
#: inspection, or "good progress" at a review of progress (the review's highest grade; a
#: review never says "achieved").
VERIFIED_OUTCOMES = frozenset({ACHIEVED, "good_progress"})

#: Independent judgements that say the work is not done.
UNVERIFIED_OUTCOMES = frozenset(
    {"not_achieved", "partially_achieved", "no_meaningful_progress", "insufficient_progress"}
)


def claim_contradicted(*, claimed: str, review_outcome: str | None) -> bool:
    """CV3: the prison says complete and the latest independent judgement says otherwise
    (not or partially achieved; no meaningful or insufficient progress). "Reasonable
    progress" neither bears the claim out nor contradicts it."""
    return claimed == COMPLETE and review_outcome in UNVERIFIED_OUTCOMES


@dataclass(frozen=True)
class ClaimedVersusVerified:
    """The gap between what a prison claims and what inspectors verify, over `total`
    recommendations (housekeeping points and commitments are not followed up by inspectors,
    so they are not counted)."""

    total: int
    claimed_complete: int
    judged: int
    judged_achieved: int
    verified: int = 0
    contradicted: int = 0

    @property
    def claimed_share(self) -> float | None:
        return self.claimed_complete / self.total if self.total else None

    @property
    def achieved_share(self) -> float | None:
        return self.judged_achieved / self.total if self.total else None

    @property
    def verified_share(self) -> float | None:
        return self.verified / self.total if self.total else None

    @property
    def gap(self) -> float | None:
        """Share claimed complete minus share verified (positive: claims run ahead)."""
        if not self.total:
            return None
        return (self.claimed_complete - self.verified) / self.total


def claimed_versus_verified(
    rows: Iterable[tuple[str, str | None]],
) -> ClaimedVersusVerified:
    """CV1: from (self-reported status, latest independent judgement or None) per
    recommendation: claimed = status complete; verified = the latest judgement is "achieved"
    (a later inspection) or "good progress" (a review of progress, CV2); contradicted =
    claimed and judged otherwise (CV3). Both shares are of the same total so that the gap
    reads directly."""
    total = claimed = judged = achieved = verified = contradicted = 0
    for status, outcome in rows:
        total += 1
        claimed += status == COMPLETE
        judged += outcome is not None
        achieved += outcome == ACHIEVED
        verified += outcome in VERIFIED_OUTCOMES
        contradicted += claim_contradicted(claimed=status, review_outcome=outcome)
    return ClaimedVersusVerified(total, claimed, judged, achieved, verified, contradicted)


@dataclass(frozen=True)
class ReviewVerification:
    """One review of progress as the independent side: of the recommendations it followed
    up, how many the prison claimed complete on the review's day, how the review judged
    them, and how many claims it contradicted."""

    followed_up: int
    claimed_complete: int
    by_outcome: dict[str, int]
    contradicted: int
    claimed_and_good: int

    @property
    def good_or_reasonable(self) -> int:
        return self.by_outcome.get("good_progress", 0) + self.by_outcome.get(
            "reasonable_progress", 0
        )


REVIEW_OUTCOMES = (
    "no_meaningful_progress",
    "insufficient_progress",
    "reasonable_progress",
    "good_progress",
)


def review_verification(rows: Iterable[tuple[str, str]]) -> ReviewVerification:
    """CV2: from (self-reported status on the review's day, the review's judgement) per
    recommendation the review followed up."""
    followed = claimed = contradicted = claimed_and_good = 0
    by_outcome = dict.fromkeys(REVIEW_OUTCOMES, 0)
    for status, outcome in rows:
        followed += 1
        claimed += status == COMPLETE
        by_outcome[outcome] = by_outcome.get(outcome, 0) + 1
        contradicted += claim_contradicted(claimed=status, review_outcome=outcome)
        claimed_and_good += status == COMPLETE and outcome == "good_progress"
    return ReviewVerification(followed, claimed, by_outcome, contradicted, claimed_and_good)


# --- urgent notifications ----------------------------------------------------------------

#: The Secretary of State must respond publicly within 28 calendar days of an Urgent
#: Notification (the Urgent Notification protocol, 2017); the Chief Inspector writes within
#: 7 calendar days of the inspection ending.
URGENT_RESPONSE_DAYS = 28
URGENT_LETTER_DAYS = 7

#: Urgent notification response states.
AWAITING = "awaiting"
RESPONSE_LATE = "late"
RESPONDED = "responded"
RESPONDED_LATE = "responded_late"


def urgent_response_due(issued_on: dt.date) -> dt.date:
    """UN1: the response is due 28 calendar days after the notification is issued (day 28
    itself is on time)."""
    return issued_on + dt.timedelta(days=URGENT_RESPONSE_DAYS)


def urgent_response_status(
    *, issued_on: dt.date, responded_on: dt.date | None, as_of: dt.date
) -> str:
    """UN2: awaiting until the due date; late from the day after it while no response is
    published; a response published by the due date is on time, after it late."""
    due = urgent_response_due(issued_on)
    if responded_on is not None and responded_on <= as_of:
        return RESPONDED if responded_on <= due else RESPONDED_LATE
    return RESPONSE_LATE if as_of > due else AWAITING


def urgent_days_left(*, issued_on: dt.date, as_of: dt.date) -> int:
    """Days until the response is due (negative once it is late)."""
    return (urgent_response_due(issued_on) - as_of).days


def urgent_letter_late(*, inspection_end: dt.date | None, issued_on: dt.date) -> bool:
    """UN3: the notification came more than 7 calendar days after the inspection ended."""
    return inspection_end is not None and (issued_on - inspection_end).days > URGENT_LETTER_DAYS


# --- the cycle: lineage and achievement at the next inspection ----------------------------


@dataclass(frozen=True)
class LineageEvent:
    """One step in a concern's life: raised, answered, claimed complete, judged."""

    on: dt.date
    words: str  # "raised", "plan said complete", "not achieved", "IRP insufficient progress"


def lineage_text(events: Iterable[LineageEvent]) -> str:
    """LN1: the steps in date order as "raised 2015, plan said complete 2016, not achieved
    2019, IRP insufficient progress 2020" (steps on the same date keep their order)."""
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].on, pair[0]))
    return ", ".join(f"{event.words} {event.on.year}" for _, event in ordered)


@dataclass(frozen=True)
class NextInspectionAchievement:
    """NX1: of an inspection's recommendations, what the prison claimed by the next
    inspection against what that inspection found (the Justice Committee's figure)."""

    total: int
    claimed_complete: int
    judged: int
    achieved: int
    partially_achieved: int
    not_achieved: int

    def share(self, count: int) -> float | None:
        return count / self.judged if self.judged else None

    @property
    def claimed_share(self) -> float | None:
        return self.claimed_complete / self.total if self.total else None

    @property
    def achieved_share(self) -> float | None:
        return self.share(self.achieved)


def next_inspection_achievement(
    rows: Iterable[tuple[str, str | None]],
) -> NextInspectionAchievement:
    """From (self-reported status on the next inspection's first day, that inspection's
    judgement or None) per recommendation. The achieved share is of those the next
    inspection judged; the claimed share of them all."""
    total = claimed = judged = achieved = partial = not_achieved = 0
    for status, outcome in rows:
        total += 1
        claimed += status == COMPLETE
        if outcome is None:
            continue
        judged += 1
        achieved += outcome == ACHIEVED
        partial += outcome == "partially_achieved"
        not_achieved += outcome == "not_achieved"
    return NextInspectionAchievement(total, claimed, judged, achieved, partial, not_achieved)


# --- owner functions (OF1) ---------------------------------------------------------------


def owner_key(function: str) -> str:
    """OF1: how an owner's function is matched against the managed list: letters and digits
    only, in lower case, "&" read as "and", markup and runs of spaces ignored. "Head of
    OMU" and "head of  OMU." match; "Head of Offender Management Unit (OMU)" matches only
    through an alias."""
    text = re.sub(r"<[^>]+>", " ", function).replace("&", " and ").lower()
    return " ".join(re.findall(r"[a-z0-9]+", text))


def canonical_owner(function: str, names: Mapping[str, str]) -> str:
    """OF1: the canonical name of an owner line's function: the managed function whose
    name or alias has the same key (``names``: key to canonical name), else the function as
    written (spaces tidied)."""
    tidy = " ".join(function.split())
    return names.get(owner_key(function), tidy)
