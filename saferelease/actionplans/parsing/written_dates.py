"""Dates as the covers of HMIP documents write them, read the way a careful reader does.

Covers write inspection dates in many ways: "2 – 13 March 2015", "10-21 February 2020",
"23 April – 3 May 2019", "10 December 2018 – 4 January 2019", ordinals ("26th August 2020",
and "26 th" where a PDF split the suffix off), split visits ("24-25th February; 2-6th March
2020", "6-7, 20-23 August 2018", "17, 18 December & 7-11 January 2019") and ranges without a
year ("11-22 May").  The rules (docs/actionplan-import.md, "The cover"):

* a day takes the first month written after it, and a month the first year written after it
  ("6-7, 20-23 August 2018": every day is in August 2018);
* the days of a visit are written in order, so a day whose month comes after the month of a
  later day sharing its year belongs to the year before ("17, 18 December & 7-11 January
  2019": 17 December 2018 to 11 January 2019);
* the visit starts on its first day and ends on its last; the text is kept as written;
* a day with no month, a month with no day, or days out of order are not read (the caller
  reports them as unreadable, never guessed);
* without any year, the days are kept with their year offsets for the caller to settle from
  the document's other dates (`resolve_year`).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from .common import MONTHS, normalise_ws

_WEEKDAYS = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?"
_MONTH_NAMES = sorted(MONTHS, key=len, reverse=True)

_TOKEN_RE = re.compile(
    r"""
    (?P<iso>\d{4}-\d{1,2}-\d{1,2})(?!\d)
    |(?P<numeric>\d{1,2})\s*[/.]\s*(?P<numeric_month>\d{1,2})\s*[/.]\s*(?P<numeric_year>\d{4}|\d{2})(?![\d/.])
    |(?P<year>(?:19|20)\d{2})(?!\d)
    |(?P<day>\d{1,2})(?:\s?(?:st|nd|rd|th)\b)?(?![\d/.:])
    |(?P<month>(?:"""
    + "|".join(_MONTH_NAMES)
    + r"""))\b\.?
    |(?P<weekday>"""
    + _WEEKDAYS
    + r""")\b\.?
    |(?P<separator>[-–—‒‐]|\bto\b|\band\b|&|\+|,|;|\buntil\b|\btill\b|\bthrough\b)
    |(?P<filler>\bthe\b|\bof\b|\bon\b|\bfrom\b|\bbetween\b)
    """,
    re.IGNORECASE | re.VERBOSE,
)


_KINDS = ("iso", "numeric", "year", "day", "month", "weekday", "separator", "filler")


@dataclass(frozen=True)
class WrittenDay:
    """One day of a written expression; ``year`` None until a year is known for it."""

    day: int
    month: int
    year: int | None
    year_offset: int  # relative to the expression's last day (0 or negative)


@dataclass(frozen=True)
class WrittenDates:
    """What a date expression says: its days in order, and the text they came from.

    ``problem`` is set (and ``days`` is empty) when the text has the shape of a date but
    cannot be read as one, for example "March 2015" (no day) or "6-7" (no month).
    """

    as_written: str
    days: tuple[WrittenDay, ...] = ()
    problem: str = ""

    @property
    def readable(self) -> bool:
        return bool(self.days) and not self.problem

    @property
    def has_year(self) -> bool:
        return self.readable and self.days[-1].year is not None

    def resolved(self, last_year: int | None = None) -> tuple[date, ...] | None:
        """The dates, the year of the last day given by ``last_year`` when none is written;
        None when a date is impossible (30 February)."""
        if not self.readable:
            return None
        year = self.days[-1].year if self.days[-1].year is not None else last_year
        if year is None:
            return None
        try:
            return tuple(
                date(
                    day.year if day.year is not None else year + day.year_offset, day.month, day.day
                )
                for day in self.days
            )
        except ValueError:
            return None


@dataclass
class _Atom:
    day: int | None
    month: int | None = None
    year: int | None = None
    direct_year: bool = False


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _two_digit_year(text: str) -> int:
    value = int(text)
    return value + 2000 if len(text) == 2 else value


def read_dates(text: str) -> WrittenDates | None:
    """Read the date expression at the start of ``text``; None when it does not start with one.

    Reading stops at the first word that is not part of a date (a label, "Attached", ...).
    """
    source = normalise_ws(text)
    position = 0
    atoms: list[_Atom] = []
    pending_month: list[_Atom] = []
    pending_year: list[_Atom] = []
    last_group: list[_Atom] = []
    end = 0
    seen_date_token = False
    while True:
        while position < len(source) and source[position] in " \t:":
            position += 1
        match = _TOKEN_RE.match(source, position)
        if match is None:
            break
        kind = next(name for name in _KINDS if match.group(name) is not None)
        position = match.end()
        if kind in ("separator", "filler", "weekday"):
            continue
        seen_date_token = True
        end = match.end()
        if kind == "iso":
            year, month, day = (int(part) for part in match.group("iso").split("-"))
            atoms.append(_Atom(day, month, year, True))
            pending_month, pending_year, last_group = [], [], []
        elif kind == "numeric":
            atoms.append(
                _Atom(
                    int(match.group("numeric")),
                    int(match.group("numeric_month")),
                    _two_digit_year(match.group("numeric_year")),
                    True,
                )
            )
            pending_month, pending_year, last_group = [], [], []
        elif kind == "day":
            atom = _Atom(int(match.group("day")))
            atoms.append(atom)
            pending_month.append(atom)
            pending_year.append(atom)
        elif kind == "month":
            month = _month_number(match.group("month"))
            if pending_month:
                for atom in pending_month:
                    atom.month = month
                last_group, pending_month = pending_month, []
            else:
                atom = _Atom(None, month)
                atoms.append(atom)
                pending_year.append(atom)
                last_group = [atom]
        elif kind == "year":
            if not pending_year:
                break
            year = int(match.group("year"))
            for atom in pending_year:
                atom.year = year
                atom.direct_year = atom in last_group
            pending_year, last_group = [], []
    if not seen_date_token:
        return None
    written = source[:end].strip(" ,;&-–—")
    if pending_month or any(atom.month is None for atom in atoms):
        return WrittenDates(written, problem="a day is given without its month")
    if not atoms or any(atom.day is None for atom in atoms):
        return WrittenDates(written, problem="no day is given")
    return _ordered(written, atoms)


def _ordered(written: str, atoms: list[_Atom]) -> WrittenDates:
    """Give each day its year (or offset) walking back from the last, and check the order."""
    days: list[WrittenDay] = []
    later: WrittenDay | None = None
    for atom in reversed(atoms):
        assert atom.day is not None and atom.month is not None
        if atom.year is not None and (atom.direct_year or later is None):
            year, offset = atom.year, 0
        elif later is None:
            year, offset = None, 0
        else:
            wraps = (atom.month, atom.day) > (later.month, later.day)
            year = None if later.year is None else later.year - wraps
            offset = later.year_offset - wraps
        current = WrittenDay(atom.day, atom.month, year, offset)
        if year is not None:
            if (
                not 1 <= atom.month <= 12
                or not 1 <= atom.day <= calendar.monthrange(year, atom.month)[1]
            ):
                return WrittenDates(written, problem="it is not a valid date")
        elif not 1 <= atom.month <= 12 or atom.day > 31:
            return WrittenDates(written, problem="it is not a valid date")
        days.append(current)
        later = current
    days.reverse()
    if days[-1].year is not None:
        keys = [(d.year, d.month, d.day) for d in days]
    else:
        keys = [(d.year_offset, d.month, d.day) for d in days]
    if keys != sorted(keys):
        return WrittenDates(written, problem="its days are not in order")
    return WrittenDates(written, tuple(days))


def read_single_date(text: str) -> WrittenDates | None:
    """A field holding one date ("Report Published 20 August 2019"): several days are a
    problem, as is a month without a day."""
    found = read_dates(text)
    if found is None or not found.readable:
        return found
    if len(found.days) != 1:
        return WrittenDates(found.as_written, problem="it gives more than one date")
    return found


def resolve_year(
    expression: WrittenDates,
    *,
    before: Sequence[tuple[date, int]] = (),
    after: Sequence[tuple[date, int]] = (),
) -> tuple[int | None, str]:
    """The year of the last day of a year-less expression, from the document's other dates.

    ``before``: (a date the expression must end on or before, how many months before it the
    expression may end at most); ``after``: (a date the expression must start on or after,
    how many months after it at most).  An inspection ends before its report is published
    (within 12 months) and before the plan is submitted (within 18); a report is published
    after the inspection.  The year is settled when exactly one year satisfies every anchor;
    otherwise (None, why).
    """
    anchors = [*before, *after]
    if not anchors:
        return None, "no other date in the document gives its year"
    years = range(min(a.year for a, _ in anchors) - 2, max(a.year for a, _ in anchors) + 3)
    candidates = set()
    for year in years:
        dates = expression.resolved(year)
        if dates is None:
            continue
        if all(
            _months_before(anchor, months) <= dates[-1] <= anchor for anchor, months in before
        ) and all(anchor <= dates[0] <= _months_after(anchor, months) for anchor, months in after):
            candidates.add(year)
    if len(candidates) == 1:
        return candidates.pop(), ""
    if not candidates:
        return None, "the document's other dates do not fit any year"
    return None, "the document's other dates fit more than one year"


def _months_after(anchor: date, months: int) -> date:
    return _months_before(anchor, -months)


def _months_before(anchor: date, months: int) -> date:
    total = anchor.year * 12 + anchor.month - 1 - months
    year, month = divmod(total, 12)
    day = min(anchor.day, calendar.monthrange(year, month + 1)[1])
    return date(year, month + 1, day)
