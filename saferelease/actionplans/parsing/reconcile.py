"""Compare the decisions found in the rows with the plan's own summary table.

Main recommendations and recommendations count as "Recommendations"; housekeeping points as
"Housekeeping points".  Partially accepted and accepted-subject-to-resources share one
category, as in the HMIP summary.  Every difference is described in words; neither the rows nor
the stated figures are ever adjusted.  With no summary table there is nothing to compare, so
the result is consistent with no differences.
"""

from __future__ import annotations

from .model import ParsedItem, Reconciliation, StatedCounts, SummaryGroup

GROUP_NAMES: dict[SummaryGroup, str] = {
    "recommendations": "Recommendations",
    "housekeeping": "Housekeeping points",
}
_CATEGORY_WORDS = {
    "total": "in total",
    "accepted": "accepted",
    "partial_or_subject_to_resources": "accepted subject to resources or partially accepted",
    "rejected": "rejected",
}
_CATEGORIES = ("accepted", "partial_or_subject_to_resources", "rejected")


def _group(item: ParsedItem) -> SummaryGroup:
    return "housekeeping" if item.kind == "housekeeping" else "recommendations"


def _category(item: ParsedItem) -> str:
    if item.decision in {"partially_accepted", "accepted_subject_to_resources"}:
        return "partial_or_subject_to_resources"
    return item.decision


def count_rows(items: list[ParsedItem]) -> dict[SummaryGroup, StatedCounts]:
    """Counts found in the rows, shaped like the stated summary."""
    result: dict[SummaryGroup, StatedCounts] = {}
    for group in GROUP_NAMES:
        members = [item for item in items if _group(item) == group]
        counts = {name: sum(_category(item) == name for item in members) for name in _CATEGORIES}
        result[group] = StatedCounts(total=len(members), **counts)
    return result


def _rows(count: int) -> str:
    return "1 row was found" if count == 1 else f"{count} rows were found"


def reconcile(
    items: list[ParsedItem], stated: dict[SummaryGroup, StatedCounts] | None
) -> Reconciliation:
    """List every difference between the stated summary and the rows, in plain English."""
    if stated is None:
        return Reconciliation(consistent=True, differences=[])
    found = count_rows(items)
    differences: list[str] = []
    for group, name in GROUP_NAMES.items():
        printed = stated.get(group)
        actual = found[group]
        if printed is None:
            if actual.total:
                differences.append(
                    f"{name}: the summary gives no figures but {_rows(actual.total or 0)}."
                )
            continue
        for field, words in _CATEGORY_WORDS.items():
            said = getattr(printed, field)
            seen = getattr(actual, field)
            if said is not None and said != seen:
                differences.append(f"{name}: the summary states {said} {words} but {_rows(seen)}.")
        parts = [getattr(printed, field) for field in _CATEGORIES]
        if printed.total is not None and all(part is not None for part in parts):
            added = sum(part for part in parts if part is not None)
            if added != printed.total:
                differences.append(
                    f"{name}: the summary's own figures add up to {added}, not the stated "
                    f"total of {printed.total}."
                )
    return Reconciliation(consistent=not differences, differences=differences)
