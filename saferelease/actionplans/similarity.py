"""Which earlier recommendations a recommendation repeats: by reference and by text.

Pure functions (no ORM). The choice of rapidfuzz's token_set_ratio and of the threshold is
recorded in docs/adr/0005-actionplan-similarity-and-pdf.md.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
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


#: Below this score two items with the same reference are not the same recommendation. The
#: highest score between two different recommendations of the Littlehey 2015 plan is 83.7,
#: and 99% of its 2,016 pairs score below 70.
REF_MATCH_FLOOR = 70.0


@dataclass(frozen=True)
class Listed:
    """A recommendation as one document lists it (the report, or the action plan)."""

    key: int
    ref: str
    paragraph_refs: tuple[str, ...]
    text: str


@dataclass(frozen=True)
class Pair:
    plan_key: int
    report_key: int
    how: str  # "ref" or "text"
    score: float


def plan_report_pairs(plan: Sequence[Listed], report: Sequence[Listed]) -> list[Pair]:
    """Which item of the action plan answers which recommendation of the report; each is
    paired at most once.

    By reference first, strongest evidence first: the same number ("5.6" and "5.6"); then
    one's number among the other's report paragraphs (a plan's "S1" for a report's
    "5.1 ... (S1)"); then a report paragraph both cite. A reference pair whose words score
    below REF_MATCH_FLOOR is not taken: the numbering has moved (a plan that drops one
    recommendation renumbers the rest). Then the items left, by text: the most similar
    pairs first, when they score at least SIMILARITY_THRESHOLD.
    """
    pairs: list[Pair] = []
    free_plan = list(plan)
    free_report = list(report)

    def take(test: Callable[[Listed, Listed], bool]) -> None:
        for item in list(free_plan):
            for other in free_report:
                if not test(item, other):
                    continue
                score = similarity_score(item.text, other.text)
                if score >= REF_MATCH_FLOOR:
                    pairs.append(Pair(item.key, other.key, "ref", score))
                    free_plan.remove(item)
                    free_report.remove(other)
                    break

    take(lambda item, other: item.ref == other.ref)
    take(lambda item, other: item.ref in other.paragraph_refs or other.ref in item.paragraph_refs)
    take(lambda item, other: bool(set(item.paragraph_refs) & set(other.paragraph_refs)))
    scored = sorted(
        (
            (similarity_score(item.text, other.text), index, item, other)
            for index, item in enumerate(free_plan)
            for other in free_report
        ),
        key=lambda entry: (-entry[0], entry[1]),
    )
    used_plan: set[int] = set()
    used_report: set[int] = set()
    for score, _index, item, other in scored:
        if score < SIMILARITY_THRESHOLD:
            break
        if item.key in used_plan or other.key in used_report:
            continue
        used_plan.add(item.key)
        used_report.add(other.key)
        pairs.append(Pair(item.key, other.key, "text", score))
    return pairs
