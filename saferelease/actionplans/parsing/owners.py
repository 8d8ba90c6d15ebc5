"""Owner lines: which function is responsible, with its own target date.

Rules (conservative; see docs/actionplan-import.md, "Owners"):

* Within one cell, several owners are split only when the target cell lists several complete
  dates/statuses: paired in order when the counts match, or the single owner repeated for each
  date.  Otherwise the owner cell is one function as written ("Head of Service /Head of
  Equality" with one date stays one owner).  Different counts of both raise an error.
* Across a page break (continuation fragments) an owner fragment without a date continues the
  owner above ("Head of Safer" + "Custody"); a date fragment completes an unfinished date
  ("29 February" + "2016"); an owner fragment carrying its own complete date starts a new owner
  line when the line above already has an owner (Littlehey 5.33 and 5.57: national owner with no
  date, then the local owner with a date).
* Flat CSV/XLSX: every row of the item is one owner line.
"""

from __future__ import annotations

from .common import is_complete_target, paragraphs, parse_target, plain
from .model import OwnerLine


class OwnerCellError(ValueError):
    """Owner and target cells that cannot be paired."""


def _join(first: str, second: str) -> str:
    return f"{first} {second}".strip()


def _slots(owner: str, target: str) -> list[tuple[str, str]]:
    owners = paragraphs(owner)
    targets = paragraphs(target)
    if len(targets) > 1 and all(is_complete_target(value) for value in targets):
        if len(owners) == len(targets):
            return list(zip(owners, targets, strict=True))
        if len(owners) <= 1:
            return [(owners[0] if owners else "", value) for value in targets]
        raise OwnerCellError(
            f"the owner cell lists {len(owners)} owners but the target cell "
            f"{len(targets)} dates, so they cannot be paired"
        )
    return [(" ".join(owners), " ".join(targets))]


def _merge(lines: list[list[str]], owner: str, target: str) -> None:
    """Add one (owner, target) slot to the lines following the page-break rules."""
    if not owner and not target:
        return
    if not lines:
        lines.append([owner, target])
        return
    last = lines[-1]
    unfinished = bool(last[1]) and not is_complete_target(last[1])
    if owner and target:
        if unfinished or not is_complete_target(target):
            last[0], last[1] = _join(last[0], owner), _join(last[1], target)
        else:
            lines.append([owner, target])
    elif owner:
        last[0] = _join(last[0], owner)
    elif not last[1] or unfinished or not is_complete_target(target):
        last[1] = _join(last[1], target)
    else:
        lines.append([last[0], target])


def owner_lines(
    owner_fragments: list[str], target_fragments: list[str], *, one_per_row: bool
) -> list[tuple[int, str, str]]:
    """(fragment index, function, target as written) for every owner line of an item."""
    lines: list[list[str]] = []
    starts: list[int] = []
    for index, (owner, target) in enumerate(zip(owner_fragments, target_fragments, strict=True)):
        if one_per_row:
            if plain(owner) or plain(target):
                lines.append([plain(owner), plain(target)])
                starts.append(index)
            continue
        for slot_owner, slot_target in _slots(owner, target):
            before = len(lines)
            _merge(lines, slot_owner, slot_target)
            if len(lines) > before:
                starts.append(index)
    return [
        (start, function, target) for start, (function, target) in zip(starts, lines, strict=True)
    ]


def to_owner_line(function: str, target: str) -> OwnerLine:
    """Parse the target; raises common.DateFormatError for date-like text that is no date."""
    parsed, written = parse_target(target)
    return OwnerLine(function=plain(function), target_date=parsed, target_as_written=written)
