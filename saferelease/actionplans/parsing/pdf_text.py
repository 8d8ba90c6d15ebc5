"""Text copied out of a PDF: one table cell (or one wrapped line of it) per line, no tabs.

Copying a table out of a PDF loses the table: the header words arrive on lines of their own
("Ref", "Recommendation", "Agreed / Partly", "Agreed / Not", "Agreed", "Response", ...) and
each row's cells follow one another.  The table is rebuilt, on a best-effort basis, from the
known column headers (docs/actionplan-import.md, "Text copied out of a PDF"):

* the header is a run of short lines that name, in this order, a reference, a recommendation
  and a decision column, then optionally response, owner and target columns; the header is
  skipped wherever it repeats (page breaks), as are page numbers;
* an item starts at a line that begins with an item number ("S1", "P2", "5.12"; a bare "12"
  only when it follows the item before it, so a page number is not taken for one);
* its recommendation runs to the first line that is a decision ("Agreed", "Partly Agreed",
  "Accepted Subject to Resources", also split over two lines);
* the target is the run of dates or statuses at the end of the item ("31 March 2020",
  "Completed"; "31 March" followed by "2020" is one date); the owner is the short lines just
  above it (an owner column is narrow); the response is everything between;
* lines after an item's target and before the next item are a heading; lines that open with a
  heading word ("Recommendations to the governor ...") are always one;
* the plan's summary (a count label followed by a number) ends the table.

The rebuilt rows go through the same pipeline as every other layout, and a warning says the
table was rebuilt.  When no such table can be found, or its rows cannot be read, the file is
refused with a message saying how to get a usable file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .columns import Column, classify
from .common import (
    MONTHS,
    STATUS_WORDS,
    is_complete_target,
    map_decision,
    normalise_ws,
    parse_target,
)
from .headings import _KIND_HEADING_RE
from .merge import RawRow
from .preamble import summary_label

#: How to get a usable file, said whenever text copied out of a PDF cannot be used.
HOW_TO = (
    "upload the Word document (.docx) or the PDF itself, copy the table out of Word (which "
    "keeps the columns as tabs), or save the table as CSV with the headers listed in "
    "docs/actionplan-import.md"
)

REBUILT_WARNING = (
    "table: the table was rebuilt from text copied out of a PDF (one cell per line); "
    "check each item against the document"
)

_MAX_HEADER_LINE = 45
_MAX_HEADER_LINES = 14
_MAX_OWNER_LINE = 45
_MAX_OWNER_LINES = 5
_ORDER = (Column.REF, Column.TEXT, Column.DECISION, Column.RESPONSE, Column.OWNER, Column.TARGET)

#: Item numbers: S1, P2, K3, R4, HP1 (not "Q3", which is a quarter), 5.12, 1.21a, or 12.
_REF_AT_START_RE = re.compile(
    r"^(?P<ref>(?:[SPKR]|H[KP]|[KP]C)\s?\d{1,3}[a-z]?|\d{1,2}\.\d{1,3}[a-z]?|\d{1,3})\.?"
    r"(?:\s+(?P<rest>\S.*))?$"
)
_FURNITURE_RE = re.compile(
    r"^(?:page\s+\d+(?:\s+of\s+\d+)?|\d+\s*(?:of|/)\s*\d+|official(?:[- ]sensitive)?|\d{1,3})$",
    re.IGNORECASE,
)


def header_block(lines: list[str]) -> tuple[int, int, list[tuple[Column, str]]] | None:
    """(first line, line after it, columns with their heading text) of the first header."""
    for index in range(len(lines)):
        found = _header_at(lines, index)
        if found is not None:
            return index, found[0], found[1]
    return None


_NOT_HEADER_COLUMNS = (
    Column.KIND,
    Column.ADDRESSEE,
    Column.AREA,
    Column.PARAGRAPH_REFS,
    Column.REPEATS,
)


def _header_at(lines: list[str], index: int) -> tuple[int, list[tuple[Column, str]]] | None:
    """The header starting at ``lines[index]``: (line after it, columns with their text).

    A line naming no column is part of the heading above it ("Action Taken/Planned" under
    "4. Response") only when a heading line follows; the header ends at its last heading
    line, and at the target column, which is always last."""
    columns: list[Column] = []
    texts: list[str] = []
    end = index
    pending: list[str] = []
    while end < len(lines) and end - index < _MAX_HEADER_LINES:
        text = normalise_ws(lines[end])
        if not text or len(text) > _MAX_HEADER_LINE or _starts_an_item(text):
            break
        column = classify(text)
        if columns and columns[-1] is Column.TARGET and column is not Column.TARGET:
            break
        if column is None and not columns and end + 1 < len(lines):
            joined = f"{text} {normalise_ws(lines[end + 1])}"
            if classify(joined) is Column.REF:  # "1. Rec." / "No."
                columns.append(Column.REF)
                texts.append(joined)
                end += 2
                continue
        if column is None or column in _NOT_HEADER_COLUMNS:
            if not columns or len(pending) >= 2:
                break
            pending.append(text)
            end += 1
            continue
        if not columns and column is not Column.REF:
            following = classify(lines[end + 1]) if end + 1 < len(lines) else None
            if column is Column.TEXT and following is Column.REF:
                columns.append(Column.REF)  # "Recommendation" / "number": one heading
                texts.append(f"{text} {normalise_ws(lines[end + 1])}")
                end += 2
                continue
            return None
        if columns and columns[-1] is column:
            texts[-1] = " ".join([texts[-1], *pending, text])
        elif column in columns:
            break
        else:
            if pending:
                texts[-1] = " ".join([texts[-1], *pending])
            columns.append(column)
            texts.append(text)
        pending = []
        end += 1
    end -= len(pending)
    complete = {Column.REF, Column.TEXT, Column.DECISION} <= set(columns) and len(columns) >= 4
    if complete and columns == [column for column in _ORDER if column in columns]:
        return end, list(zip(columns, texts, strict=True))
    return None


def _starts_an_item(text: str) -> bool:
    """An item number opens the line ("S1", "5.1 The prison ..."), not a numbered heading
    ("2. Recommendation")."""
    return bool(_REF_AT_START_RE.match(text)) and not re.match(r"^\d{1,2}\s*[.)]\s+[A-Za-z]", text)


@dataclass
class _Item:
    """An item's lines: the first chunk, then one chunk per page it runs on to."""

    ref: str
    number: int
    chunks: list[tuple[int, list[str]]]

    def add(self, line: str) -> None:
        self.chunks[-1][1].append(line)


