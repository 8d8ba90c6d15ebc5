"""Shared helpers: whitespace, HTML fragments, dates, report references and decisions.

Rules follow the HMIP action-plan templates (2015 "Accepted/Rejected" and 2019 "Agreed/Partly
Agreed/Not Agreed"); see docs/actionplan-import.md.
"""

from __future__ import annotations

import calendar
import html
import re
from datetime import date

from .model import Decision

# --------------------------------------------------------------------------- text and HTML

_WS_RE = re.compile(r"\s+")
_BLOCK_TAG_RE = re.compile(r"</?(?:p|div|li|ul|ol)\b[^>]*>", re.IGNORECASE)
_INLINE_TAG_RE = re.compile(
    r"</?(?:b|i|u|em|strong|span|font|sup|sub|a|br|small|big|s|strike)\b[^>]*/?>", re.IGNORECASE
)
_BOLD_RE = re.compile(r"<(b|strong)\b[^>]*>(.*?)</\1\s*>", re.IGNORECASE | re.DOTALL)


def normalise_ws(text: str) -> str:
    """Collapse every run of whitespace (including non-breaking spaces) to one space."""
    return _WS_RE.sub(" ", text.replace("\xa0", " ")).strip()


def paragraphs(markup: str) -> list[str]:
    """Plain paragraphs of a cell: ``<p>``/``<div>``/``<li>`` and blank lines separate them.

    Inline tags (``<b>``, ``<i>``, ...) are dropped and entities unescaped; a single newline
    inside a paragraph is ordinary whitespace.
    """
    marked = _BLOCK_TAG_RE.sub("\n\n", markup)
    marked = _INLINE_TAG_RE.sub("", marked)
    parts = re.split(r"\n[ \t\xa0]*\n", html.unescape(marked))
    return [text for text in (normalise_ws(part) for part in parts) if text]


def plain(markup: str) -> str:
    """The cell as one line of plain text (paragraphs joined with a space)."""
    return " ".join(paragraphs(markup))


def is_bold_heading(markup: str) -> bool:
    """True when all the text of the cell is inside ``<b>``/``<strong>`` (a heading row cell)."""
    if not plain(markup):
        return False
    outside = _BOLD_RE.sub("", markup)
    return not plain(outside)


