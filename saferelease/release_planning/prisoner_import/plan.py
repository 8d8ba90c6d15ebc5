"""A parsed prisoner file checked against the database, and every create and update it
makes: whether its establishments exist and the importer may use them, whether the
prisoners it updates are in the importer's scope, and what changes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from saferelease.accounts.actors import Actor, SystemActor
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishments_visible_to
from saferelease.release_planning.models import KEY_DATE_FIELDS, Prisoner
from saferelease.release_planning.prisoner_import import bulk
from saferelease.release_planning.prisoner_import.contract import COLUMNS
from saferelease.release_planning.prisoner_import.model import ParsedFile, RowError, RowKey
from saferelease.release_planning.prisoner_import.results import (
    ImportResult,
    PrisonerChange,
    PrisonerCreation,
)

#: The fields an import may write, and the fields its audit entries record.
IMPORTED_FIELDS: Final[tuple[str, ...]] = COLUMNS
NAMES_AND_ATTNAMES: Final = tuple(
    (name, "establishment_id" if name == "establishment" else name) for name in IMPORTED_FIELDS
)
ATTNAMES: Final = tuple(attname for _, attname in NAMES_AND_ATTNAMES)
_KEY_DATES: Final = frozenset(KEY_DATE_FIELDS)


@dataclass(frozen=True, slots=True)
class EstablishmentRef:
    id: int
    code: str
    name: str


@dataclass(slots=True)
class Update:
    values: dict[str, Any]  # the stored prisoner's id and imported fields, new values set
    changed: dict[str, tuple[Any, Any]]  # attname: (old, new)


@dataclass(slots=True)
class Plan:
    """The result to report, and the rows to write: creates as the new prisoners'
    imported values (attnames), updates as the stored prisoner with the file's values
    set and the changed fields."""

    result: ImportResult
    to_create: list[dict[str, Any]]
    to_update: list[Update]


def field_name(attname: str) -> str:
    return "establishment" if attname == "establishment_id" else attname


def _establishments_for(
    actor: Actor,
) -> tuple[dict[str, EstablishmentRef], frozenset[int] | None]:
    """Every establishment by code, and the ids the actor may import into (``None``: all,
    for a system actor)."""
    every = {
        code: EstablishmentRef(pk, code, name)
        for pk, code, name in Establishment.objects.values_list("id", "code", "name")
    }
    if isinstance(actor, SystemActor):
        return every, None
    visible = frozenset(establishments_visible_to(actor).values_list("id", flat=True))
    return every, visible


def existing_prisoners(prison_numbers: list[str], *, lock: bool) -> dict[str, dict[str, Any]]:
    """The stored imported fields (and ``id``) of the prisoners with these numbers, loaded
    in chunks as plain values: building 90,000 model instances would be the slow part."""
    existing: dict[str, dict[str, Any]] = {}
    names = ["id", *ATTNAMES]
    for start in range(0, len(prison_numbers), bulk.BATCH_SIZE):
        chunk = prison_numbers[start : start + bulk.BATCH_SIZE]
        queryset = Prisoner.objects.filter(prison_number__in=chunk).order_by()
        if lock:
            queryset = queryset.select_for_update()
        for values in queryset.values_list(*names):
            stored = dict(zip(names, values, strict=True))
            existing[stored["prison_number"]] = stored
    return existing


def _error_order(error: RowError) -> tuple[int, int]:
    return error.row, COLUMNS.index(error.column) if error.column in COLUMNS else -1


def _establishment_errors(
    key: RowKey,
    establishments: dict[str, EstablishmentRef],
    visible: frozenset[int] | None,
) -> list[RowError]:
    ref = establishments.get(key.establishment_code)
    if ref is None:
        return [
            RowError(
                key.row,
                "establishment",
                f"'{key.establishment_code}' is not an establishment code in the prison register",
            )
        ]
    if visible is not None and ref.id not in visible:
        return [
            RowError(
                key.row,
                "establishment",
                f"you cannot import into {ref.name} ({ref.code}): it is not one of your "
                "establishments",
            )
        ]
    return []


def _scope_errors(
    parsed: ParsedFile, existing: dict[str, dict[str, Any]], visible: frozenset[int]
) -> list[RowError]:
    """A row for a prisoner held where the importer cannot see: refused, without saying
    where he is held, or that a record exists at all beyond what refusing the row implies
    (a prison number is unique, so a row that can be neither created nor updated is
    refused)."""
    errors = []
    for key in parsed.keys:
        stored = existing.get(key.prison_number) if key.prison_number else None
        if stored is not None and stored["establishment_id"] not in visible:
            errors.append(
                RowError(
                    key.row,
                    "prison_number",
                    f"you cannot import {key.prison_number}: ask an administrator to "
                    "import this row",
                )
            )
    return errors


def plan_import(parsed: ParsedFile, *, actor: Actor, lock: bool) -> Plan:
    """Check the rows against the database and work out every create and update."""
    result = ImportResult(dry_run=True, rows=parsed.row_count)
    establishments, visible = _establishments_for(actor)
    by_id = {ref.id: ref for ref in establishments.values()}
    # The checks against the database run on every row's keys, valid row or not, so that
    # their errors are reported together with the file's own.
    errors = list(parsed.errors)
    for key in parsed.keys:
        if key.establishment_code:
            errors.extend(_establishment_errors(key, establishments, visible))
    existing = existing_prisoners(
        [key.prison_number for key in parsed.keys if key.prison_number], lock=lock
    )
    if visible is not None:
        errors.extend(_scope_errors(parsed, existing, visible))
    if errors:
        result.errors = sorted(errors, key=_error_order)
        return Plan(result, [], [])

    to_create: list[dict[str, Any]] = []
    to_update: list[Update] = []
    for row in parsed.rows:
        ref = establishments[row.establishment_code]
        values = {**row.values, "establishment_id": ref.id}
        stored = existing.get(row.prison_number)
        if stored is None:
            values["prison_number"] = row.prison_number
            to_create.append(values)
            result.creations.append(
                PrisonerCreation(
                    row.row,
                    row.prison_number,
                    f"{values.get('given_name', '')} {values.get('family_name', '')}",
                    ref.code,
                )
            )
            continue
        changed = {
            attname: (stored[attname], new)
            for attname, new in values.items()
            if stored[attname] != new
        }
        if not changed:
            result.unchanged += 1
            continue
        updated = {**stored, **values}
        to_update.append(Update(updated, changed))
        result.changes.append(
            PrisonerChange(
                row.row,
                row.prison_number,
                f"{updated['given_name']} {updated['family_name']}",
                {
                    field_name(attname): (
                        (by_id[old].code, by_id[new].code)
                        if attname == "establishment_id"
                        else (old, new)
                    )
                    for attname, (old, new) in changed.items()
                },
            )
        )
        result.key_date_changes += sum(1 for attname in changed if attname in _KEY_DATES)
    result.created = len(to_create)
    result.updated = len(to_update)
    return Plan(result, to_create, to_update)
