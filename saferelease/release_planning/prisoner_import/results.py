"""What an import did, or (dry run) would do."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from saferelease.release_planning.prisoner_import.model import RowError


@dataclass(frozen=True, slots=True)
class PrisonerChange:
    """An existing prisoner the file changes: ``fields`` maps a field to (old, new).

    ``establishment`` changes are given as establishment codes.
    """

    row: int
    prison_number: str
    name: str
    fields: dict[str, tuple[Any, Any]]


@dataclass(frozen=True, slots=True)
class PrisonerCreation:
    row: int
    prison_number: str
    name: str
    establishment_code: str


@dataclass
class ImportResult:
    """What an import did, or (``dry_run``) would do; ``errors`` means nothing was saved."""

    dry_run: bool
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    key_date_changes: int = 0
    errors: list[RowError] = field(default_factory=list)
    creations: list[PrisonerCreation] = field(default_factory=list)
    changes: list[PrisonerChange] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def saved(self) -> bool:
        return self.ok and not self.dry_run
