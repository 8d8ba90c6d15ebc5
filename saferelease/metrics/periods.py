"""Periods the metrics are computed over: from a first to a last day, both inclusive, and
the calendar months in them (pure: dates in, no clock)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from saferelease.core.calendar import add_months

_ONE_DAY: Final = dt.timedelta(days=1)


def months_in(start: dt.date, end: dt.date) -> float:
    """Calendar months from ``start`` to ``end`` inclusive: whole months, then the part
    month as a fraction of its length (1 January to 31 March is 3.0)."""
    after = end + _ONE_DAY
    whole = 0
    while add_months(start, whole + 1) <= after:
        whole += 1
    base, following = add_months(start, whole), add_months(start, whole + 1)
    return whole + (after - base).days / (following - base).days


@dataclass(frozen=True, slots=True)
class Period:
    """From ``start`` to ``end``, both inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("The end date must be the same as or after the start date")

    @property
    def months(self) -> float:
        return months_in(self.start, self.end)

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def monthly(self) -> list[Period]:
        """The calendar months overlapping this period, each clamped to it."""
        result = []
        first = self.start.replace(day=1)
        while first <= self.end:
            following = add_months(first, 1)
            result.append(Period(max(first, self.start), min(following - _ONE_DAY, self.end)))
            first = following
        return result


def default_period(today: dt.date) -> Period:
    """The last 12 months up to and including ``today``."""
    return Period(add_months(today, -12) + _ONE_DAY, today)


def last_months(end: dt.date, months: int) -> Period:
    """The last ``months`` calendar months up to ``end``, the month of ``end`` counting as
    one (3 months to 15 March: 1 January to 15 March)."""
    return Period(add_months(end.replace(day=1), 1 - months), end)
