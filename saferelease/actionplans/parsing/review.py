"""Independent Review of Progress reports: the dates, the inspectors, and for each
recommendation followed up the judgement and the inspectors' words (docs/inspection-cycle.md).

The layout read (HMIP's reviews of progress): the title "Report on an independent review of
progress at HMP Example by HM Chief Inspector of Prisons 9–11 November 2026"; a line naming the
inspectors ("Inspectors: A Name, B Name", or "This review was carried out by:" with a name a
line); then for each recommendation a heading "Recommendation 1.21" (also "Concern 3",
"Key concern 3", "Recommendation S12:"), its text, the inspectors' findings, and the judgement
sentence ("We judged that there had been insufficient progress ..."). The judgement is the last
of "no meaningful", "insufficient", "reasonable" or "good progress" in the section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .common import normalise_ws, plain, split_text_refs
from .model import ParseError
from .report import _TITLE_RE, _published, report_lines
from .written_dates import read_dates

_HEADING_RE = re.compile(
    r"^(?:(?:priority|key)\s+)?(?:recommendation|concern)\s+(?P<ref>[A-Z]{0,2}\s?\d{1,3}(?:\.\d{1,3})?)"
    r"\s*[:.\-–—]?\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
_OUTCOME_RE = re.compile(
    r"\b(?P<outcome>no\s+meaningful|insufficient|reasonable|good)\s+progress\b", re.IGNORECASE
)
_INSPECTORS_RE = re.compile(
    r"^(?:inspectors?|inspection\s+team|review(?:ed)?\s+team|this\s+review\s+was\s+"
    r"(?:carried\s+out|conducted)\s+by)\s*:?\s*(?P<names>.*)$",
    re.IGNORECASE,
)
_QUESTION_RE = re.compile(r"^what\s+progress\s+(?:had|has)\s+been\s+made", re.IGNORECASE)
_TEXT_END_RE = re.compile(r"(?:[.?!]|\([^()]*\d[^()]*\)\.?)$")
OUTCOMES = {
    "no meaningful": "no_meaningful_progress",
    "insufficient": "insufficient_progress",
    "reasonable": "reasonable_progress",
    "good": "good_progress",
}


@dataclass
class ReviewItem:
    ref: str
    text: str
    paragraph_refs: list[str]
    outcome: str
    words: str
    source_line: int


@dataclass
class ParsedReview:
    establishment: str | None
    start: date | None
    end: date | None
    published: date | None
    inspectors: list[str]
    summary: str
    items: list[ReviewItem] = field(default_factory=list)


def _names(text: str) -> list[str]:
    parts = re.split(r",|;|\band\b|&", text)
    return [normalise_ws(part).strip(".") for part in parts if normalise_ws(part).strip(".")]


def _inspectors(lines: list[str]) -> list[str]:
    for index, line in enumerate(lines):
        match = _INSPECTORS_RE.match(line)
        if match is None:
            continue
        if match.group("names"):
            return _names(match.group("names"))
        names: list[str] = []
        for following in lines[index + 1 : index + 12]:
            if not following or len(following) > 60 or re.search(r"\d", following):
                break
            if _HEADING_RE.match(following):
                break
            names.extend(_names(following))
        return names
    return []


def parse_review_of_progress(data: bytes, filename: str) -> ParsedReview:
    """Parse a review of progress report; ParseError when no judged recommendation is found
    or a recommendation has no judgement."""
    lines = [normalise_ws(plain(line)) for line in report_lines(data, filename)]
    opening = normalise_ws(" ".join(lines[:15]))
    title = _TITLE_RE.search(opening)
    establishment = normalise_ws(title.group("name")) if title else None
    found = read_dates(title.group("dates")) if title else None
    dates = found.resolved() if found is not None and found.has_year else None
    starts = [index for index, line in enumerate(lines) if _HEADING_RE.match(line)]
    items: list[ReviewItem] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(lines)
        items.append(_item(lines, start, end))
    if not items:
        raise ParseError(
            "no recommendations followed up were found: expected headings such as "
            "'Recommendation 1.21' or 'Key concern 3', each with a judgement of no meaningful, "
            "insufficient, reasonable or good progress"
        )
    return ParsedReview(
        establishment=establishment,
        start=dates[0] if dates else None,
        end=dates[-1] if dates else None,
        published=_published(lines),
        inspectors=_inspectors(lines),
        summary="",
        items=items,
    )


def _item(lines: list[str], start: int, end: int) -> ReviewItem:
    heading = _HEADING_RE.match(lines[start])
    assert heading is not None
    body = [line for line in lines[start + 1 : end] if line]
    text_lines = [heading.group("rest")] if heading.group("rest") else []
    index = 0
    while index < len(body) and not (text_lines and _TEXT_END_RE.search(text_lines[-1])):
        if _QUESTION_RE.match(body[index]):
            break
        text_lines.append(body[index])
        index += 1
    words_lines = [line for line in body[index:] if not _QUESTION_RE.match(line)]
    words = " ".join(words_lines)
    outcomes = list(_OUTCOME_RE.finditer(words))
    if not outcomes:
        raise ParseError(
            f"recommendation {heading.group('ref')} has no judgement (no meaningful, "
            "insufficient, reasonable or good progress)",
            line=start + 1,
        )
    text, refs, _repeats = split_text_refs(normalise_ws(" ".join(text_lines)))
    return ReviewItem(
        ref=heading.group("ref").replace(" ", ""),
        text=text,
        paragraph_refs=refs,
        outcome=OUTCOMES[normalise_ws(outcomes[-1].group("outcome")).lower()],
        words=words,
        source_line=start + 1,
    )
