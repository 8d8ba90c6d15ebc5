"""An inspection-readiness forecast for inspectors: which establishments are most at risk of a
poor rehabilitation and release planning grade at their next inspection.

A heuristic, not a prediction of the inspectors' verdict: each factor below is a published
signal of weak release planning (the healthy prison test's last grade, recommendations left
overdue, concerns raised again, claims of completion that inspectors or the metrics do not
bear out, a review of progress that found too little, and the public-protection figures), and
adds points by fixed thresholds. Every point is explained; nothing is learned from data.
Pure: no ORM, the facts are passed in (docs/inspection-cycle.md, "Readiness forecast").
"""

from __future__ import annotations

from dataclasses import dataclass

#: Bands of the total score (out of 100).
HIGHER_RISK = 50
SOME_RISK = 25

GRADE_WORDS = {1: "poor", 2: "not sufficiently good", 3: "reasonably good", 4: "good"}


@dataclass(frozen=True)
class ReadinessFacts:
    """What is known about one establishment on the day of the forecast."""

    last_grade: int | None  # rehabilitation and release planning, latest inspection
    tracked: int  # recommendations in current plans
    overdue: int
    repeated: int  # current recommendations that repeat an earlier one
    claims_not_borne_out: int  # claimed complete, judged otherwise or metric unchanged
    review_followed_up: int  # at the latest review of progress
    review_insufficient: int  # judged no meaningful or insufficient progress there
    released_homeless_share: float | None  # last 12 months, 0 to 1
    oasys_current_share: float | None
    mappa_set_on_time_share: float | None


@dataclass(frozen=True)
class Factor:
    name: str
    finding: str
    points: int
    max_points: int


@dataclass(frozen=True)
class Forecast:
    score: int
    factors: list[Factor]

    @property
    def band(self) -> str:
        if self.score >= HIGHER_RISK:
            return "Higher risk"
        if self.score >= SOME_RISK:
            return "Some risk"
        return "Lower risk"


def _percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _grade(facts: ReadinessFacts) -> Factor:
    """RF1: the last grade: poor 20, not sufficiently good 12, reasonably good 4, good 0."""
    points = {1: 20, 2: 12, 3: 4, 4: 0}.get(facts.last_grade or 0, 0)
    finding = (
        f"graded {facts.last_grade} ({GRADE_WORDS[facts.last_grade]}) at the last inspection"
        if facts.last_grade
        else "no grade recorded for the last inspection"
    )
    return Factor("Last rehabilitation and release planning grade", finding, points, 20)


def _overdue(facts: ReadinessFacts) -> Factor:
    """RF2: overdue share of tracked recommendations: 25% or more 20, 10% or more 10,
    any 5."""
    share = facts.overdue / facts.tracked if facts.tracked else 0.0
    points = 20 if share >= 0.25 else 10 if share >= 0.10 else 5 if facts.overdue else 0
    finding = (
        f"{facts.overdue} of {facts.tracked} recommendations overdue ({_percent(share)})"
        if facts.tracked
        else "no recommendations tracked"
    )
    return Factor("Overdue recommendations", finding, points, 20)


def _repeated(facts: ReadinessFacts) -> Factor:
    """RF3: current recommendations repeating earlier ones: 3 or more 15, any 8."""
    points = 15 if facts.repeated >= 3 else 8 if facts.repeated else 0
    return Factor(
        "Concerns raised again",
        f"{facts.repeated} current recommendation{'s' if facts.repeated != 1 else ''} repeat "
        "an earlier one",
        points,
        15,
    )


def _claims(facts: ReadinessFacts) -> Factor:
    """RF4: claims of completion not borne out (judged otherwise, or the linked metric did
    not change): 2 or more 15, one 8."""
    count = facts.claims_not_borne_out
    points = 15 if count >= 2 else 8 if count else 0
    return Factor(
        "Complete but nothing changed",
        f"{count} recommendation{'s' if count != 1 else ''} claimed complete but judged "
        "otherwise or with no change in the linked metric",
        points,
        15,
    )


def _review(facts: ReadinessFacts) -> Factor:
    """RF5: the latest review of progress: half or more judged no meaningful or insufficient
    progress 15, any 8."""
    if not facts.review_followed_up:
        return Factor("Review of progress", "no review of progress held", 0, 15)
    share = facts.review_insufficient / facts.review_followed_up
    points = 15 if share >= 0.5 else 8 if facts.review_insufficient else 0
    return Factor(
        "Review of progress",
        f"{facts.review_insufficient} of {facts.review_followed_up} followed up judged no "
        f"meaningful or insufficient progress ({_percent(share)})",
        points,
        15,
    )


def _public_protection(facts: ReadinessFacts) -> Factor:
    """RF6: the last 12 months: more than 10% released homeless 5; fewer than 80% with a
    current OASys 5; fewer than 80% with MAPPA levels set on time 5."""
    parts: list[str] = []
    points = 0
    for share, words, bad in (
        (facts.released_homeless_share, "released homeless", lambda v: v > 0.10),
        (facts.oasys_current_share, "with a current OASys", lambda v: v < 0.80),
        (facts.mappa_set_on_time_share, "with MAPPA levels set on time", lambda v: v < 0.80),
    ):
        if share is None:
            parts.append(f"no figure for {words}")
            continue
        parts.append(f"{_percent(share)} {words}")
        points += 5 if bad(share) else 0
    return Factor("Public-protection figures (last 12 months)", "; ".join(parts), points, 15)


def forecast(facts: ReadinessFacts) -> Forecast:
    """Add up the factors RF1 to RF6 (at most 100 points)."""
    factors = [
        _grade(facts),
        _overdue(facts),
        _repeated(facts),
        _claims(facts),
        _review(facts),
        _public_protection(facts),
    ]
    return Forecast(sum(factor.points for factor in factors), factors)
