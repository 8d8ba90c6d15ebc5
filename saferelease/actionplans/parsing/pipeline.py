"""From physical rows to a ParsedActionPlan, the same way for every input format.

Steps: find the first table header (unknown layout otherwise), read the cover above it, cut
the summary table off the end, merge the table rows (merge.py), build the items (items.py) and
reconcile them with the summary (reconcile.py).
"""

from __future__ import annotations

from .columns import detect_header
from .cover import parse_cover
from .items import build_item
from .merge import RawRow, merge_rows
from .model import FormatName, ParsedActionPlan, ParseError
from .preamble import find_summary_start, parse_summary
from .reconcile import reconcile


def parse_rows(rows: list[RawRow], *, unit: str, fmt: FormatName | None) -> ParsedActionPlan:
    """Parse rows of cells; ``fmt`` None means a text layout, named by its header wording."""
    header_index = next(
        (index for index, row in enumerate(rows) if detect_header(row.cells) is not None), None
    )
    if header_index is None:
        raise ParseError(
            "unknown layout: no action plan table header was found (expected columns such as "
            "'Rec. No.', 'Recommendation', 'Accepted/ Rejected' or 'Agreed / Partly Agreed / "
            "Not Agreed', 'Response', 'Responsible owner', 'Target date')"
        )
    header = rows[header_index]
    columns = detect_header(header.cells)
    assert columns is not None
    summary_index = find_summary_start(rows, header_index + 1)
    table = rows[header_index + 1 : summary_index]
    drafts = merge_rows(table, columns, unit)
    if not drafts:
        raise ParseError(
            "the table header was found but no recommendations follow it",
            line=header.number,
            unit=unit,
        )
    items = [build_item(draft, unit) for draft in drafts]
    stated = parse_summary(rows[summary_index:]) if summary_index is not None else None
    if fmt is None:
        fmt = "hmip-2019-text" if columns.agreed_wording else "hmip-2015-text"
    cover = parse_cover(rows[:header_index])
    preamble = cover.preamble
    return ParsedActionPlan(
        establishment=preamble.establishment,
        inspection_kind=preamble.inspection_kind,
        inspection_start=preamble.inspection_start,
        inspection_end=preamble.inspection_end,
        report_published=preamble.report_published,
        action_plan_submitted=preamble.action_plan_submitted,
        position_as_at=preamble.position_as_at,
        format=fmt,
        items=items,
        stated_summary=stated,
        reconciliation=reconcile(items, stated),
        warnings=cover.warnings,
    )
