"""The cover of an action plan: establishment, inspection kind and dates, report and plan dates.

Covers are written in several ways, all read here (docs/actionplan-import.md, "The cover"):

* 2015 template: "ESTABLISHMENT: HMP LITTLEHEY", then a timetable table ("Full Unannounced
  inspection | 2 – 13 March 2015", "Report published | 31 July 2015", "Action Plan Submitted |
  16 October 2015 | Attached") and "POSITION AS AT: OCTOBER 2015".
* 2018-2020 template: "Action Plan: HMP Example", "Action Plan Submitted 05 November 2019" (with
  or without a colon), "A Response to the HMIP Inspection 23 April – 3 May 2019", "Report
  Published 20 August 2019".

A label is followed by its value after a colon, a tab, spaces or a line break; a cover run onto
one line ("Action Plan: HMP Example A Response to the HMIP Inspection: 10-21 February 2020
Report Published: ...") is split at the labels, so a value ends where the next label starts.
Nothing is invented: a kind the cover does not name is None, and every field that is absent or
cannot be read is listed in ``warnings`` (``"field: why"``) with its value None.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from .common import month_year_label, normalise_ws, paragraphs
from .merge import RawRow
from .model import InspectionKind, Preamble
from .written_dates import WrittenDates, read_dates, read_single_date, resolve_year

# --------------------------------------------------------------------------- labels

_HM = (
    r"(?:hm\s*ci\s*p|hmip|hmi\s*prisons|hm\s+inspectorate\s+of\s+prisons"
    r"|hm\s+chief\s+inspector\s+of\s+prisons|her\s+majesty['’]s\s+inspectorate\s+of\s+prisons)"
)
_KIND_WORDS = r"(?:full|short|unannounced|announced|follow[- ]?up|joint|scrutiny|thematic)"

#: (field, pattern, needs a separator).  Order matters: at one position the first wins, so
#: the longer labels come first ("Action Plan Submitted" before "Action Plan").
_LABELS: tuple[tuple[str, str, bool], ...] = (
    ("submitted", r"action\s+plan\s+submitted(?:\s+on|\s+date)?", False),
    ("submitted", r"date\s+(?:of\s+)?(?:the\s+)?(?:action\s+plan\s+)?submi(?:tted|ssion)", False),
    ("submitted", r"(?:action\s+plan\s+)?submission\s+date", False),
    ("submitted", r"date\s+of\s+(?:the\s+)?action\s+plan", False),
    ("published", r"(?:inspection\s+)?report\s+published(?:\s+on|\s+date)?", False),
    ("published", r"(?:report\s+)?publication\s+date", False),
    ("published", r"date\s+(?:of\s+)?(?:the\s+)?report\s+(?:was\s+)?published", False),
    ("published", r"date\s+of\s+(?:the\s+)?(?:report(?:'s)?\s+)?publication", False),
    ("kind", r"inspection\s+type|type\s+of\s+inspection", False),
    (
        "inspection",
        rf"(?:a\s+)?response\s+to\s+(?:the\s+)?{_HM}(?:['’]s)?\s+(?:{_KIND_WORDS}\s+)*inspection",
        False,
    ),
    ("inspection", rf"(?:{_KIND_WORDS}\s+)+inspection(?:\s+dates?)?", False),
    ("inspection", r"(?:independent\s+)?review\s+of\s+progress(?:\s+dates?)?", False),
    ("inspection", r"scrutiny\s+visit(?:\s+dates?)?", False),
    (
        "inspection",
        r"inspection\s+dates?|dates?\s+of\s+(?:the\s+)?inspection|date\(s\)\s+of\s+(?:the\s+)?inspection",
        False,
    ),
    ("inspection", r"inspection\s+period|period\s+of\s+inspection", False),
    ("position", r"position\s+as\s+at", False),
    ("establishment", r"name\s+of\s+(?:the\s+)?(?:establishment|prison)", False),
    ("establishment", r"establishment(?:\s+name)?", True),
    ("establishment", r"(?:prison|site)(?:\s+name)?", True),
    ("action_plan", r"action\s+plan(?:\s+for)?", False),
    ("published", r"published", True),
    ("submitted", r"submitted", True),
    ("inspection", r"inspection", True),
    ("stop", r"timetable|status\s+of\s+this\s+return|introduction", False),
)

_LABEL_RE = re.compile(
    "|".join(
        rf"(?P<l{index}>(?<![\w/&]){pattern}(?![\w]))"
        for index, (_, pattern, _) in enumerate(_LABELS)
    ),
    re.IGNORECASE,
)
_SEPARATOR_RE = re.compile(r"\s*(?:[:：]|[-–—](?=\s))\s*|\t\s*")

#: Words that never occur in an establishment's name: a name stops at the first of them.
_NOT_IN_A_NAME = frozenset(
    {
        "a",
        "action",
        "attached",
        "date",
        "dates",
        "hmcip",
        "hmip",
        "inspection",
        "introduction",
        "plan",
        "position",
        "published",
        "recommendation",
        "recommendations",
        "report",
        "response",
        "return",
        "status",
        "submitted",
        "timetable",
        "to",
    }
)
_ESTABLISHMENT_PREFIX_RE = re.compile(
    r"^(?:hmp\s*(?:&|and|/)\s*yoi|hmp\s*/\s*yoi|hmpyoi|hm\s*yoi|hmyoi|hmp|hm\s+prison|"
    r"her\s+majesty['’]s\s+prison|hmirc|irc|stc|yoi|prison)\b",
    re.IGNORECASE,
)
_TITLE_ESTABLISHMENT_RE = re.compile(
    r"\b((?:HMP(?:\s*(?:&|and|/)\s*YOI)?|HMYOI|HMIRC|IRC|HMP/YOI)\s+[A-Z][\w'’.-]*"
    r"(?:\s+[A-Z][\w'’.-]*)*)"
)
_MARKDOWN_RE = re.compile(r"^\s*(?:#+|[*•·▪-])\s+|\*\*|__")

#: How long before a later date of the document an inspection may end (months).
PUBLISHED_WITHIN_MONTHS = 12
SUBMITTED_WITHIN_MONTHS = 18

#: Short lines are covers; long ones are prose where a label word is only a word.
_SHORT_LINE = 120


def inspection_kind(text: str) -> InspectionKind | None:
    """The kind a label or value names: "Full Unannounced inspection" is full_unannounced; a
    short, scrutiny or follow-up visit is "other"; none named (or "Full inspection", which
    does not say whether it was announced) is None."""
    lowered = normalise_ws(text).lower()
    if "review of progress" in lowered:
        return "independent_review_of_progress"
    if re.search(r"\b(?:short|scrutiny|follow[- ]?up|thematic)\b", lowered):
        return "other"
    if "unannounced" in lowered:
        return "full_unannounced"
    if re.search(r"\bannounced\b", lowered):
        return "full_announced"
    return None


# --------------------------------------------------------------------------- lines


def cover_lines(rows: list[RawRow]) -> list[str]:
    """The text above the table as lines: one per row, its cells separated by tabs (a cell of
    several paragraphs, or a line break in a paragraph, gives several lines)."""
    lines: list[str] = []
    for row in rows:
        cells = [[_clean(text) for text in _cell_lines(cell)] for cell in row.cells]
        cells = [[text for text in cell if text] for cell in cells]
        if all(len(cell) <= 1 for cell in cells):
            joined = "\t".join(cell[0] if cell else "" for cell in cells).strip("\t ")
            if joined:
                lines.append(joined)
        else:
            lines.extend(text for cell in cells for text in cell)
    return lines


def _cell_lines(cell: str) -> list[str]:
    parts = re.split(r"\r\n|\r|\n", cell)
    return [text for part in parts for text in (paragraphs(part) or [""])]


def _clean(text: str) -> str:
    return normalise_ws(_MARKDOWN_RE.sub(" ", text))


# --------------------------------------------------------------------------- finding labels


@dataclass(frozen=True)
class _Label:
    field: str
    label: str
    value: str
    at_start: bool
    with_separator: bool
    short_line: bool


def _labels(lines: list[str]) -> list[_Label]:
    found: list[_Label] = []
    for index, line in enumerate(lines):
        matches = list(_LABEL_RE.finditer(line))
        for number, match in enumerate(matches):
            group = match.lastgroup
            assert group is not None
            field_name, _, needs_separator = _LABELS[int(group[1:])]
            end = matches[number + 1].start() if number + 1 < len(matches) else len(line)
            separator = _SEPARATOR_RE.match(line, match.end())
            value_start = separator.end() if separator else match.end()
            value = line[value_start:end].strip(" \t,;")
            has_separator = separator is not None
            at_start = match.start() == 0 or line[: match.start()].endswith("\t")
            if not value and end == len(line):
                value = _value_on_next_line(lines, index)
                has_separator = has_separator or bool(value)
            if needs_separator and not has_separator:
                continue
            found.append(
                _Label(
                    field_name,
                    match.group(0),
                    value,
                    at_start,
                    has_separator,
                    len(line) <= _SHORT_LINE,
                )
            )
    return found


def _value_on_next_line(lines: list[str], index: int) -> str:
    """A label alone at the end of its line takes the next line as its value, unless that
    line starts with a label of its own."""
    if index + 1 >= len(lines):
        return ""
    following = lines[index + 1]
    first = _LABEL_RE.search(following)
    if first is not None and first.start() == 0:
        return ""
    end = first.start() if first is not None else len(following)
    return following[:end].strip(" \t,;")


# --------------------------------------------------------------------------- fields


def _cut_establishment(value: str) -> str:
    """The name up to the first word no establishment's name holds ("HMP LIVERPOOL
    TIMETABLE DATE ..." is "HMP LIVERPOOL"), without trailing punctuation."""
    words = re.split(r"(\s+)", value.strip())
    kept: list[str] = []
    for word in words:
        bare = word.strip(".,;:()").lower()
        if word.strip() and (
            bare in _NOT_IN_A_NAME or re.search(r"\d", word) or word in {"–", "-", "—", "|"}
        ):
            break
        kept.append(word)
    return "".join(kept).strip(" \t.,;:–-—")


