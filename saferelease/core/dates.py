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


#: The dates the service accepts as input: anything outside is refused as a mistake (date
#: arithmetic near year 1 or 9999 overflows).
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2199, 12, 31)


def parse_date(text: str) -> dt.date:
    """Parse ISO `YYYY-MM-DD` or `DD/MM/YYYY` between 1900 and 2199; raise ValueError with
    a clear message."""
    value = text.strip()
    try:
        if "/" in value:
            day, month, year = value.split("/")
            if len(year) != 4:
                raise ValueError
            parsed = dt.date(int(year), int(month), int(day))
        else:
            parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"'{text}' is not a date in the form YYYY-MM-DD or DD/MM/YYYY") from None
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise ValueError(f"'{text}' is outside the dates accepted (1900 to 2199)")
    return parsed
