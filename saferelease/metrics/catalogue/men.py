"""Who the metrics count, with named fields: a man on the prisoner record (:class:`Man`),
his standing (:class:`Profile`: what does not change with the day) and a release with its
deadlines judged on the day (:class:`ReleaseOutcome`).

A metric's count reads these by name. A metric that needs a field they lack: add it to
:class:`Man` (a ``Prisoner`` field, then read in :meth:`Profile.of` if it is part of the
standing) or, for a release, read it from ``ReleaseOutcome.facts`` (every prisoner fact
of ``saferelease/deadlines/catalogue.py``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final, NamedTuple

from saferelease.core.calendar import add_months
from saferelease.deadlines import PrisonerFacts, SentenceType, Status, evaluate
from saferelease.release_planning.selectors import facts_from_values

_DETERMINATE: Final = frozenset({SentenceType.DETERMINATE, SentenceType.RECALL})
_new: Final = tuple.__new__


class Man(NamedTuple):
    """One man on the prisoner record, as the custody figures read him (each field is the
    ``Prisoner`` field of the same name, but the last four: what the offender management
    unit recorded of him, ``saferelease.metrics.selectors.omu_dates``)."""

    establishment_id: int
    reception_date: dt.date
    released_on: dt.date | None
    transferred_out_on: dt.date | None
    date_of_birth: dt.date
    offence_category: str
    sentence_type: str
    sentence_start_date: dt.date | None
    sed: dt.date | None
    rosh: str
    oasys_completed_date: dt.date | None
    maintains_innocence: bool
    programme_status: str
    #: His first and latest engagement offer (men maintaining innocence), None: never.
    engagement_first_offered_on: dt.date | None
    engagement_last_offered_on: dt.date | None
    #: The first date he was assessed as needing a programme (None: never).
    programme_need_since: dt.date | None
    #: The date he had started every programme he was assessed as needing (None: a
    #: programme not started, or no need).
    programme_need_met_on: dt.date | None


#: The fields of :class:`Man` that are not ``Prisoner`` fields.
OMU_FIELDS: Final = (
    "engagement_first_offered_on",
    "engagement_last_offered_on",
    "programme_need_since",
    "programme_need_met_on",
)


def band_of(sentence_type: str, start: dt.date | None, sed: dt.date | None) -> str | None:
    """``under_4_years``, ``4_to_10_years``, ``over_10_years``, ``indeterminate`` or
    ``length_not_recorded`` for a sentenced man; None for remand.

    Length is the sentence expiry date minus the sentence start, in calendar months:
    under 4 years if the SED is before start + 48 months; over 10 years if it is after
    start + 120 months; otherwise 4 to 10 years (both ends included).
    """
    if sentence_type == SentenceType.INDETERMINATE:
        return "indeterminate"
    if sentence_type not in _DETERMINATE:
        return None
    if start is None or sed is None:
        return "length_not_recorded"
    if sed < add_months(start, 48):
        return "under_4_years"
    if sed > add_months(start, 120):
        return "over_10_years"
    return "4_to_10_years"


def sentence_band(row: Mapping[str, Any]) -> str | None:
    """:func:`band_of` for a row with ``sentence_type``, ``sentence_start_date`` and
    ``sed``."""
    return band_of(row["sentence_type"], row["sentence_start_date"], row["sed"])


#: Every sentence band, in the order the dashboards show them.
BANDS: Final = (
    "under_4_years",
    "4_to_10_years",
    "over_10_years",
    "indeterminate",
    "length_not_recorded",
)


class Profile(NamedTuple):
    """What is true of a man whatever the day: few combinations, so what each combination
    counts towards is worked out once (``counting.py``)."""

    offence_category: str
    sentence_type: str
    #: :func:`band_of`; None for a man on remand (not sentenced).
    band: str | None
    #: "" when no RoSH level is recorded.
    rosh: str
    maintains_innocence: bool
    programme_status: str

    @classmethod
    def of(cls, man: Man) -> Profile:
        # tuple.__new__ with the fields in the order declared above: the same as calling
        # the class with them, without the keyword handling (once per man in custody).
        return _new(
            cls,
            (
                man.offence_category,
                man.sentence_type,
                band_of(man.sentence_type, man.sentence_start_date, man.sed),
                man.rosh or "",
                man.maintains_innocence,
                man.programme_status,
            ),
        )

    @property
    def sentenced(self) -> bool:
        return self.band is not None


@dataclass(frozen=True, slots=True)
class ReleaseOutcome:
    """What a released man's release looked like, with his deadlines judged at release."""

    released_on: dt.date
    accommodation: str
    rosh: str
    mappa_category: int | None
    mappa_level_set_date: dt.date | None
    #: Each rule's status on the day of release, by rule code.
    statuses: Mapping[str, Status] = field(default_factory=dict)
    #: Every prisoner fact, for a metric that needs one the fields above lack.
    facts: PrisonerFacts | None = None
    #: As :class:`Man`: when he was first assessed as needing a programme, and when he
    #: had started every one he needed (None: not all, or none).
    programme_need_since: dt.date | None = None
    programme_need_met_on: dt.date | None = None


#: The columns of a release beyond :class:`Man` (``facts_from_values`` reads the facts).
RELEASE_FIELDS: Final = ("establishment__designated_resettlement", "accommodation_on_release")


def release_outcome(row: dict[str, Any]) -> ReleaseOutcome:
    """Evaluate every rule at ``as_of`` = the release date (the row must be released)."""
    released_on = row["released_on"]
    facts = facts_from_values(row)
    results = evaluate(facts, released_on)
    return ReleaseOutcome(
        released_on=released_on,
        accommodation=row["accommodation_on_release"] or "",
        rosh=row["rosh"] or "",
        mappa_category=row["mappa_category"],
        mappa_level_set_date=row["mappa_level_set_date"],
        statuses={result.rule: result.status for result in results},
        facts=facts,
        programme_need_since=row.get("programme_need_since"),
        programme_need_met_on=row.get("programme_need_met_on"),
    )