@dataclass
class _Field:
    """The first readable value of a field, else the first unreadable one."""

    value: object = None
    as_written: str = ""
    problem: str = ""
    seen: bool = False

    def offer(self, value: object, as_written: str, problem: str = "") -> None:
        if self.value is not None:
            return
        if not problem:
            self.value, self.as_written, self.problem = value, as_written, ""
        elif not self.seen:
            self.as_written, self.problem = as_written, problem
        self.seen = True


@dataclass
class Cover:
    """What the cover says, and the warnings for what it does not say clearly."""

    preamble: Preamble
    warnings: list[str] = field(default_factory=list)


def _date_offer(target: _Field, label: _Label, found: WrittenDates | None) -> None:
    if found is not None and found.readable:
        target.offer(found, found.as_written)
    elif label.at_start and label.short_line and label.value:
        shown = found.as_written if found is not None else label.value[:60]
        why = found.problem if found is not None else "it is not a date"
        target.offer(None, shown, why)


def parse_cover(rows: list[RawRow]) -> Cover:
    """Read the cover from the rows (or paragraphs) above the table; the first readable value
    of each field wins."""
    lines = cover_lines(rows)
    establishment = _Field()
    inspection = _Field()
    published = _Field()
    submitted = _Field()
    position: str | None = None
    kind: InspectionKind | None = None
    kind_unclear = ""
    for label in _labels(lines):
        if label.field == "establishment" and label.value:
            name = _cut_establishment(label.value)
            if name:
                establishment.offer(name, name)
        elif label.field == "action_plan":
            name = _cut_establishment(label.value)
            if name and _ESTABLISHMENT_PREFIX_RE.match(name):
                establishment.offer(name, name)
        elif label.field == "position" and label.value and position is None:
            position = month_year_label(label.value)
        elif label.field == "published":
            _date_offer(published, label, read_single_date(label.value))
        elif label.field == "submitted":
            _date_offer(submitted, label, read_single_date(label.value))
        elif label.field == "kind" and label.value:
            named = inspection_kind(label.value)
            kind = kind or named
            if named is None and not kind_unclear:
                kind_unclear = label.value
        elif label.field == "inspection":
            found = read_dates(label.value)
            if found is None and not (label.at_start and label.short_line):
                continue  # a word in prose
            _date_offer(inspection, label, found)
            named = inspection_kind(label.label)
            kind = kind or named
            if named is None and re.search(r"\bfull\b", label.label, re.IGNORECASE):
                kind_unclear = kind_unclear or label.label
    if establishment.value is None:
        for line in lines:
            match = _TITLE_ESTABLISHMENT_RE.search(line)
            if match and len(line) <= _SHORT_LINE and (name := _cut_establishment(match.group(1))):
                establishment.offer(name, name)
                break
    return _assemble(establishment, inspection, published, submitted, position, kind, kind_unclear)


