"""Which earlier recommendations a recommendation repeats: by reference and by text.

Pure functions (no ORM). The choice of rapidfuzz's token_set_ratio and of the threshold is
recorded in docs/adr/0005-actionplan-similarity-and-pdf.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

#: Scores at or above this count as "similar text". The highest score between two different
#: recommendations of the Littlehey 2015 plan is 83.7 (5.10 and 5.11, both about the care and
#: separation unit), so 85 keeps distinct recommendations of one report apart.
SIMILARITY_THRESHOLD = 85.0


def similarity_score(text: str, other: str) -> float:
    """0 to 100: rapidfuzz token_set_ratio after lower-casing and stripping punctuation, so
    word order and words added to a repeated recommendation matter little."""
    return round(fuzz.token_set_ratio(text, other, processor=utils.default_process), 1)


@dataclass(frozen=True)
class Candidate:
    """A recommendation of an earlier inspection at the same establishment."""

    key: int
    inspection_key: int
    inspection_start: dt.date
    ref: str
    paragraph_refs: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Match:
    key: int
    explicit: bool
    ref_as_written: str
    score: float


def explicit_matches(repeats: Sequence[str], earlier: Sequence[Candidate]) -> dict[int, str]:
    """{candidate key: ref as written} for each "repeated recommendation X".

    X is a paragraph of the earlier report (HMIP cites paragraphs), so a candidate citing
    paragraph X matches first; failing that, a candidate whose own ref is X. Only the most
    recent earlier inspection with a match counts: a repeat cites the previous report.
    """
    found: dict[int, str] = {}
    newest_first = sorted(earlier, key=lambda c: c.inspection_start, reverse=True)
    for ref in repeats:
        by_paragraph = [c for c in newest_first if ref in c.paragraph_refs]
        pool = by_paragraph or [c for c in newest_first if c.ref == ref]
        if pool:
            newest = pool[0].inspection_key
            for candidate in pool:
                if candidate.inspection_key == newest:
                    found.setdefault(candidate.key, ref)
    return found


def repeat_matches(
    *, text: str, repeats: Sequence[str], earlier: Sequence[Candidate]
) -> list[Match]:
    """Explicit repeats (with their score), then for each earlier inspection the most
    similar recommendation when it scores at least SIMILARITY_THRESHOLD."""
    explicit = explicit_matches(repeats, earlier)
    matches = [
        Match(c.key, True, explicit[c.key], similarity_score(text, c.text))
        for c in earlier
        if c.key in explicit
    ]
    best: dict[int, tuple[float, Candidate]] = {}
    for candidate in earlier:
        if candidate.key in explicit:
            continue
        score = similarity_score(text, candidate.text)
        if score >= SIMILARITY_THRESHOLD and score > best.get(candidate.inspection_key, (0.0,))[0]:
            best[candidate.inspection_key] = (score, candidate)
    matches.extend(Match(c.key, False, "", score) for score, c in best.values())
    return matches
