"""Result types of the HMIP action-plan parser: plain dataclasses made JSON-ready by ``to_dict``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

ItemKind = Literal["main_recommendation", "recommendation", "housekeeping"]
Decision = Literal["accepted", "partially_accepted", "accepted_subject_to_resources", "rejected"]
InspectionKind = Literal[
    "full_unannounced", "full_announced", "independent_review_of_progress", "other"
]
FormatName = Literal["hmip-2015-text", "hmip-2019-text", "docx", "xlsx", "csv", "pdf"]
SummaryGroup = Literal["recommendations", "housekeeping"]


class ParseError(Exception):
    """A file that cannot be read as an action plan; the message names the line or row."""

    def __init__(self, message: str, *, line: int | None = None, unit: str = "line") -> None:
        self.message = message
        self.line = line
        self.unit = unit
        super().__init__(f"{unit} {line}: {message}" if line is not None else message)


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


@dataclass(frozen=True)
class OwnerLine:
    """One responsible function with its own target (``target_date`` is None when not a date)."""

    function: str
    target_date: date | None
    target_as_written: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "function": self.function,
            "target_date": _iso(self.target_date),
            "target_as_written": self.target_as_written,
        }


@dataclass
class ParsedItem:
    """One recommendation or housekeeping point, with the response and its owners."""

    ref: str
    kind: ItemKind
    addressee: str | None
    area: str | None
    text: str
    paragraph_refs: list[str]
    repeats: list[str]
    decision: Decision
    decision_as_written: str
    response: str
    owners: list[OwnerLine]
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
            "decision": self.decision,
            "decision_as_written": self.decision_as_written,
            "response": self.response,
            "owners": [owner.to_dict() for owner in self.owners],
            "source_line": self.source_line,
        }


@dataclass(frozen=True)
class StatedCounts:
    """Counts printed in the plan's own summary table (None when the table omits one)."""

    accepted: int | None = None
    partial_or_subject_to_resources: int | None = None
    rejected: int | None = None
    total: int | None = None

    def to_dict(self) -> dict[str, int | None]:
        return {
            "accepted": self.accepted,
            "partial_or_subject_to_resources": self.partial_or_subject_to_resources,
            "rejected": self.rejected,
            "total": self.total,
        }


@dataclass(frozen=True)
class Reconciliation:
    """Comparison of the rows found with the stated summary; neither side is ever adjusted."""

    consistent: bool
    differences: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"consistent": self.consistent, "differences": list(self.differences)}


@dataclass(frozen=True)
class Preamble:
    """Facts from the text above the table (ESTABLISHMENT:, inspection dates, ...)."""

    establishment: str | None = None
    inspection_kind: InspectionKind | None = None
    inspection_start: date | None = None
    inspection_end: date | None = None
    report_published: date | None = None
    action_plan_submitted: date | None = None
    position_as_at: str | None = None


@dataclass
class ParsedActionPlan:
    """A whole action plan; ``to_dict`` is the stable output contract.

    ``warnings``: one ``"field: why"`` line for every cover field that is absent or cannot be
    read (its value is then None), and for a table rebuilt from text copied out of a PDF.
    """

    establishment: str | None
    inspection_kind: InspectionKind | None
    inspection_start: date | None
    inspection_end: date | None
    report_published: date | None
    action_plan_submitted: date | None
    position_as_at: str | None
    format: FormatName
    items: list[ParsedItem]
    stated_summary: dict[SummaryGroup, StatedCounts] | None
    reconciliation: Reconciliation
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        summary = (
            None
            if self.stated_summary is None
            else {group: counts.to_dict() for group, counts in self.stated_summary.items()}
        )
        return {
            "establishment": self.establishment,
            "inspection_kind": self.inspection_kind,
            "inspection_start": _iso(self.inspection_start),
            "inspection_end": _iso(self.inspection_end),
            "report_published": _iso(self.report_published),
            "action_plan_submitted": _iso(self.action_plan_submitted),
            "position_as_at": self.position_as_at,
            "format": self.format,
            "items": [item.to_dict() for item in self.items],
            "stated_summary": summary,
            "reconciliation": self.reconciliation.to_dict(),
            "warnings": list(self.warnings),
        }
