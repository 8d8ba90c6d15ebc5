"""HM Inspectorate of Prisons inspection reports: the cover, the healthy prison test grades and
the list of recommendations (pure Python, no Django; docs/inspection-cycle.md).

Two forms of report are read:

* **to May 2022**: "Summary of recommendations" (section 5 in older reports) lists the main
  recommendations ("5.1 ... (S42)"), the recommendations by area ("5.4 ... (1.14)",
  "(1.21, repeated recommendation 3.32)") and the housekeeping points, under headings that name
  the addressee ("Main recommendations To the governor", "Recommendations To NOMS ...");
  examples of good practice are not recommendations and are skipped.  A report without that
  list gives the recommendations of its sections ("Recommendation" then "1.14 The prison
  should ...").
* **since May 2022**: "Summary of key concerns and recommendations": priority concerns, then
  key concerns, each a numbered concern ("1. Too many prisoners ...") followed by its
  recommendation ("Recommendation: Leaders should ...").

Grades come from a line naming a healthy prison test with its grade ("Safety: reasonably
good", "Respect 4", a table row) or from the assessment sentence under the test's heading
("... outcomes for prisoners were not sufficiently good against this healthy prison test").
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from .common import normalise_ws, paragraphs, plain, split_text_refs
from .cover import inspection_kind, parse_cover
from .headings import Context, apply_heading, default_kind
from .merge import RawRow
from .model import InspectionKind, ParseError
from .written_dates import read_dates

ReportItemKind = Literal["main_recommendation", "recommendation", "housekeeping", "key_concern"]
ReportFormat = Literal["report-to-2022", "report-from-2022"]

#: The four healthy prison tests (rehabilitation and release planning was "resettlement"
#: before 2017) and the four grades, 4 good to 1 poor.
TESTS = ("safety", "respect", "purposeful_activity", "rehabilitation_release_planning")
GRADES = {"good": 4, "reasonably good": 3, "not sufficiently good": 2, "poor": 1}
GRADE_LABELS = {value: label for label, value in GRADES.items()}

_TEST_RE = re.compile(
    r"\b(?P<test>safety|respect|purposeful\s+activity|rehabilitation\s+and\s+release\s+planning"
    r"|resettlement)\b",
    re.IGNORECASE,
)
_GRADE_WORDS = r"(?P<grade>not\s+sufficiently\s+good|reasonably\s+good|good|poor)"
_TEST_LINE_RE = re.compile(
    rf"^(?:section\s+\d+\.?\s*|\d+\.?\s*)?{_TEST_RE.pattern}(?:\s*[:\-–—\t]?\s*"
    rf"(?:(?P<number>[1-4])\s*[:\-–—]?\s*)?{_GRADE_WORDS}?)?\s*\.?$",
    re.IGNORECASE,
)
_ASSESSMENT_RE = re.compile(
    rf"outcomes\s+for\s+(?:prisoners|children|young\s+people|detainees|women|men)\s+"
    rf"(?:were|was|remained|had\s+been)\s+{_GRADE_WORDS}\s+against\s+this\s+healthy\s+"
    rf"(?:prison|establishment)\s+test",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(
    r"report\s+on\s+an?\s+(?P<kind>[\w\s-]*?(?:inspection|review\s+of\s+progress|scrutiny\s+visit))"
    r"\s+(?:of|at)\s+(?P<name>.+?)\s+by\s+(?:hm|her\s+majesty['’]s)\s+chief\s+inspector\s+of\s+"
    r"prisons\s*(?P<dates>.*)$",
    re.IGNORECASE,
)
_PUBLISHED_RE = re.compile(
    r"\b(?:published|publication\s+date|date\s+of\s+publication)\b\s*:?\s*(?:on\s+)?(?P<date>.+)$",
    re.IGNORECASE,
)

_SUMMARY_START_RE = re.compile(
    r"^(?:section\s+\d+\.?\s*)?summary\s+of\s+(?:recommendations|key\s+concerns)", re.IGNORECASE
)
_GOOD_PRACTICE_RE = re.compile(
    r"^(?:examples\s+of\s+)?(?:notable\s+positive\s+practice|good\s+practice)\b", re.IGNORECASE
)
_SECTION_END_RE = re.compile(
    r"^(?:section\s+\d+\b|appendix\b|appendices\b|photographs\b|annex\b)", re.IGNORECASE
)
_ITEM_RE = re.compile(r"^(?P<ref>S\s?\d{1,3}|\d{1,2}\.\d{1,3})\.?\s+(?P<text>\S.*)$")
_CONCERN_RE = re.compile(r"^(?P<ref>\d{1,2})\s*[.)]\s+(?P<text>\S.*)$")
_RECOMMENDATION_LABEL_RE = re.compile(r"^recommendations?\s*[:\-–]?\s*(?P<text>.*)$", re.IGNORECASE)
_PRIORITY_RE = re.compile(r"^priority\s+concerns?\b", re.IGNORECASE)
_KEY_RE = re.compile(r"^key\s+concerns?\b(?!\s+and\s+recommendations)", re.IGNORECASE)
_TEXT_END_RE = re.compile(r"(?:\.|\([^()]*\d[^()]*\)\.?)$")
_KIND_HEADING_RE = re.compile(
    r"^(?:main\s+recommendations?|recommendations?|housekeeping\s+points?)\b(?:\s+(?:to|for)\b.*)?$",
    re.IGNORECASE,
)


@dataclass
class ReportItem:
    """One recommendation of a report (since 2022: a key concern with its recommendation)."""

    ref: str
    kind: ReportItemKind
    addressee: str | None
    area: str | None
    text: str
    paragraph_refs: list[str]
    repeats: list[str]
    priority: bool
    concern: str
    source_line: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "ref": self.ref,
            "kind": self.kind,
            "addressee": self.addressee,
            "area": self.area,
            "text": self.text,
            "paragraph_refs": list(self.paragraph_refs),
            "repeats": list(self.repeats),
            "priority": self.priority,
            "concern": self.concern,
            "source_line": self.source_line,
        }


@dataclass
class ParsedReport:
    establishment: str | None
    inspection_kind: InspectionKind | None
    inspection_start: date | None
    inspection_end: date | None
    report_published: date | None
    grades: dict[str, int | None]
    format: ReportFormat
    items: list[ReportItem]
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def iso(value: date | None) -> str | None:
            return value.isoformat() if value else None

        return {
            "establishment": self.establishment,
            "inspection_kind": self.inspection_kind,
            "inspection_start": iso(self.inspection_start),
            "inspection_end": iso(self.inspection_end),
            "report_published": iso(self.report_published),
            "grades": dict(self.grades),
            "format": self.format,
            "items": [item.to_dict() for item in self.items],
            "warnings": list(self.warnings),
        }


# --------------------------------------------------------------------------- lines


def report_lines(data: bytes, filename: str) -> list[str]:
    """The report as lines of text, whatever the container (text, .docx or .pdf)."""
    from . import detect_format
    from .tables import docx_rows
    from .text import decode_text

    kind = detect_format(data, filename)
    if kind == "pdf":
        return _pdf_lines(data)
    if kind == "docx":
        return _row_lines(docx_rows(data))
    if kind in ("xlsx",):
        raise ParseError("an inspection report is a text, Word (.docx) or PDF document")
    text = decode_text(data)
    return [line.replace("\t", " \t ").strip() for line in re.split(r"\r\n|\r|\n", text)]


def _row_lines(rows: list[RawRow]) -> list[str]:
    lines: list[str] = []
    for row in rows:
        cells = [paragraphs(cell) for cell in row.cells]
        if all(len(cell) <= 1 for cell in cells):
            lines.append("\t".join(cell[0] if cell else "" for cell in cells).strip("\t "))
        else:
            lines.extend(text for cell in cells for text in cell)
    return lines


def _pdf_lines(data: bytes) -> list[str]:
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return [line for page in pdf.pages for line in (page.extract_text() or "").splitlines()]
    except Exception as error:
        raise ParseError(f"the file is not a readable PDF ({error})") from None


# --------------------------------------------------------------------------- cover and grades


def _title(lines: list[str]) -> tuple[str | None, InspectionKind | None, tuple[date, ...] | None]:
    """ "Report on an unannounced inspection of HMP Example by HM Chief Inspector of Prisons
    2–13 March 2015", over as many of the first lines as it takes."""
    opening = normalise_ws(" ".join(plain(line) for line in lines[:15]))
    match = _TITLE_RE.search(opening)
    if match is None:
        return None, None, None
    name = normalise_ws(match.group("name"))
    found = read_dates(match.group("dates"))
    dates = found.resolved() if found is not None and found.has_year else None
    return name, inspection_kind(match.group("kind")), dates