def to_markup(text: str, *, newline_is_paragraph: bool) -> str:
    """Escape raw cell text into the canonical markup used by every reader.

    Spreadsheet cells use newlines as paragraph breaks; PDF cells wrap lines, so there a
    single newline is only a space and a blank line is a paragraph break.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    parts = re.split(r"\n" if newline_is_paragraph else r"\n[ \t]*\n", text)
    kept = [html.escape(normalise_ws(part), quote=False) for part in parts if part.strip()]
    if len(kept) <= 1:
        return kept[0] if kept else ""
    return " ".join(f"<p>{part}</p>" for part in kept)


# --------------------------------------------------------------------------- dates

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    MONTHS[calendar.month_name[_number].lower()] = _number
    MONTHS[calendar.month_abbr[_number].lower()] = _number
MONTHS["sept"] = 9

_MONTH_WORD = r"[A-Za-z]+"
_DAY_MONTH_YEAR_RE = re.compile(
    rf"(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH_WORD})\.?,?\s+(\d{{4}})", re.IGNORECASE
)
_MONTH_DAY_YEAR_RE = re.compile(
    rf"({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})", re.IGNORECASE
)
_MONTH_YEAR_RE = re.compile(rf"({_MONTH_WORD})\.?,?\s+(\d{{4}})", re.IGNORECASE)
_NUMERIC_RE = re.compile(r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4}|\d{2})")
_NUMERIC_MONTH_YEAR_RE = re.compile(r"(\d{1,2})\s*/\s*(\d{4})")
_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_PREFIX_RE = re.compile(r"^(?:by|before|no later than|end of|end|the end of)\s+", re.IGNORECASE)

#: Words that start a target cell holding a status rather than a date.
STATUS_WORDS = (
    "completed",
    "complete",
    "ongoing",
    "on-going",
    "on going",
    "achieved",
    "closed",
    "in place",
    "immediate",
    "immediately",
    "continuous",
    "rolling",
    "n/a",
    "not applicable",
    "tbc",
    "tba",
    "none",
    "nil",
    "weekly",
    "monthly",
    "quarterly",
    "annually",
    "annual",
)


class DateFormatError(ValueError):
    """Text that looks like a date but is not a valid one."""


def _year(text: str) -> int:
    value = int(text)
    return value + 2000 if len(text) == 2 else value


def _make_date(year: int, month: int, day: int, written: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise DateFormatError(f"'{written}' is not a valid date") from None


def _month(word: str, written: str) -> int:
    number = MONTHS.get(word.lower())
    if number is None:
        raise DateFormatError(f"'{written}' is not a valid date ('{word}' is not a month)")
    return number


def last_day_of_month(year: int, month: int) -> date:
    """The last calendar day of ``month`` (a month-only target such as "March 2020")."""
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_date(text: str) -> date | None:
    """Parse one date as UK documents write it; month-only means the last day of the month.

    Accepts "31 January 2016", "31st Jan 2016", "January 31, 2016", "March 2020", "31/01/2020",
    "31.01.20", "2020-01-31" (also with a time), "03/2020".  Returns None when the text does not
    have the shape of a date; raises DateFormatError when it does but is impossible.
    """
    written = normalise_ws(text)
    core = _PREFIX_RE.sub("", written.rstrip(".,; ")).strip()
    if match := _ISO_RE.fullmatch(core):
        year, month, day = (int(group) for group in match.groups())
        return _make_date(year, month, day, written)
    if match := _NUMERIC_RE.fullmatch(core):
        day, month = int(match.group(1)), int(match.group(2))
        return _make_date(_year(match.group(3)), month, day, written)
    if match := _NUMERIC_MONTH_YEAR_RE.fullmatch(core):
        month, year = int(match.group(1)), int(match.group(2))
        if not 1 <= month <= 12:
            raise DateFormatError(f"'{written}' is not a valid date")
        return last_day_of_month(year, month)
    if match := _DAY_MONTH_YEAR_RE.fullmatch(core):
        month = _month(match.group(2), written)
        return _make_date(int(match.group(3)), month, int(match.group(1)), written)
    if match := _MONTH_DAY_YEAR_RE.fullmatch(core):
        month = _month(match.group(1), written)
        return _make_date(int(match.group(3)), month, int(match.group(2)), written)
    if match := _MONTH_YEAR_RE.fullmatch(core):
        return last_day_of_month(int(match.group(2)), _month(match.group(1), written))
    return None


def _looks_like_date(text: str) -> bool:
    lowered = text.lower()
    return bool(re.search(r"\d", lowered)) or any(
        re.search(rf"\b{re.escape(name)}\b", lowered) for name in MONTHS
    )


def parse_target(markup: str) -> tuple[date | None, str]:
    """Target-date cell -> (date or None, text as written).

    Empty, "Completed", "Ongoing" and other status words give None.  Text containing a digit or
    a month name that is not a date raises DateFormatError (e.g. "31 Febtember 2016").
    """
    written = plain(markup)
    if not written:
        return None, ""
    parsed = parse_date(written)
    if parsed is not None:
        return parsed, written
    lowered = written.lower()
    if any(re.match(rf"{re.escape(word)}\b", lowered) for word in STATUS_WORDS):
        return None, written
    if _looks_like_date(written):
        raise DateFormatError(f"target date '{written}' is not a date this parser can read")
    return None, written


def is_complete_target(markup: str) -> bool:
    """True when the cell is, on its own, a full date or a status (not "29 February" or "2016")."""
    try:
        _parsed, written = parse_target(markup)
    except DateFormatError:
        return False
    return bool(written)


def parse_date_range(text: str) -> tuple[date, date] | None:
    """Inspection dates: "2 – 13 March 2015", "28 February – 10 March 2015",
    "10 December 2018 – 4 January 2019", or a single date (start = end)."""
    written = normalise_ws(plain(text))
    match = re.fullmatch(
        r"(\d{1,2})(?:st|nd|rd|th)?(?:\s+([A-Za-z]+))?(?:\s+(\d{4}))?\s*(?:[-–—]|to|and)\s*"
        r"(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})",
        written,
        re.IGNORECASE,
    )
    if match is None:
        try:
            single = parse_date(written)
        except DateFormatError:
            return None
        return (single, single) if single is not None else None
    end_month = MONTHS.get(match.group(5).lower())
    if end_month is None:
        return None
    start_month = MONTHS.get((match.group(2) or match.group(5)).lower())
    if start_month is None:
        return None
    end_year = int(match.group(6))
    start_year = int(match.group(3)) if match.group(3) else end_year
    try:
        start = date(start_year, start_month, int(match.group(1)))
        end = date(end_year, end_month, int(match.group(4)))
    except ValueError:
        return None
    return (start, end) if start <= end else None


def month_year_label(text: str) -> str:
    """ "OCTOBER 2015" -> "October 2015"; anything else is returned whitespace-normalised."""
    written = normalise_ws(plain(text))
    match = _MONTH_YEAR_RE.fullmatch(written)
    if match and match.group(1).lower() in MONTHS:
        return f"{calendar.month_name[MONTHS[match.group(1).lower()]]} {match.group(2)}"
    return written


# --------------------------------------------------------------------------- references

REF_RE = re.compile(r"(?:[A-Za-z]{1,3}\s?)?\d{1,3}(?:\.\d{1,3})*[a-z]?")
_REF_TOKEN_RE = re.compile(r"[A-Za-z]{0,3}\d{1,3}(?:\.\d{1,3})*[a-z]?")
_TRAILING_BRACKET_RE = re.compile(r"\(([^()]*)\)[\s.]*$")
_REPEAT_RE = re.compile(
    r"^(?:repeated|repeat|previous(?:ly)?(?:\s+made)?|partially\s+repeated)"
    r"(?:\s+(?:main\s+)?recommendations?)?\s*",
    re.IGNORECASE,
)
_PARA_WORD_RE = re.compile(r"^(?:see\s+)?(?:paragraphs?|paras?\.?|section)\s*", re.IGNORECASE)


def clean_ref(text: str) -> str:
    """Item number as written, without surrounding space or a trailing full stop."""
    return normalise_ws(plain(text)).rstrip(".").strip()


def is_ref(text: str) -> bool:
    """True for item numbers such as "5.1", "S42", "P1", "1.1", "12"."""
    return bool(REF_RE.fullmatch(clean_ref(text)))


def split_text_refs(text: str) -> tuple[str, list[str], list[str]]:
    """Strip the trailing report reference bracket from a recommendation.

    "(1.21, repeated recommendation 3.32)" -> paragraph_refs ["1.21"], repeats ["3.32"].  Once
    "repeated recommendation" appears, the following numbers in the bracket are repeats.  A
    bracket holding anything but references (e.g. "(MAPPA)") is left in the text.
    """
    match = _TRAILING_BRACKET_RE.search(text)
    if match is None:
        return text, [], []
    refs: list[str] = []
    repeats: list[str] = []
    repeated = False
    for token in re.split(r"[,;]|\band\b|&", match.group(1), flags=re.IGNORECASE):
        token = normalise_ws(token)
        if not token:
            continue
        if (repeat := _REPEAT_RE.match(token)) and repeat.group(0):
            repeated = True
            token = token[repeat.end() :]
        token = _PARA_WORD_RE.sub("", token).rstrip(".")
        if not _REF_TOKEN_RE.fullmatch(token):
            return text, [], []
        (repeats if repeated else refs).append(token)
    if not refs and not repeats:
        return text, [], []
    return text[: match.start()].rstrip(), refs, repeats


# --------------------------------------------------------------------------- decisions

_DECISIONS: dict[str, Decision] = {
    "accepted": "accepted",
    "agreed": "accepted",
    "accept": "accepted",
    "agree": "accepted",
    "partially accepted": "partially_accepted",
    "partly accepted": "partially_accepted",
    "partially agreed": "partially_accepted",
    "partly agreed": "partially_accepted",
    "accepted in part": "partially_accepted",
    "agreed in part": "partially_accepted",
    "accepted subject to resources": "accepted_subject_to_resources",
    "agreed subject to resources": "accepted_subject_to_resources",
    "accepted subject to funding": "accepted_subject_to_resources",
    "rejected": "rejected",
    "not accepted": "rejected",
    "not agreed": "rejected",
    "disagreed": "rejected",
}

#: Machine names are accepted too (CSV/XLSX exports).
for _value in set(_DECISIONS.values()):
    _DECISIONS[_value.replace("_", " ")] = _value


def map_decision(written: str) -> Decision | None:
    """Map a decision as written ("Accepted Subject to Resources", "Partly Agreed") to a code."""
    key = re.sub(r"[^a-z ]+", " ", plain(written).lower())
    return _DECISIONS.get(normalise_ws(key))
