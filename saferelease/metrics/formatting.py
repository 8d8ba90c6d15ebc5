"""Figures as people read them: shares as percentages, counts with thousands separators."""

from __future__ import annotations

import datetime as dt

from saferelease.metrics.catalogue import Unit

NOT_AVAILABLE = "–"


def format_value(value: float | int | None, unit: Unit, *, places: int = 0) -> str:
    """0.753 as "75%" (share; ``places`` decimals), 1234 as "1,234" (count), 30.25 as
    "30.3" (a month), 0.456 as "0.46" (a ratio)."""
    if value is None:
        return NOT_AVAILABLE
    if unit == Unit.SHARE:
        return f"{value * 100:.{places}f}%"
    if unit == Unit.PER_MONTH:
        return f"{value:,.1f}"
    if unit == Unit.RATIO:
        return f"{value:,.2f}"
    return f"{value:,.0f}"


def month_label(day: dt.date) -> str:
    """ "Jan 2026": short, for chart axes."""
    return f"{day:%b %Y}"


def month_name(day: dt.date) -> str:
    """ "January 2026": for tables."""
    return f"{day:%B %Y}"