def _grades(lines: list[str]) -> dict[str, int | None]:
    grades: dict[str, int | None] = dict.fromkeys(TESTS)
    current: str | None = None
    texts = [normalise_ws(plain(line)) for line in lines]
    for index, text in enumerate(texts):
        if not text:
            continue
        table = _TEST_LINE_RE.match(text)
        if table is not None:
            test = _test_key(table.group("test"))
            grade = _grade(table.group("grade"), table.group("number"))
            if grade is not None and grades[test] is None:
                grades[test] = grade
            current = test
            continue
        # The assessment sentence may wrap onto the next line (a PDF's lines are its layout).
        following = texts[index + 1] if index + 1 < len(texts) else ""
        assessment = _ASSESSMENT_RE.search(f"{text} {following}")
        if assessment is not None and assessment.start() < len(text):
            named = _TEST_RE.search(text[: assessment.start()])
            judged = _test_key(named.group("test")) if named else current
            if judged is not None and grades[judged] is None:
                grades[judged] = GRADES[normalise_ws(assessment.group("grade")).lower()]
    return grades


def _test_key(written: str) -> str:
    lowered = normalise_ws(written).lower()
    if lowered in ("resettlement", "rehabilitation and release planning"):
        return "rehabilitation_release_planning"
    return lowered.replace(" ", "_")


