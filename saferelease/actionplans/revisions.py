"""What a revised action plan changes, document against document. Pure: no ORM.

Both sides are parser contracts (`ParsedActionPlan.to_dict()`): the one stored at the last
import and the new file. Recommendations are matched by ref. Where a line sits in the file
(`source_line`) and the file's format do not count as changes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

ITEM_FIELDS: dict[str, str] = {
    "kind": "Kind",
    "addressee": "Addressee",
    "area": "Area",
    "text": "Recommendation",
    "paragraph_refs": "Report paragraphs",
    "repeats": "Repeats",
    "decision": "Decision",
    "decision_as_written": "Decision as written",
    "response": "Response",
    "owners": "Owners and targets",
}

PLAN_FIELDS: dict[str, str] = {
    "establishment": "Establishment as written",
    "action_plan_submitted": "Action plan submitted",
    "position_as_at": "Position as at",
    "stated_summary": "Summary table",
}


@dataclass(frozen=True)
class FieldChange:
    name: str
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemChange:
    ref: str
    changes: tuple[FieldChange, ...]

    @property
    def field_names(self) -> set[str]:
        return {change.name for change in self.changes}


@dataclass(frozen=True)
class PlanDiff:
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[ItemChange, ...] = ()
    plan_changes: tuple[FieldChange, ...] = field(default_factory=tuple)

    @property
    def no_changes(self) -> bool:
        return not (self.added or self.removed or self.changed or self.plan_changes)

    def changed_ref(self, ref: str) -> ItemChange | None:
        return next((item for item in self.changed if item.ref == ref), None)

    def summary(self) -> str:
        """ "2 added, 1 removed, 3 changed" (or "no changes")."""
        if self.no_changes:
            return "no changes"
        parts = [
            f"{len(self.added)} added",
            f"{len(self.removed)} removed",
            f"{len(self.changed)} changed",
        ]
        if self.plan_changes:
            parts.append(f"{len(self.plan_changes)} plan detail(s) changed")
        return ", ".join(parts)


def owners_text(owners: Any) -> str:
    """ "Head of Safer Custody: 31 March 2016; Deputy Governor: Completed"."""
    return "; ".join(
        f"{o.get('function') or 'No owner named'}: {o.get('target_as_written') or 'no target'}"
        for o in owners or []
    )


def value_text(name: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "none"
    if name == "owners":
        return owners_text(value)
    if name == "stated_summary":
        return "; ".join(
            f"{group}: " + ", ".join(f"{k} {v}" for k, v in counts.items() if v is not None)
            for group, counts in value.items()
        )
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _owner_key(owner: Mapping[str, Any]) -> tuple[str, str | None, str]:
    return (
        owner.get("function") or "",
        owner.get("target_date"),
        owner.get("target_as_written") or "",
    )


def _same(name: str, old: Any, new: Any) -> bool:
    if name == "owners":
        return [_owner_key(o) for o in old or []] == [_owner_key(o) for o in new or []]
    return bool(old == new or (old in (None, "", []) and new in (None, "", [])))


def _changes(
    fields: Mapping[str, str], old: Mapping[str, Any], new: Mapping[str, Any]
) -> list[FieldChange]:
    return [
        FieldChange(name, label, value_text(name, old.get(name)), value_text(name, new.get(name)))
        for name, label in fields.items()
        if not _same(name, old.get(name), new.get(name))
    ]


def plan_diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> PlanDiff:
    """Added, removed and changed recommendations (by ref) and changed plan details."""
    old_items = {item["ref"]: item for item in old.get("items", [])}
    new_items = {item["ref"]: item for item in new.get("items", [])}
    changed = []
    for ref, item in new_items.items():
        if ref in old_items:
            field_changes = _changes(ITEM_FIELDS, old_items[ref], item)
            if field_changes:
                changed.append(ItemChange(ref, tuple(field_changes)))
    return PlanDiff(
        added=tuple(ref for ref in new_items if ref not in old_items),
        removed=tuple(ref for ref in old_items if ref not in new_items),
        changed=tuple(changed),
        plan_changes=tuple(_changes(PLAN_FIELDS, old, new)),
    )