def _written(target: _Field) -> WrittenDates | None:
    return target.value if isinstance(target.value, WrittenDates) else None


def _settle(
    target: _Field,
    name: str,
    what: str,
    *,
    before: list[tuple[date | None, int]],
    after: list[tuple[date | None, int]],
) -> tuple[tuple[date, ...] | None, list[str]]:
    """The dates of a field, a year-less one settled from the document's other dates; and
    the warnings when it is absent or cannot be read."""
    written = _written(target)
    if written is None:
        if target.problem:
            why = f"'{target.as_written}' cannot be read as {what} ({target.problem})"
            return None, [f"{name}: {why}"]
        return None, [f"{name}: the cover gives no {what}"]
    if written.has_year:
        dates = written.resolved()
        if dates is None:
            return None, [f"{name}: '{written.as_written}' is not a valid date"]
        return dates, []
    year, why = resolve_year(
        written,
        before=[(anchor, months) for anchor, months in before if anchor is not None],
        after=[(anchor, months) for anchor, months in after if anchor is not None],
    )
    dates = written.resolved(year) if year is not None else None
    if dates is None:
        return None, [f"{name}: '{written.as_written}' gives no year and {why}"]
    return dates, []


def _assemble(
    establishment: _Field,
    inspection: _Field,
    published: _Field,
    submitted: _Field,
    position: str | None,
    kind: InspectionKind | None,
    kind_unclear: str,
) -> Cover:
    warnings: list[str] = []
    if establishment.value is None:
        warnings.append("establishment: the cover names no establishment")
    if kind is None:
        warnings.append(
            f"inspection_kind: '{kind_unclear}' does not say whether the inspection was "
            "announced or unannounced"
            if kind_unclear
            else "inspection_kind: the cover does not name the kind of inspection"
        )

    def year_known(target: _Field) -> date | None:
        written = _written(target)
        dates = written.resolved() if written is not None and written.has_year else None
        return dates[0] if dates else None

    report_date, submitted_date = year_known(published), year_known(submitted)
    inspection_dates, problems = _settle(
        inspection,
        "inspection",
        "inspection dates",
        before=[
            (report_date, PUBLISHED_WITHIN_MONTHS),
            (submitted_date, SUBMITTED_WITHIN_MONTHS),
            (_position_date(position), SUBMITTED_WITHIN_MONTHS),
        ],
        after=[],
    )
    for problem in problems:
        why = problem.split(": ", 1)[1]
        warnings += [f"inspection_start: {why}", f"inspection_end: {why}"]
    end = inspection_dates[-1] if inspection_dates else None
    report, problems = _settle(
        published,
        "report_published",
        "report publication date",
        before=[(submitted_date, SUBMITTED_WITHIN_MONTHS)],
        after=[(end, PUBLISHED_WITHIN_MONTHS)],
    )
    warnings += problems
    report_date = report[0] if report else None
    plan, problems = _settle(
        submitted,
        "action_plan_submitted",
        "date the action plan was submitted",
        before=[],
        after=[(report_date or end, SUBMITTED_WITHIN_MONTHS)],
    )
    warnings += problems
    preamble = Preamble(
        establishment=establishment.value if isinstance(establishment.value, str) else None,
        inspection_kind=kind,
        inspection_start=inspection_dates[0] if inspection_dates else None,
        inspection_end=end,
        report_published=report_date,
        action_plan_submitted=plan[0] if plan else None,
        position_as_at=position,
    )
    return Cover(preamble, warnings)


def _position_date(position: str | None) -> date | None:
    """ "October 2015": the last day of that month (the plan's position is at its end)."""
    if not position:
        return None
    found = read_dates(f"1 {position}")
    dates = found.resolved() if found is not None and found.has_year else None
    if not dates:
        return None
    first = dates[0]
    following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)
