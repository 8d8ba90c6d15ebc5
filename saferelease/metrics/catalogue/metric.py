"""How a metric is declared: its words and its counting, side by side.

A :class:`Metric` holds what people read (code, title, the definition shown beside the
figure, which direction is better, the group it is shown in) and its :data:`Figure`: how
its value comes from counts of men. A count says who it counts:

* :class:`InCustody`: men in custody at the end of the day whose standing
  (:class:`~saferelease.metrics.catalogue.men.Profile`, what does not change with the day)
  passes a test;
* :class:`InCustodyWhile`: men in custody at the end of the day for whom a date of theirs
  falls in a window that moves with the day (aged 50 or over, OASys current);
* :class:`Released`: men released during the period whose release
  (:class:`~saferelease.metrics.catalogue.men.ReleaseOutcome`, with every deadline
  judged on the day of release) passes a test;
* :class:`Recorded`: records of the offender management unit's own work
  (:mod:`saferelease.metrics.catalogue.records`: QA reviews, supervision sessions, COM
  report requests) dated in the period that pass a test.

What a scope has that is neither (programme places, POMs, places a year of its
programmes) is its :class:`Standing`, as it is now.

Counts are objects, shared by the metrics that use them; :mod:`saferelease.metrics.counting`
counts every count any metric uses in one pass over the men, whatever the scope and
buckets. Shares are fractions between 0 and 1 (None when nobody is in the denominator).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Final

from saferelease.deadlines import Status
from saferelease.metrics.catalogue.men import Man, Profile, ReleaseOutcome

Value = float | int | None
Values = dict[str, Value]


class Unit(enum.StrEnum):
    COUNT = "count"
    SHARE = "share"
    PER_MONTH = "per_month"
    #: One number per another (sessions per POM per quarter, places per man waiting).
    RATIO = "ratio"


class Better(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"  # a description of the population, not a performance figure


class Group(enum.StrEnum):
    """The groups the dashboards show, in this order."""

    POPULATION = "Population in custody"
    RISK = "Risk of serious harm"
    RELEASES = "Releases and accommodation"
    PUBLIC_PROTECTION = "Public protection at release"
    HEALTH_AND_WORK = "Health and work on release"
    PROGRAMMES = "Offending-behaviour work"
    OFFENDER_MANAGEMENT = "Offender management unit"
    DEADLINES = "Release-planning deadlines at release"


def share(numerator: int, denominator: int) -> float | None:
    """A fraction between 0 and 1, or None when the denominator is 0."""
    return numerator / denominator if denominator else None


# -----------------------------------------------------------------------------------------
# Counts: who is counted
# -----------------------------------------------------------------------------------------


# eq=False: a count is itself, hashed by identity (fast as a Counter key); the same count
# used by two metrics is the same object.
@dataclass(frozen=True, eq=False, slots=True)
class InCustody:
    """The men in custody at the end of the day whose standing passes ``holds``."""

    name: str
    holds: Callable[[Profile], bool]


def _everyone(profile: Profile) -> bool:
    return True


@dataclass(frozen=True, eq=False, slots=True)
class InCustodyWhile:
    """The men in custody at the end of the day whose standing passes ``holds`` and whose
    ``date`` is on or before ``latest(day)`` and on or after ``earliest(day)`` (either
    bound may be None: no bound). Both bounds must never go down as the day goes up.
    A man with no date counts every day he is in custody when ``undated`` is True, and
    never otherwise."""

    name: str
    date: Callable[[Man], dt.date | None]
    latest: Callable[[dt.date], dt.date] | None = None
    earliest: Callable[[dt.date], dt.date] | None = None
    holds: Callable[[Profile], bool] = _everyone
    undated: bool = False


@dataclass(frozen=True, eq=False, slots=True)
class Released:
    """The men released during the period whose release passes ``holds``."""

    name: str
    holds: Callable[[ReleaseOutcome], bool]
    #: When the count is exactly "the rule with this code ended in one of these statuses"
    #: (``deadlines.rule_outcome``): the counting looks it up rather than asking ``holds``.
    rule_statuses: tuple[str, frozenset[Status]] | None = None


@dataclass(frozen=True, eq=False, slots=True)
class Recorded:
    """The records of one kind (a row type of :mod:`.records`) whose ``date`` falls in the
    period and that pass ``holds`` (a record with no date is never counted)."""

    name: str
    record: type
    date: Callable[[Any], dt.date | None]
    holds: Callable[[Any], bool] = lambda record: True


Count = InCustody | InCustodyWhile | Released | Recorded


@dataclass(frozen=True, slots=True)
class Standing:
    """What a scope has now that is not a count of men or of records."""

    #: Programme places set for the establishments (None: none set).
    programme_places: int | None = None
    #: Caseworkers (POMs) assigned to the establishments and active.
    poms: int = 0
    #: Places a year of the establishments' active programmes (None: no programme).
    places_per_year: int | None = None

    def __add__(self, other: Standing) -> Standing:
        return Standing(
            _plus(self.programme_places, other.programme_places),
            self.poms + other.poms,
            _plus(self.places_per_year, other.places_per_year),
        )


def _plus(a: int | None, b: int | None) -> int | None:
    return b if a is None else a if b is None else a + b


NO_STANDING: Final = Standing()


@dataclass(frozen=True, slots=True)
class Counted:
    """What one period (or one month of a trend) counted."""

    #: The men in custody at the end of its last day, per count.
    custody: Mapping[InCustody | InCustodyWhile, int]
    #: The men released in it, per count.
    releases: Mapping[Released, int]
    #: Calendar months in it (:func:`saferelease.metrics.periods.months_in`).
    months: float
    #: What the establishments in scope have now (places, POMs).
    standing: Standing = NO_STANDING
    #: The OMU's records dated in it, per count.
    records: Mapping[Recorded, int] = field(default_factory=dict)

    def __getitem__(self, count: Count) -> int:
        if isinstance(count, Released):
            return self.releases.get(count, 0)
        if isinstance(count, Recorded):
            return self.records.get(count, 0)
        return self.custody.get(count, 0)


# -----------------------------------------------------------------------------------------
# Figures: how a metric's value comes from the counts
# -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Number:
    """How many men ``count`` counts."""

    count: Count
    unit: ClassVar[Unit] = Unit.COUNT

    def counts(self) -> tuple[Count, ...]:
        return (self.count,)

    def value(self, counted: Counted) -> Value:
        return counted[self.count]


@dataclass(frozen=True, slots=True)
class Share:
    """``numerator`` divided by ``denominator`` (None when the denominator is 0)."""

    numerator: Count
    denominator: Count
    unit: ClassVar[Unit] = Unit.SHARE

    def counts(self) -> tuple[Count, ...]:
        return (self.numerator, self.denominator)

    def value(self, counted: Counted) -> Value:
        return share(counted[self.numerator], counted[self.denominator])


@dataclass(frozen=True, slots=True)
class PerMonth:
    """How many men ``count`` counts, divided by the calendar months in the period."""

    count: Released
    unit: ClassVar[Unit] = Unit.PER_MONTH

    def counts(self) -> tuple[Count, ...]:
        return (self.count,)

    def value(self, counted: Counted) -> Value:
        return counted[self.count] / counted.months


@dataclass(frozen=True, slots=True)
class ProgrammePlaces:
    """The programme places set for the establishments in scope (not a count of men)."""

    unit: ClassVar[Unit] = Unit.COUNT

    def counts(self) -> tuple[Count, ...]:
        return ()

    def value(self, counted: Counted) -> Value:
        return counted.standing.programme_places


@dataclass(frozen=True, slots=True)
class Total:
    """How many men the ``counts`` count together (they must never count the same man)."""

    counts_added: tuple[Count, ...]
    unit: ClassVar[Unit] = Unit.COUNT

    def counts(self) -> tuple[Count, ...]:
        return self.counts_added

    def value(self, counted: Counted) -> Value:
        return sum(counted[count] for count in self.counts_added)


@dataclass(frozen=True, slots=True)
class PerPomPerQuarter:
    """Records ``count`` counts, divided by the POMs of the scope (now) and by the quarters
    in the period (calendar months / 3). None with no POMs."""

    count: Recorded
    unit: ClassVar[Unit] = Unit.RATIO

    def counts(self) -> tuple[Count, ...]:
        return (self.count,)

    def value(self, counted: Counted) -> Value:
        if not counted.standing.poms or not counted.months:
            return None
        return counted[self.count] / counted.standing.poms / (counted.months / 3)


@dataclass(frozen=True, slots=True)
class PlacesAgainstNeed:
    """The places a year of the scope's programmes (now) per man waiting: the men
    ``needing`` counts less those ``met`` counts (None when nobody waits or no programme)."""

    needing: Count
    met: Count
    unit: ClassVar[Unit] = Unit.RATIO

    def counts(self) -> tuple[Count, ...]:
        return (self.needing, self.met)

    def value(self, counted: Counted) -> Value:
        waiting = counted[self.needing] - counted[self.met]
        places = counted.standing.places_per_year
        if places is None or waiting <= 0:
            return None
        return places / waiting


Figure = Number | Share | PerMonth | ProgrammePlaces | Total | PerPomPerQuarter | PlacesAgainstNeed


@dataclass(frozen=True, slots=True)
class Metric:
    """One metric: its words and how it is counted."""

    code: str
    title: str
    #: Shown beside the figure on screen, in the exports, the API schema and docs/metrics.md.
    definition: str
    #: Which direction is an improvement (the "marked complete but nothing changed" test).
    better: Better
    group: Group
    figure: Figure
    #: Shown as a monthly trend chart on the dashboards.
    charted: bool = False

    @property
    def unit(self) -> Unit:
        return self.figure.unit

    @property
    def is_share(self) -> bool:
        return self.unit == Unit.SHARE

    def value(self, counted: Counted) -> Value:
        return self.figure.value(counted)
