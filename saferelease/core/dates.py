"""Parsing and formatting of dates at the edges (forms, CSV, query strings)."""

from __future__ import annotations

import datetime as dt

# English month names, independent of the process locale (strftime's %B is not).
MONTHS = (
    "",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date(value: dt.date | None) -> str:
    """en-GB long form used on every screen: "31 January 2016" (no leading zero)."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month]} {value.year}"


def parse_date(text: str) -> dt.date:
    """Parse ISO `YYYY-MM-DD` or `DD/MM/YYYY`; raise ValueError with a clear message."""
    value = text.strip()
    try:
        if "/" in value:
            day, month, year = value.split("/")
            if len(year) != 4:
                raise ValueError
            return dt.date(int(year), int(month), int(day))
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{text}' is not a date in the form YYYY-MM-DD or DD/MM/YYYY") from None