def _decision_at(lines: list[str], index: int) -> tuple[str, int, str] | None:
    """A decision starting at ``lines[index]`` (over up to three lines): (decision as
    written, lines used, the rest of the last line)."""
    if not lines[index][:1].isalpha():
        return None
    for size in (3, 2, 1):
        if index + size > len(lines) or any(len(line) > 30 for line in lines[index : index + size]):
            continue
        joined = normalise_ws(" ".join(lines[index : index + size]))
        if map_decision(joined) is not None:
            return joined, size, ""
    words = normalise_ws(lines[index]).split(" ")
    for cut in range(min(5, len(words) - 1), 0, -1):
        head, rest = " ".join(words[:cut]), " ".join(words[cut:])
        if map_decision(head) is not None and rest[:1].isupper():
            return head, 1, rest
    return None


def _is_heading(text: str) -> bool:
    """ "Recommendations to the governor Safety", not the wrapped end of a recommendation
    ("recommendation 2.1)")."""
    return (
        text[:1].isupper()
        and _KIND_HEADING_RE.match(text) is not None
        and map_decision(text) is None
        and not re.search(r"[()\d]|[.;,]$", text)
    )


def _summary_starts(lines: list[str], index: int) -> bool:
    """Two label and count pairs in a row ("Accepted", "50", "Rejected", "3")."""
    return index + 3 < len(lines) and all(
        summary_label(lines[index + offset]) is not None
        and re.fullmatch(r"\d{1,4}", normalise_ws(lines[index + offset + 1])) is not None
        for offset in (0, 2)
    )


def rebuild_rows(lines: list[str]) -> list[RawRow] | None:
    """Rows for the shared pipeline (numbered by line), or None when there is no table."""
    found = header_block(lines)
    if found is None:
        return None
    first, after, named = found
    columns = [column for column, _ in named]
    rows = [RawRow(number + 1, [line]) for number, line in enumerate(lines[:first])]
    rows.append(RawRow(first + 1, [text for _, text in named]))
    entries: list[tuple[int, list[str]] | _Item] = []  # headings (line, texts) and items
    current: _Item | None = None
    previous_ref: str | None = None
    index = after
    summary: list[str] = []
    groups: list[str] = []
    while index < len(lines):
        text = normalise_ws(lines[index])
        repeat = _header_at(lines, index) if text else None
        if not text or (_FURNITURE_RE.match(text) and not _acceptable_bare(text, previous_ref)):
            index += 1
        elif repeat is not None and [column for column, _ in repeat[1]] == columns:
            if current is not None:
                current.chunks.append((repeat[0] + 1, []))
            index = repeat[0]
        elif _summary_starts(lines, index):
            groups = _group_names(lines, index)
            if groups and current is not None:
                current.chunks[-1] = (
                    current.chunks[-1][0],
                    current.chunks[-1][1][: len(current.chunks[-1][1]) - len(groups)],
                )
            summary = [normalise_ws(line) for line in lines[index:] if normalise_ws(line)]
            break
        elif (ref_match := _REF_AT_START_RE.match(text)) and _acceptable_ref(
            ref_match.group("ref"), previous_ref, ref_match.group("rest")
        ):
            rest = ref_match.group("rest")
            current = _Item(
                ref_match.group("ref"), index + 1, [(index + 1, [rest] if rest else [])]
            )
            previous_ref = current.ref
            entries.append(current)
            index += 1
        elif current is None or _is_heading(text):
            current = None
            if entries and isinstance(entries[-1], tuple) and text[:1].islower():
                entries[-1][1].append(text)  # a heading wrapped onto a second line
            else:
                entries.append((index + 1, [text]))
            index += 1
        else:
            current.add(text)
            index += 1
    for entry in entries:
        if isinstance(entry, tuple):
            rows.append(RawRow(entry[0], [f"<b>{' '.join(entry[1])}</b>"]))
            continue
        for number, cells, trailing in _item_rows(entry, columns):
            rows.append(RawRow(number, [cells.get(column, "") for column in columns]))
            if trailing:
                rows.append(RawRow(number, [f"<b>{' '.join(trailing)}</b>"]))
    rows.extend(_summary_rows(summary, groups if summary else [], len(lines)))
    return rows


