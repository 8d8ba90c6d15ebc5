"""The summary table below an action plan's table (the cover above it is read by cover.py).

Summary: a row of group names ("Recommendations", "Housekeeping Points") followed by rows of
label/count pairs (Accepted 50, Accepted Subject to Resources /Partially Accepted 5, Rejected 3,
Total 58).  The figures are taken as printed, never corrected.
"""

from __future__ import annotations

import re

from .common import plain
from .merge import RawRow
from .model import StatedCounts, SummaryGroup

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
