"""Section headings inside the table: who a recommendation is addressed to and its area.

HMIP plans interleave heading rows such as "Main recommendations To the governor",
"Recommendations To the governor Bullying and violence reduction", "Self-harm and suicide" or
"Housekeeping points to the governor".  A heading naming a kind sets kind, addressee and area
(area None when absent); any other heading only changes the area.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .common import normalise_ws
from .model import ItemKind

#: Addressees HMIP reports use; the words after one of these in a heading are the area.
KNOWN_ADDRESSEES = (
    "the governor",
    "the director",
    "the deputy director of custody",
    "the prison group director",
    "the executive director",
    "the centre manager",
    "the head of healthcare",
    "the health care provider",
    "the healthcare provider",
    "the education provider",
    "the learning and skills provider",
    "the prison",
    "the establishment",
    "the ministry of justice",
    "ministry of justice",
    "the home office",
    "home office",
    "the department of health",
    "the youth justice board",
    "youth justice board",
    "the secretary of state",
    "public health england",
    "nhs england",
    "noms",
    "hmpps",
    "moj",
    "yjb",
    "prisoner escort and custody services",
    "pecs",
)
_ADDRESSEES = sorted(KNOWN_ADDRESSEES, key=len, reverse=True)

_KIND_HEADING_RE = re.compile(
    r"^(?P<kind>main\s+recommendations?|key\s+recommendations?"
    r"|(?:priority|key)\s+concerns?(?:\s+and\s+recommendations?)?"
    r"|concerns?\s+and\s+recommendations?|recommendations?|housekeeping\s+points?)"
    r"(?![\w])\s*[:\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_TO_RE = re.compile(r"^(?:to|for)\s+", re.IGNORECASE)
_JOIN_RE = re.compile(r"^\s*(?:,|and|&)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Context:
    """The headings in force: kind (None = infer from the ref), addressee and area."""

    kind: ItemKind | None = None
    addressee: str | None = None
    area: str | None = None


def _addressee_end(text: str, start: int) -> int | None:
    lowered = text.lower()
    for name in _ADDRESSEES:
        end = start + len(name)
        if lowered.startswith(name, start) and (end == len(text) or not text[end].isalnum()):
            return end
    return None


def split_addressee(rest: str) -> tuple[str, str | None]:
    """ "the governor Bullying and violence reduction" -> ("the governor", "Bullying ...").

    Known addressees may be chained with "and"/","; an unknown addressee takes the whole text.
    """
    end = _addressee_end(rest, 0)
    if end is None:
        return rest, None
    while (join := _JOIN_RE.match(rest[end:])) and (more := _addressee_end(rest, end + join.end())):
        end = more
    area = rest[end:].strip(" -–—:,")
    return rest[:end].strip(), (area or None)


def _kind_of(word: str) -> ItemKind:
    lowered = word.lower()
    if lowered.startswith("housekeeping"):
        return "housekeeping"
    if lowered.startswith("recommendation"):
        return "recommendation"
    return "main_recommendation"


def apply_heading(context: Context, heading: str) -> Context:
    """New context after a heading row (text already stripped of markup)."""
    text = normalise_ws(heading)
    match = _KIND_HEADING_RE.match(text)
    if match is None:
        return replace(context, area=text or None)
    kind = _kind_of(match.group("kind"))
    rest = match.group("rest").strip()
    to_match = _TO_RE.match(rest)
    if to_match is None:
        return Context(kind=kind, addressee=None, area=rest or None)
    addressee, area = split_addressee(rest[to_match.end() :])
    return Context(kind=kind, addressee=addressee or None, area=area)


def default_kind(ref: str) -> ItemKind:
    """Kind when no heading says: "S1", "P1", "K1" are main recommendations, others not."""
    return "main_recommendation" if re.match(r"^[SPK]\s?\d", ref) else "recommendation"