def _acceptable_bare(text: str, previous: str | None) -> bool:
    """A bare number that continues the numbering is an item, not a page number."""
    return bool(re.fullmatch(r"\d{1,3}", text)) and _acceptable_ref(text, previous, None)


def _acceptable_ref(ref: str, previous: str | None, rest: str | None) -> bool:
    """A bare number is an item only when it follows the item before it (else it is a page
    number); lettered and dotted numbers always are."""
    if not re.fullmatch(r"\d{1,3}", ref):
        return True
    if previous is None:
        return rest is not None
    return bool(re.fullmatch(r"\d{1,3}", previous)) and int(ref) == int(previous) + 1


def _item_rows(
    item: _Item, columns: list[Column]
) -> list[tuple[int, dict[Column, str], list[str]]]:
    """(line, cells, trailing heading lines) for an item's first row and each page it runs
    on to; only the last chunk can end with the next heading."""
    result: list[tuple[int, dict[Column, str], list[str]]] = []
    text_open = True
    last = len(item.chunks) - 1
    for position, (number, lines) in enumerate(item.chunks):
        if position == 0:
            cells, lines_after = _opening(item.ref, lines)
        else:
            cells, lines_after = {}, list(lines)
            if text_open and Column.DECISION not in result[0][1]:
                cells, lines_after = _opening("", lines)
            elif text_open:
                taken = _text_continuation(lines_after)
                cells[Column.TEXT] = _join(lines_after[:taken])
                lines_after = lines_after[taken:]
        was_open = text_open
        joined_text = " ".join(
            [row[1].get(Column.TEXT, "") for row in result] + [cells.get(Column.TEXT, "")]
        ).strip()
        text_open = not _TEXT_END_RE.search(joined_text)
        if position > 0 and not was_open and Column.TARGET in result[-1][1] and not cells:
            # The row ended on the page before but for the end of its response: prose runs
            # on to the last line that ends a sentence; short lines after it are a heading.
            prose = max((i + 1 for i, line in enumerate(lines_after) if _prose(line)), default=0)
            if prose and Column.RESPONSE in columns:
                cells[Column.RESPONSE] = _join(lines_after[:prose])
            trailing = lines_after[prose:] if position == last else []
        elif position > 0 or Column.DECISION in cells:
            trailing = _tail(cells, lines_after, columns, trailing_allowed=position == last)
        else:
            trailing = []
        result.append((number if position else item.number, cells, trailing))
    return result


def _opening(ref: str, lines: list[str]) -> tuple[dict[Column, str], list[str]]:
    """Reference, recommendation and decision of an item's first chunk, and the lines after."""
    cells: dict[Column, str] = {Column.REF: ref} if ref else {}
    for index in range(len(lines)):
        decision = _decision_at(lines, index)
        if decision is not None:
            written, used, rest = decision
            cells[Column.TEXT] = _join(lines[:index])
            cells[Column.DECISION] = written
            return cells, ([rest] if rest else []) + lines[index + used :]
    cells[Column.TEXT] = _join(lines)
    return cells, []


#: A recommendation ends with a sentence or with its reference bracket ("(4.22)", not "(MAPPA)").
_TEXT_END_RE = re.compile(r"(?:\.|\([^()]*\d[^()]*\))$")


def _text_continuation(lines: list[str]) -> int:
    """How many lines of a continuation chunk finish the recommendation: up to the first
    line ending a sentence or a reference bracket."""
    for index, line in enumerate(lines):
        if _TEXT_END_RE.search(line):
            return index + 1
    return len(lines)


