"""Turning a merged item draft into a ParsedItem (text, refs, decision, response, owners).

Text cells are joined with a space.  Response fragments keep their paragraphs: the first
paragraph of a continuation fragment carries on the last paragraph above unless that one ends a
sentence and the next starts with a capital (then it is a new paragraph).  Paragraphs are
separated by a blank line in the output.
"""

from __future__ import annotations

import re

from .columns import Column
from .common import (
    DateFormatError,
    map_decision,
    normalise_ws,
    paragraphs,
    plain,
    split_text_refs,
)
from .headings import default_kind
from .merge import ItemDraft
from .model import ItemKind, OwnerLine, ParsedItem, ParseError
from .owners import OwnerCellError, owner_lines, to_owner_line

_SENTENCE_END_RE = re.compile(r"[.!?:][\"'”’)\]]*$")
_CAPITAL_START_RE = re.compile(r"^[\"'“‘(\[]*[A-Z0-9]")

_KINDS: dict[str, ItemKind] = {
    "main recommendation": "main_recommendation",
    "main recommendations": "main_recommendation",
    "main": "main_recommendation",
    "key concern": "main_recommendation",
    "priority concern": "main_recommendation",
    "recommendation": "recommendation",
    "recommendations": "recommendation",
    "housekeeping": "housekeeping",
    "housekeeping point": "housekeeping",
    "housekeeping points": "housekeeping",
}


def join_paragraph_fragments(fragments: list[str]) -> str:
    """Response text: paragraphs across fragments, separated by a blank line."""
    result: list[str] = []
    for fragment in fragments:
        parts = paragraphs(fragment)
        if not parts:
            continue
        if result and not (
            _SENTENCE_END_RE.search(result[-1]) and _CAPITAL_START_RE.match(parts[0])
        ):
            result[-1] = f"{result[-1]} {parts[0]}"
            parts = parts[1:]
        result.extend(parts)
    return "\n\n".join(result)


def _joined(fragments: list[str]) -> str:
    return normalise_ws(" ".join(plain(fragment) for fragment in fragments))


def _split_list(text: str) -> list[str]:
    return [part for part in re.split(r"[;,\s]+", plain(text)) if part]


def _kind(draft: ItemDraft, unit: str) -> ItemKind:
    written = _joined(draft.fragments.get(Column.KIND, [])).lower().replace("_", " ")
    if written:
        kind = _KINDS.get(written)
        if kind is None:
            raise ParseError(
                f"item {draft.ref}: kind '{written}' is not one of main_recommendation, "
                "recommendation, housekeeping",
                line=draft.number,
                unit=unit,
            )
        return kind
    return draft.context.kind or default_kind(draft.ref)


def _owners(draft: ItemDraft, unit: str) -> list[OwnerLine]:
    owners_column = draft.fragments.get(Column.OWNER, [])
    targets_column = draft.fragments.get(Column.TARGET, [])
    try:
        lines = owner_lines(owners_column, targets_column, one_per_row=draft.columns.flat)
    except OwnerCellError as error:
        raise ParseError(f"item {draft.ref}: {error}", line=draft.number, unit=unit) from None
    result: list[OwnerLine] = []
    for index, function, target in lines:
        try:
            result.append(to_owner_line(function, target))
        except DateFormatError as error:
            raise ParseError(
                f"item {draft.ref}: {error}", line=draft.rows[index], unit=unit
            ) from None
    return result


def build_item(draft: ItemDraft, unit: str) -> ParsedItem:
    """Assemble one item; raises ParseError naming the line/row for a missing decision etc."""
    fragments = draft.fragments
    text, refs, repeats = split_text_refs(_joined(fragments.get(Column.TEXT, [])))
    for extra, target in (
        (Column.PARAGRAPH_REFS, refs),
        (Column.REPEATS, repeats),
    ):
        for value in _split_list(" ".join(fragments.get(extra, []))):
            if value not in target:
                target.append(value)
    decision_as_written = _joined(fragments.get(Column.DECISION, []))
    if not decision_as_written:
        raise ParseError(f"item {draft.ref} has no decision", line=draft.number, unit=unit)
    decision = map_decision(decision_as_written)
    if decision is None:
        raise ParseError(
            f"item {draft.ref}: decision '{decision_as_written}' is not recognised (expected "
            "Accepted, Partially Accepted, Accepted Subject to Resources, Rejected, Agreed, "
            "Partly Agreed or Not Agreed)",
            line=draft.number,
            unit=unit,
        )
    if not text:
        raise ParseError(
            f"item {draft.ref} has no recommendation text", line=draft.number, unit=unit
        )
    addressee = _joined(fragments.get(Column.ADDRESSEE, [])) or draft.context.addressee
    area = _joined(fragments.get(Column.AREA, [])) or draft.context.area
    return ParsedItem(
        ref=draft.ref,
        kind=_kind(draft, unit),
        addressee=addressee,
        area=area,
        text=text,
        paragraph_refs=refs,
        repeats=repeats,
        decision=decision,
        decision_as_written=decision_as_written,
        response=join_paragraph_fragments(fragments.get(Column.RESPONSE, [])),
        owners=_owners(draft, unit),
        source_line=draft.number,
    )
