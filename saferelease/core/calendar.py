"""Calendar arithmetic: calendar months, days and working days (England and Wales).

Pure Python: no Django and no clock. Every function takes the dates it works on. The rules
(``docs/deadline-rules.md``, "Definitions"):

* **Months are calendar months.** Subtract (or add) the months first, clamping to the end
  of a shorter month (31 August minus 6 months is 28 February, or 29 February in a leap
  year), then the days.
* **Working days** skip Saturdays, Sundays and England and Wales bank holidays, as listed
  by the ``holidays`` package (``holidays.country_holidays("GB", subdiv="ENG")``), which
  includes substitute ("observed") days and one-off holidays such as the 2022 state
  funeral. "2 working days before" a date counts back over the working days strictly
  before it, so the date itself never counts.

Dates on screen are written by :func:`saferelease.core.dates.format_date`. Calendars are
built once per year and cached, and the working-day and month arithmetic is memoised,
because the deadline engine runs over the whole national population at once.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Final

import holidays

__all__ = [
    "SUPPORTED_YEARS",
    "add_months",
    "add_working_days",
    "bank_holiday_name",
    "bank_holidays",
    "bank_holidays_between",
    "days_phrase",
    "is_bank_holiday",
    "is_working_day",
    "shift",
    "subtract_months",
    "subtract_working_days",
]

#: Years the bank-holiday calendar is tested for. Other years work too (the ``holidays``
#: package computes them by rule), but one-off holidays are only known once announced.
SUPPORTED_YEARS: Final = range(2015, 2041)

_ONE_DAY: Final = timedelta(days=1)

# --- bank holidays -----------------------------------------------------------------------


@cache
def _bank_holiday_names(year: int) -> MappingProxyType[date, str]:
    """England and Wales bank holidays in ``year`` with their names (cached per year)."""
    calendar_for_year = holidays.country_holidays("GB", subdiv="ENG", years=year)
    return MappingProxyType({day: str(name) for day, name in sorted(calendar_for_year.items())})


@cache
def bank_holidays(year: int) -> frozenset[date]:
    """The England and Wales bank holidays in ``year``, including substitute days."""
    return frozenset(_bank_holiday_names(year))


def bank_holiday_name(day: date) -> str | None:
    """The bank holiday's name, e.g. "Easter Monday", or None on an ordinary day."""
    return _bank_holiday_names(day.year).get(day)


def is_bank_holiday(day: date) -> bool:
    """Whether ``day`` is an England and Wales bank holiday."""
    return day in bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    """Monday to Friday and not an England and Wales bank holiday."""
    return day.weekday() < 5 and day not in bank_holidays(day.year)


@lru_cache(maxsize=4096)
def bank_holidays_between(start: date, end: date) -> tuple[tuple[date, str], ...]:
    """Bank holidays falling on a weekday from ``start`` to ``end`` inclusive, in order.

    These are the days a working-day count skips that it would not skip as a weekend; the
    deadline explanations name them.
    """
    found: list[tuple[date, str]] = []
    for year in range(start.year, end.year + 1):
        for day, name in _bank_holiday_names(year).items():
            if start <= day <= end and day.weekday() < 5:
                found.append((day, name))
    return tuple(found)


# --- arithmetic --------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def add_working_days(day: date, count: int) -> date:
    """The date ``count`` working days after ``day`` (before it when ``count`` is negative).

    Only working days are counted and ``day`` itself is never counted: 2 working days
    before Wednesday 8 April 2026 skips Easter Monday (6 April), the weekend and Good
    Friday (3 April) and is Thursday 2 April 2026. ``count == 0`` returns ``day`` unchanged.
    """
    step = _ONE_DAY if count > 0 else -_ONE_DAY
    remaining = abs(count)
    current = day
    while remaining:
        current += step
        if current.weekday() < 5 and current not in bank_holidays(current.year):
            remaining -= 1
    return current


def subtract_working_days(day: date, count: int) -> date:
    """The date ``count`` working days before ``day`` (see :func:`add_working_days`)."""
    return add_working_days(day, -count)


@lru_cache(maxsize=65536)
def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months, clamped to the end of a shorter month.

    31 August 2026 minus 6 months is 28 February 2026; 31 August 2028 minus 6 months is
    29 February 2028; 31 May 2026 minus 6 months is 30 November 2025.
    """
    if months == 0:
        return day
    index = day.year * 12 + (day.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def subtract_months(day: date, months: int) -> date:
    """``day`` moved back ``months`` calendar months (see :func:`add_months`)."""
    return add_months(day, -months)


def shift(day: date, *, months: int = 0, days: int = 0, working_days: int = 0) -> date:
    """Move ``day`` by months first (clamped), then days, then working days.

    Use negative numbers to go back: ``shift(erd, months=-8, days=-14)`` is "ERD minus 8
    months and 14 days". The order matters: 31 October 2026 minus 8 months is 28 February
    2026 (clamped), minus 14 days is 14 February 2026.
    """
    result = add_months(day, months) if months else day
    if days:
        result += timedelta(days=days)
    if working_days:
        result = add_working_days(result, working_days)
    return result


# --- words -------------------------------------------------------------------------------


def days_phrase(count: int) -> str:
    """ "1 day", "12 days" (the absolute value of ``count``)."""
    count = abs(count)
    return "1 day" if count == 1 else f"{count} days"