def _tail(
    cells: dict[Column, str], lines: list[str], columns: list[Column], *, trailing_allowed: bool
) -> list[str]:
    """Response, owner and target from the lines after the decision; returns the lines after
    the last target (the next heading) when they may be one."""
    trailing: list[str] = []
    targets: list[str] = []
    after = list(lines)
    if Column.TARGET in columns:
        targets, after, trailing = _targets(after)
        if not trailing_allowed and trailing:
            after, targets, trailing = list(lines), [], []
    owners: list[str] = []
    if Column.OWNER in columns:
        while (
            after and len(owners) < max(_MAX_OWNER_LINES, len(targets)) and _owner_like(after[-1])
        ):
            owners.insert(0, after.pop())
    if targets:
        cells[Column.TARGET] = _cell(targets)
    if owners:
        cells[Column.OWNER] = _cell(owners) if len(owners) == len(targets) else _join(owners)
    if Column.RESPONSE in columns:
        cells[Column.RESPONSE] = _join(after)
    return trailing


_DATE_FRAGMENT_RE = re.compile(
    r"^(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:" + "|".join(MONTHS) + r")|(?:19|20)\d{2})$", re.IGNORECASE
)


def _targets(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(targets, the lines before them, lines after them): the last run of dates or statuses;
    lines after the last target are the next heading.  Part of a date ("29 February", then
    "2016" after a page break) counts as a target: merge.py joins the parts."""
    for end in range(len(lines), 0, -1):
        if _target_ending_at(lines, end) is not None:
            break
        if _DATE_FRAGMENT_RE.match(lines[end - 1]):
            return [lines[end - 1]], lines[: end - 1], lines[end:]
    else:
        return [], lines, []
    trailing = lines[end:]
    targets: list[str] = []
    while end > 0:
        found = _target_ending_at(lines, end)
        if found is None:
            break
        text, size = found
        targets.insert(0, text)
        end -= size
    return targets, lines[:end], trailing


def _target_ending_at(lines: list[str], end: int) -> tuple[str, int] | None:
    last = lines[end - 1]
    if end >= 2 and not is_complete_target(lines[end - 2]) and not is_complete_target(last):
        joined = f"{lines[end - 2]} {last}"
        if len(joined) <= 40 and is_complete_target(joined) and re.search(r"\d", joined):
            return joined, 2
    if len(last) <= 40 and is_complete_target(last) and _date_or_status(last):
        return last, 1
    return None


def _date_or_status(text: str) -> bool:
    written = normalise_ws(text)
    try:
        parsed, _ = parse_target(written)
    except ValueError:
        return False
    if parsed is not None:
        return True
    lowered = written.lower()
    return any(re.fullmatch(rf"{re.escape(word)}\.?", lowered) for word in STATUS_WORDS)


def _prose(text: str) -> bool:
    return len(text) > _MAX_OWNER_LINE or bool(re.search(r"[.;:]$", text)) or text[:1].islower()


def _join(lines: list[str]) -> str:
    """Wrapped lines as one text; a line ending in a hyphen joins the next without a space
    ("Re-" and "Offending")."""
    joined = ""
    for line in lines:
        if not joined or re.search(r"\w-$", joined):
            joined += line
        else:
            joined += f" {line}"
    return joined


def _owner_like(text: str) -> bool:
    """A line of the narrow owner column: short, not the end of a sentence, and not the
    lower-case middle of one."""
    if len(text) > _MAX_OWNER_LINE or re.search(r"[.;:]$", text):
        return False
    return not (text[:1].islower() and len(text.split()) > 3)


def _cell(lines: list[str]) -> str:
    return lines[0] if len(lines) == 1 else " ".join(f"<p>{line}</p>" for line in lines)


def _group_names(lines: list[str], index: int) -> list[str]:
    """The summary's group names on the lines just above its first count ("Recommendations",
    "Housekeeping Points")."""
    names: list[str] = []
    for line in reversed(lines[max(0, index - 2) : index]):
        if not re.fullmatch(
            r"(?:recommendations?|housekeeping\s+points?)", normalise_ws(line), re.IGNORECASE
        ):
            break
        names.insert(0, normalise_ws(line))
    return names


def _summary_rows(lines: list[str], groups: list[str], last_line: int) -> list[RawRow]:
    """The summary as rows of label and count pairs, one pair per group side by side."""
    width = max(1, len(groups))
    rows: list[RawRow] = []
    if groups:
        rows.append(RawRow(last_line, [cell for name in groups for cell in (name, "")]))
    index = 0
    while index + 1 < len(lines):
        cells = lines[index : index + 2 * width]
        if len(cells) < 2 * width or not all(
            re.fullmatch(r"\d{1,4}", cells[position]) for position in range(1, len(cells), 2)
        ):
            break
        rows.append(RawRow(last_line, cells))
        index += 2 * width
    return rows
