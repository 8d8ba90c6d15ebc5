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
  judged on the day of release) passes a test.

Counts are objects, shared by the metrics that use them; :mod:`saferelease.metrics.counting`
counts every count any metric uses in one pass over the men, whatever the scope and
buckets. Shares are fractions between 0 and 1 (None when nobody is in the denominator).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from saferelease.deadlines import Status
from saferelease.metrics.catalogue.men import Man, Profile, ReleaseOutcome

Value = float | int | None
Values = dict[str, Value]


class Unit(enum.StrEnum):
    COUNT = "count"
    SHARE = "share"
    PER_MONTH = "per_month"


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


Count = InCustody | InCustodyWhile | Released


@dataclass(frozen=True, slots=True)
class Counted:
    """What one period (or one month of a trend) counted."""

    #: The men in custody at the end of its last day, per count.
    custody: Mapping[InCustody | InCustodyWhile, int]
    #: The men released in it, per count.
    releases: Mapping[Released, int]
    #: Calendar months in it (:func:`saferelease.metrics.periods.months_in`).
    months: float
    #: Programme places set for the establishments in scope (None: none set).
    programme_places: int | None

    def __getitem__(self, count: Count) -> int:
        if isinstance(count, Released):
            return self.releases.get(count, 0)
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
        return counted.programme_places


Figure = Number | Share | PerMonth | ProgrammePlaces


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