def _grade(words: str | None, number: str | None) -> int | None:
    by_words = GRADES[normalise_ws(words).lower()] if words else None
    by_number = int(number) if number else None
    if by_words is not None and by_number is not None and by_words != by_number:
        return None  # "Safety 2 good" contradicts itself: not read
    return by_words or by_number


# --------------------------------------------------------------------------- recommendations


@dataclass
class _Open:
    ref: str
    line: int
    context: Context
    texts: list[str]
    priority: bool = False
    concern: list[str] = field(default_factory=list)
    recommending: bool = False


def _summary_items(lines: list[str]) -> tuple[list[ReportItem], ReportFormat] | None:
    start = next(
        (
            index
            for index, line in enumerate(lines)
            if _SUMMARY_START_RE.match(normalise_ws(plain(line)))
        ),
        None,
    )
    if start is None:
        return None
    heading = normalise_ws(plain(lines[start])).lower()
    if "key concerns" in heading:
        return _concerns(lines, start + 1), "report-from-2022"
    return _listed(lines, start + 1, stop_at_section=True), "report-to-2022"


def _listed(lines: list[str], start: int, *, stop_at_section: bool) -> list[ReportItem]:
    """Numbered recommendations under kind and area headings, good practice skipped."""
    items: list[ReportItem] = []
    context = Context()
    current: _Open | None = None
    skipping = False

    def close() -> None:
        nonlocal current
        if current is not None:
            items.append(_item(current))
            current = None

    for index in range(start, len(lines)):
        text = normalise_ws(plain(lines[index]))
        if not text or re.fullmatch(r"(?:page\s+)?\d+(?:\s+of\s+\d+)?", text, re.IGNORECASE):
            continue
        if _SUMMARY_START_RE.match(text):
            continue  # the section's title repeated at the top of each page
        if stop_at_section and _SECTION_END_RE.match(text) and not _ITEM_RE.match(text):
            break
        if _GOOD_PRACTICE_RE.match(text):
            close()
            skipping = True
            continue
        if _KIND_HEADING_RE.match(text) and len(text) <= 120 and not _TEXT_END_RE.search(text):
            close()
            skipping = False
            context = apply_heading(context, text)
            continue
        if skipping:
            continue
        item = _ITEM_RE.match(text)
        if item is not None:
            close()
            current = _Open(
                item.group("ref").replace(" ", ""), index + 1, context, [item.group("text")]
            )
            continue
        if current is not None and not _TEXT_END_RE.search(" ".join(current.texts)):
            current.texts.append(text)
            continue
        if len(text) <= 80 and not _TEXT_END_RE.search(text) and not re.search(r"\d", text):
            close()
            context = apply_heading(context, text)  # an area heading
    close()
    return items


def _section_items(lines: list[str]) -> list[ReportItem]:
    """Recommendations in the report's sections: a "Recommendation(s)" line, then numbered
    paragraphs, until a line that is not part of one."""
    items: list[ReportItem] = []
    index = 0
    while index < len(lines):
        text = normalise_ws(plain(lines[index]))
        if re.fullmatch(r"(?:main\s+)?recommendations?", text, re.IGNORECASE):
            found = _listed(_block(lines, index + 1), 0, stop_at_section=False)
            for item in found:
                item.source_line += index + 1
            items.extend(found)
        index += 1
    unique: dict[str, ReportItem] = {}
    for item in items:
        unique.setdefault(item.ref, item)  # a recommendation repeated in a later section
    return list(unique.values())


def _block(lines: list[str], start: int) -> list[str]:
    """The numbered paragraphs after a "Recommendations" line, up to the first line that
    neither starts nor continues one."""
    block: list[str] = []
    open_item = False
    for line in lines[start:]:
        text = normalise_ws(plain(line))
        if not text:
            continue
        if _ITEM_RE.match(text) or open_item:
            block.append(text)
            open_item = not _TEXT_END_RE.search(text)
        else:
            break
    return block


