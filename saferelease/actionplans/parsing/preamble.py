"""Facts above the table and the summary table below it.

Preamble (Littlehey 2015): "ESTABLISHMENT: HMP LITTLEHEY", "Full Unannounced inspection<TAB>2 –
13 March 2015", "Report published<TAB>31 July 2015", "Action Plan Submitted<TAB>16 October 2015",
"POSITION AS AT: OCTOBER 2015".  A key is the text before a colon or the first cell; its value is
the text after the colon or the next filled cell.  Unreadable preamble dates are left as None.

Summary: a row of group names ("Recommendations", "Housekeeping Points") followed by rows of
label/count pairs (Accepted 50, Accepted Subject to Resources /Partially Accepted 5, Rejected 3,
Total 58).  The figures are taken as printed, never corrected.
"""

from __future__ import annotations

import re
from datetime import date

from .common import DateFormatError, month_year_label, parse_date, parse_date_range, plain
from .merge import RawRow
from .model import InspectionKind, Preamble, StatedCounts, SummaryGroup

_TITLE_ESTABLISHMENT_RE = re.compile(
    r"\b((?:HMP(?:\s*(?:&|and|/)\s*YOI)?|HMYOI|HMIRC|IRC|HMP/YOI)\s+[A-Z][\w'’.-]*"
    r"(?:\s+(?!Action\b|Inspection\b|Report\b)[A-Z][\w'’.-]*)*)"
)


def inspection_kind(text: str) -> InspectionKind | None:
    """ "Full Unannounced inspection" -> full_unannounced; short inspections are "other"."""
    lowered = text.lower()
    if "review of progress" in lowered:
        return "independent_review_of_progress"
    if "short" in lowered:
        return "other"
    if "unannounced" in lowered:
        return "full_unannounced"
    if "announced" in lowered:
        return "full_announced"
    if "inspection" in lowered:
        return "other"
    return None


def _safe_date(text: str) -> date | None:
    try:
        return parse_date(text)
    except DateFormatError:
        return None


def _key_value(cells: list[str]) -> tuple[str, str]:
    first = cells[0]
    if ":" in first:
        key, value = first.split(":", 1)
        return key.strip().lower(), value.strip() or (cells[1] if len(cells) > 1 else "")
    return first.lower(), cells[1] if len(cells) > 1 else ""


_DATES_ONLY_KEY_RE = re.compile(r"(?:inspection )?dates?(?: of (?:the )?inspection)?")


def parse_preamble(rows: list[RawRow]) -> Preamble:
    """Read the preamble fields from the rows (or paragraphs) above the table; first one wins."""
    establishment: str | None = None
    title_establishment: str | None = None
    kind: InspectionKind | None = None
    dates: tuple[date, date] | None = None
    published: date | None = None
    submitted: date | None = None
    position: str | None = None
    for row in rows:
        cells = [text for text in (plain(cell) for cell in row.cells) if text]
        if not cells:
            continue
        key, value = _key_value(cells)
        if re.fullmatch(r"(?:name of )?(?:establishment|prison)(?: name)?", key) and value:
            establishment = establishment or value
        elif key.startswith("position as at") and value:
            position = position or month_year_label(value)
        elif re.search(r"report publi|publication", key):
            published = published or _safe_date(value)
        elif re.search(r"action plan submitted|date submitted|date of action plan", key):
            submitted = submitted or _safe_date(value)
        elif re.search(r"inspection type|type of inspection", key):
            kind = kind or inspection_kind(value) or "other"
        elif re.search(r"inspection|review of progress", key) and (
            found := parse_date_range(value)
        ):
            dates = dates or found
            if not _DATES_ONLY_KEY_RE.fullmatch(key):
                kind = kind or inspection_kind(key)
        elif title_establishment is None and (match := _TITLE_ESTABLISHMENT_RE.search(cells[0])):
            title_establishment = match.group(1)
    return Preamble(
        establishment=establishment or title_establishment,
        inspection_kind=kind,
        inspection_start=dates[0] if dates else None,
        inspection_end=dates[1] if dates else None,
        report_published=published,
        action_plan_submitted=submitted,
        position_as_at=position,
    )


# --------------------------------------------------------------------------- summary table


def summary_label(text: str) -> str | None:
    """Map a summary row label to a StatedCounts field name."""
    lowered = plain(text).lower()
    if not lowered:
        return None
    if lowered.startswith("total"):
        return "total"
    if re.search(r"not agreed|not accepted|rejected", lowered):
        return "rejected"
    if re.search(r"partial|partly|subject to", lowered):
        return "partial_or_subject_to_resources"
    if lowered in {"accepted", "agreed"}:
        return "accepted"
    return None


def _count(text: str) -> int | None:
    value = plain(text)
    return int(value) if re.fullmatch(r"\d{1,4}", value) else None


def _is_count_row(row: RawRow) -> bool:
    filled = [index for index, cell in enumerate(row.cells) if plain(cell)]
    if not filled:
        return False
    first = filled[0]
    return (
        summary_label(row.cells[first]) is not None
        and first + 1 < len(row.cells)
        and _count(row.cells[first + 1]) is not None
    )


def _groups(row: RawRow) -> dict[SummaryGroup, int]:
    groups: dict[SummaryGroup, int] = {}
    for index, cell in enumerate(row.cells):
        lowered = plain(cell).lower()
        if "housekeeping" in lowered:
            groups.setdefault("housekeeping", index)
        elif "recommendation" in lowered:
            groups.setdefault("recommendations", index)
    return groups


def find_summary_start(rows: list[RawRow], start: int) -> int | None:
    """Index of the summary table (its group-name row when there is one) or None."""
    for index in range(start, len(rows)):
        if not _is_count_row(rows[index]):
            continue
        before = index - 1
        while before >= start and not any(plain(cell) for cell in rows[before].cells):
            before -= 1
        if before >= start and _groups(rows[before]):
            return before
        return index
    return None


def parse_summary(rows: list[RawRow]) -> dict[SummaryGroup, StatedCounts] | None:
    """Parse the summary rows returned by find_summary_start; None when nothing is readable."""
    filled = [row for row in rows if any(plain(cell) for cell in row.cells)]
    if not filled:
        return None
    groups = _groups(filled[0]) if not _is_count_row(filled[0]) else {}
    body = filled[1:] if groups else filled
    if not groups:
        groups = {"recommendations": 0}
    values: dict[SummaryGroup, dict[str, int]] = {group: {} for group in groups}
    for row in body:
        if not _is_count_row(row):
            break
        for group, column in groups.items():
            if column + 1 >= len(row.cells):
                continue
            label = summary_label(row.cells[column])
            count = _count(row.cells[column + 1])
            if label is not None and count is not None:
                values[group].setdefault(label, count)
    result = {group: StatedCounts(**counts) for group, counts in values.items() if counts}
    return result or None