def _concerns(lines: list[str], start: int) -> list[ReportItem]:
    """Priority and key concerns, each with its recommendation."""
    items: list[ReportItem] = []
    priority = False
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is not None and current.texts:
            items.append(_item(current))
        current = None

    for index in range(start, len(lines)):
        text = normalise_ws(plain(lines[index]))
        if not text or re.fullmatch(r"(?:page\s+)?\d+(?:\s+of\s+\d+)?", text, re.IGNORECASE):
            continue
        if _SECTION_END_RE.match(text) or _GOOD_PRACTICE_RE.match(text):
            break
        if _PRIORITY_RE.match(text) and len(text) <= 60:
            close()
            priority = True
            continue
        if _KEY_RE.match(text) and len(text) <= 60:
            close()
            priority = False
            continue
        concern = _CONCERN_RE.match(text)
        if concern is not None and (current is None or current.recommending):
            close()
            current = _Open(
                concern.group("ref"), index + 1, Context(), [], priority, [concern.group("text")]
            )
            continue
        if current is None:
            continue
        label = _RECOMMENDATION_LABEL_RE.match(text)
        if label is not None and not current.recommending:
            current.recommending = True
            if label.group("text"):
                current.texts.append(label.group("text"))
        elif current.recommending:
            current.texts.append(text)
        else:
            current.concern.append(text)
    close()
    return items


def _item(draft: _Open) -> ReportItem:
    text, refs, repeats = split_text_refs(normalise_ws(" ".join(draft.texts)))
    if draft.concern:
        kind: ReportItemKind = "key_concern"
    else:
        kind = draft.context.kind or default_kind(draft.ref)
    return ReportItem(
        ref=draft.ref,
        kind=kind,
        addressee=draft.context.addressee,
        area=draft.context.area,
        text=text,
        paragraph_refs=refs,
        repeats=repeats,
        priority=draft.priority,
        concern=normalise_ws(" ".join(draft.concern)),
        source_line=draft.line,
    )


# --------------------------------------------------------------------------- the report


def parse_inspection_report(data: bytes, filename: str) -> ParsedReport:
    """Parse an inspection report (text, .docx or .pdf); ParseError when it has no
    recommendations this parser can find."""
    lines = report_lines(data, filename)
    name, kind, dates = _title(lines)
    cover = parse_cover([RawRow(number, [line]) for number, line in enumerate(lines[:40], 1)])
    warnings: list[str] = []
    establishment = name or cover.preamble.establishment
    kind = kind or cover.preamble.inspection_kind
    start = dates[0] if dates else cover.preamble.inspection_start
    end = dates[-1] if dates else cover.preamble.inspection_end
    published = cover.preamble.report_published or _published(lines)
    found = _summary_items(lines)
    if found is not None and found[0]:
        items, fmt = found
    else:
        items, fmt = _section_items(lines), "report-to-2022"
    if not items:
        raise ParseError(
            "no recommendations were found: expected a 'Summary of recommendations' (reports to "
            "May 2022), a 'Summary of key concerns and recommendations' (since then), or "
            "'Recommendation' paragraphs numbered like '1.21'"
        )
    grades = _grades(lines)
    for name_, value in (
        ("establishment", establishment),
        ("inspection_start", start),
        ("inspection_end", end),
        ("report_published", published),
        ("inspection_kind", kind),
    ):
        if value is None:
            warnings.append(f"{name_}: the report does not give it where this parser looks")
    warnings += [
        f"grades.{test}: no healthy prison test grade found"
        for test in TESTS
        if grades[test] is None
    ]
    seen: dict[str, int] = {}
    for item in items:
        if item.ref in seen:
            raise ParseError(
                f"item {item.ref} appears twice (lines {seen[item.ref]} and {item.source_line})",
                line=item.source_line,
            )
        seen[item.ref] = item.source_line
    return ParsedReport(
        establishment=establishment,
        inspection_kind=kind,
        inspection_start=start,
        inspection_end=end,
        report_published=published,
        grades=grades,
        format=fmt,
        items=items,
        warnings=warnings,
    )


def _published(lines: list[str]) -> date | None:
    for line in lines[:80]:
        match = _PUBLISHED_RE.search(normalise_ws(plain(line)))
        if match is None:
            continue
        found = read_dates(match.group("date"))
        dates = found.resolved() if found is not None and found.has_year else None
        if dates and len(dates) == 1:
            return dates[0]
    return None
