"""Importing a prisoner file: validate everything, then upsert by prison number, all or
nothing, audited. The contract is ``docs/prisoner-csv.md``; parsing is ``csv_import``.

Built for the national file (about 90,000 rows): rows are validated in pure Python,
existing prisoners are loaded in chunks as plain values, and prisoners, key-date history
and audit entries are written in bulk (``COPY`` on PostgreSQL, ``bulk_create`` elsewhere;
changed prisoners with one ``executemany`` UPDATE) rather than one ``save()`` per row.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO, Final, TextIO

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connections, models, router, transaction
from django.http import Http404

from saferelease.accounts.models import User
from saferelease.audit.context import current_origin
from saferelease.audit.models import AuditAction, AuditEntry
from saferelease.audit.services import audit_record
from saferelease.core import clock
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishment_get, establishments_visible_to
from saferelease.release_planning.csv_import import (
    COLUMNS,
    DATE_COLUMNS,
    ParsedFile,
    RowError,
    parse_prisoner_csv,
)
from saferelease.release_planning.models import KEY_DATE_FIELDS, KeyDateChange, Prisoner

BATCH_SIZE: Final = 2000
#: Key-date history rows written by an import carry this source.
KEY_DATE_SOURCE: Final = "import"
#: The fields an import may write, and the fields its audit entries record.
IMPORTED_FIELDS: Final[tuple[str, ...]] = COLUMNS
_NAMES_AND_ATTNAMES: Final = tuple(
    (name, "establishment_id" if name == "establishment" else name) for name in IMPORTED_FIELDS
)
_ATTNAMES: Final = tuple(attname for _, attname in _NAMES_AND_ATTNAMES)
_KEY_DATES: Final = frozenset(KEY_DATE_FIELDS)


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


@dataclass(frozen=True, slots=True)
class _EstablishmentRef:
    id: int
    code: str
    name: str


def _establishments_for(
    actor: User | None,
) -> tuple[dict[str, _EstablishmentRef], frozenset[int] | None]:
    """Every establishment by code, and the ids the actor may import into (``None``: all,
    for the system actor of the command line)."""
    every = {
        code: _EstablishmentRef(pk, code, name)
        for pk, code, name in Establishment.objects.values_list("id", "code", "name")
    }
    if actor is None:
        return every, None
    visible = frozenset(establishments_visible_to(actor).values_list("id", flat=True))
    return every, visible


def _check_actor(actor: User | None) -> None:
    if actor is None:  # the command line: a system actor with no user
        return
    if not getattr(actor, "is_authenticated", False) or not getattr(
        actor, "may_assign_cases", False
    ):
        raise PermissionDenied("Only a head of OMU or an administrator may import prisoner files")


def _check_default_establishment(actor: User | None, code: str) -> str:
    """The default establishment's code: 404 if it is unknown or outside the actor's scope."""
    code = code.strip().upper()
    if not code:
        return ""
    if actor is None:
        if not Establishment.objects.filter(code=code).exists():
            raise Http404(f"No establishment with the code {code}")
        return code
    return establishment_get(actor, code).code


def _existing_prisoners(prison_numbers: list[str], *, lock: bool) -> dict[str, dict[str, Any]]:
    """The stored imported fields (and ``id``) of the prisoners with these numbers, loaded
    in chunks as plain values: building 90,000 model instances would be the slow part."""
    existing: dict[str, dict[str, Any]] = {}
    names = ["id", *_ATTNAMES]
    for start in range(0, len(prison_numbers), BATCH_SIZE):
        chunk = prison_numbers[start : start + BATCH_SIZE]
        queryset = Prisoner.objects.filter(prison_number__in=chunk).order_by()
        if lock:
            queryset = queryset.select_for_update()
        for values in queryset.values_list(*names):
            stored = dict(zip(names, values, strict=True))
            existing[stored["prison_number"]] = stored
    return existing


def _json(value: Any) -> Any:
    """A value as ``audit.services`` stores it (dates in ISO 8601), for the types a
    prisoner's imported fields hold."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _prisoner_repr(values: dict[str, Any]) -> str:
    """``str(prisoner)`` from plain values (checked against ``Prisoner.__str__`` in the
    tests), so that no model instance is built for each new prisoner."""
    return f"{values['prison_number']} {values['family_name'].upper()}, {values['given_name']}"


def _field_name(attname: str) -> str:
    return "establishment" if attname == "establishment_id" else attname


def _error_order(error: RowError) -> tuple[int, int]:
    return error.row, COLUMNS.index(error.column) if error.column in COLUMNS else -1


@dataclass(slots=True)
class _Update:
    values: dict[str, Any]  # the stored prisoner's id and imported fields, new values set
    changed: dict[str, tuple[Any, Any]]  # attname: (old, new)


def _plan(
    parsed: ParsedFile, *, actor: User | None, lock: bool
) -> tuple[ImportResult, list[dict[str, Any]], list[_Update]]:
    """Check the rows against the database and work out every create and update.

    Creates are returned as the new prisoners' imported values (attnames), updates as the
    stored prisoner with the file's values set and the changed fields.
    """
    result = ImportResult(dry_run=True, rows=parsed.row_count)
    establishments, visible = _establishments_for(actor)
    by_id = {ref.id: ref for ref in establishments.values()}
    # The checks against the database run on every row's keys, valid row or not, so that
    # their errors are reported together with the file's own.
    errors = list(parsed.errors)
    for key in parsed.keys:
        if not key.establishment_code:
            continue
        ref = establishments.get(key.establishment_code)
        if ref is None:
            errors.append(
                RowError(
                    key.row,
                    "establishment",
                    f"'{key.establishment_code}' is not an establishment code in the "
                    "prison register",
                )
            )
        elif visible is not None and ref.id not in visible:
            errors.append(
                RowError(
                    key.row,
                    "establishment",
                    f"you cannot import into {ref.name} ({ref.code}): it is not one of "
                    "your establishments",
                )
            )
    existing = _existing_prisoners(
        [key.prison_number for key in parsed.keys if key.prison_number], lock=lock
    )
    if visible is not None:
        for key in parsed.keys:
            stored = existing.get(key.prison_number) if key.prison_number else None
            if stored is not None and stored["establishment_id"] not in visible:
                errors.append(
                    RowError(
                        key.row,
                        "prison_number",
                        f"{key.prison_number} is held on a record at an establishment you "
                        "cannot see: someone who can see both establishments must import "
                        "this transfer",
                    )
                )
    if errors:
        result.errors = sorted(errors, key=_error_order)
        return result, [], []

    to_create: list[dict[str, Any]] = []
    to_update: list[_Update] = []
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
        to_update.append(_Update(updated, changed))
        result.changes.append(
            PrisonerChange(
                row.row,
                row.prison_number,
                f"{updated['given_name']} {updated['family_name']}",
                {
                    _field_name(attname): (
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
    return result, to_create, to_update


def _db_adapter(field: models.Field[Any, Any], connection: Any) -> Callable[[Any], Any] | None:
    """How a value of ``field`` is passed to the database driver (``None``: as it is).

    Strings, integers, booleans and ``None`` go as they are; dates, times and JSON are
    prepared as Django prepares them for this database.
    """
    if isinstance(field, models.DateTimeField | models.JSONField):
        return lambda value: field.get_db_prep_save(value, connection)
    if isinstance(field, models.DateField):
        adapt: Callable[[Any], Any] = connection.ops.adapt_datefield_value
        return adapt
    return None


def _bulk_insert(
    model: type[models.Model], names: Sequence[str], rows: list[tuple[Any, ...]]
) -> None:
    """Insert rows of values (in the order of the attnames ``names``) into ``model``'s table.

    Django's ``bulk_create`` spent most of a national import building and quoting SQL
    parameters (about 30 of 45 seconds of CPU for 90,000 prisoners and their audit entries
    on PostgreSQL; on SQLite, whose 999-parameter limit makes statements of 23 prisoners,
    50 seconds). So: on PostgreSQL ``COPY`` (a second or two), elsewhere one parameterised
    ``INSERT`` sent with ``executemany``. No ``save()`` runs: the rows must be complete
    (defaults and timestamps filled in by the caller). Only quoted names from the model's
    metadata are put into the SQL; values are COPY data or parameters.
    """
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    concrete = {f.attname: f for f in model._meta.concrete_fields}
    fields = [concrete[name] for name in names]
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(str(f.column)) for f in fields)
    if connection.vendor == "postgresql":
        json_columns = [
            (index, f.encoder) for index, f in enumerate(fields) if isinstance(f, models.JSONField)
        ]
        # wrap_database_errors: a unique violation is Django's IntegrityError, as it would be
        # from bulk_create.
        with (
            connection.cursor() as cursor,
            connection.wrap_database_errors,
            cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                if json_columns:
                    values = list(row)
                    for index, encoder in json_columns:
                        values[index] = json.dumps(values[index], cls=encoder)
                    copy.write_row(values)
                else:
                    copy.write_row(row)
        return
    adapters = [
        (index, adapt)
        for index, f in enumerate(fields)
        if (adapt := _db_adapter(f, connection)) is not None
    ]
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"  # noqa: S608
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = []
            for row in rows[start : start + BATCH_SIZE]:
                values = list(row)
                for index, adapt in adapters:
                    values[index] = adapt(values[index])
                batch.append(values)
            cursor.executemany(sql, batch)


def _bulk_update(updates: list[_Update], at: dt.datetime) -> None:
    """Write the changed prisoners: every field any of them changed, ``updated_at``, and
    the concurrency ``version`` raised by one (an edit begun before the import is refused).

    On PostgreSQL the new values are copied (``COPY``) into a temporary table and applied
    with one ``UPDATE ... FROM``; elsewhere one ``UPDATE ... WHERE id = %s`` per prisoner
    through ``executemany``. ``bulk_update`` builds a ``CASE WHEN id = ... THEN ...``
    expression per field and row: about 100 s of CPU for a national file in which every
    prisoner had a new CRD, and 90,000 single-row UPDATEs cost PostgreSQL about 40 s; the
    temporary table takes a few seconds.
    """
    connection = connections[router.db_for_write(Prisoner)]
    concrete = {f.attname: f for f in Prisoner._meta.concrete_fields}
    attnames = sorted({attname for update in updates for attname in update.changed})
    fields = [concrete[attname] for attname in attnames]
    id_field, updated_at = concrete["id"], concrete["updated_at"]
    quote = connection.ops.quote_name
    table = quote(Prisoner._meta.db_table)
    id_column = quote(str(id_field.column))
    columns = [quote(str(f.column)) for f in fields]
    stamp = updated_at.get_db_prep_save(at, connection)
    version = quote(str(concrete["version"].column))
    bump = f"{version} = {table}.{version} + 1"
    # Only quoted names from the model's metadata are put into the SQL; values are
    # parameters or COPY data.
    if connection.vendor == "postgresql":
        temporary = quote(f"prisoner_import_{uuid.uuid4().hex[:12]}")
        definitions = ", ".join(
            f"{column} {f.db_type(connection)}"
            for column, f in zip([id_column, *columns], [id_field, *fields], strict=True)
        )
        assignments = ", ".join(f"{column} = u.{column}" for column in columns)
        with connection.cursor() as cursor, connection.wrap_database_errors:
            cursor.execute(f"CREATE TEMPORARY TABLE {temporary} ({definitions}) ON COMMIT DROP")
            with cursor.cursor.copy(
                f"COPY {temporary} ({', '.join([id_column, *columns])}) FROM STDIN"
            ) as copy:
                for update in updates:
                    values = update.values
                    copy.write_row([values["id"], *(values[a] for a in attnames)])
            cursor.execute(
                f"UPDATE {table} SET {assignments}, {bump}, "  # noqa: S608
                f"{quote(str(updated_at.column))} = %s "
                f"FROM {temporary} u WHERE {table}.{id_column} = u.{id_column}",
                [stamp],
            )
            cursor.execute(f"DROP TABLE {temporary}")
        return
    assignments = ", ".join(f"{column} = %s" for column in columns)
    sql = (
        f"UPDATE {table} SET {assignments}, {bump}, "  # noqa: S608
        f"{quote(str(updated_at.column))} = %s WHERE {id_column} = %s"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(updates), BATCH_SIZE):
            cursor.executemany(
                sql,
                [
                    [
                        *(f.get_db_prep_save(u.values[f.attname], connection) for f in fields),
                        stamp,
                        u.values["id"],
                    ]
                    for u in updates[start : start + BATCH_SIZE]
                ],
            )


_AUDIT_NAMES: Final = (
    "at",
    "actor_id",
    "actor_username",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "establishment_code",
    "changes",
    "summary",
    "ip_address",
    "user_agent",
    "channel",
    "path",
)
_KEY_DATE_CHANGE_NAMES: Final = (
    "prisoner_id",
    "field",
    "old_value",
    "new_value",
    "changed_at",
    "changed_by_id",
    "source",
)


def _save(
    *,
    actor: User | None,
    to_create: list[dict[str, Any]],
    to_update: list[_Update],
    codes: dict[int, str],
) -> None:
    at = clock.now()
    origin = current_origin()
    user = actor if actor is not None and actor.is_authenticated else None
    # The same fields audit_record fills.
    audit_head = (at, user.pk if user else None, user.username if user else "system")
    audit_tail = (
        "Prisoner file import",
        origin.ip_address,
        origin.user_agent,
        origin.channel,
        origin.path,
    )
    object_type = Prisoner._meta.label_lower
    audit_rows: list[tuple[Any, ...]] = []

    if to_create:
        # Every column but the id: the model's defaults for columns absent from the file.
        names = [f.attname for f in Prisoner._meta.concrete_fields if not f.primary_key]
        defaults = {
            f.attname: f.get_default() for f in Prisoner._meta.concrete_fields if not f.primary_key
        }
        defaults["created_at"] = defaults["updated_at"] = at
        _bulk_insert(
            Prisoner,
            names,
            [tuple(values.get(name, defaults[name]) for name in names) for values in to_create],
        )
        imported_defaults = {attname: defaults[attname] for attname in _ATTNAMES}
        numbers = [values["prison_number"] for values in to_create]
        ids: dict[str, int] = {}
        for start in range(0, len(numbers), BATCH_SIZE):
            ids.update(
                Prisoner.objects.filter(prison_number__in=numbers[start : start + BATCH_SIZE])
                .order_by()
                .values_list("prison_number", "id")
            )
        for values in to_create:
            # As audit.services.diff({}, snapshot(prisoner)) for the imported fields.
            full = {**imported_defaults, **values}
            changes = {
                name: [None, value.isoformat() if name in DATE_COLUMNS else value]
                for name, attname in _NAMES_AND_ATTNAMES
                if (value := full[attname]) is not None
            }
            audit_rows.append(
                (
                    *audit_head,
                    AuditAction.CREATE.value,
                    object_type,
                    str(ids[values["prison_number"]]),
                    _prisoner_repr(values)[:200],
                    codes[values["establishment_id"]],
                    changes,
                    *audit_tail,
                )
            )

    if to_update:
        _bulk_update(to_update, at)
        key_date_rows: list[tuple[Any, ...]] = []
        for update in to_update:
            values = update.values
            audit_rows.append(
                (
                    *audit_head,
                    AuditAction.UPDATE.value,
                    object_type,
                    str(values["id"]),
                    _prisoner_repr(values)[:200],
                    codes[values["establishment_id"]],
                    {
                        _field_name(attname): [_json(old), _json(new)]
                        for attname, (old, new) in update.changed.items()
                    },
                    *audit_tail,
                )
            )
            key_date_rows.extend(
                (values["id"], attname, old, new, at, audit_head[1], KEY_DATE_SOURCE)
                for attname, (old, new) in update.changed.items()
                if attname in _KEY_DATES
            )
        _bulk_insert(KeyDateChange, _KEY_DATE_CHANGE_NAMES, key_date_rows)

    _bulk_insert(AuditEntry, _AUDIT_NAMES, audit_rows)


def prisoners_import(
    *,
    actor: User | None,
    rows_or_file: ParsedFile | str | bytes | BinaryIO | TextIO,
    default_establishment_code: str = "",
    dry_run: bool = False,
) -> ImportResult:
    """Validate a whole prisoner file, then create or update every prisoner in it by
    prison number, in one transaction; with any error nothing is saved.

    ``actor`` is the signed-in user (who must be allowed to import prisoner files, a head
    of OMU or an administrator, else ``PermissionDenied``) or ``None`` for the command
    line's system actor, which may import into any establishment. A user may import only
    into establishments they can see, and may update only prisoners held at establishments
    they can see. ``default_establishment_code`` fills empty ``establishment`` cells; it
    must be visible to the actor (``Http404`` otherwise).

    ``rows_or_file`` is the file (text, bytes or an open file) or a ``ParsedFile`` from
    ``parse_prisoner_csv`` (parsed with the same default establishment).

    Every created or updated prisoner gets an audit entry with its changed fields (old,
    new); every changed key date a ``KeyDateChange`` with source "import"; the import as a
    whole one "import" audit entry. An import that changes nothing writes nothing.
    ``dry_run`` does all the checks and reports what would change without saving anything.
    """
    _check_actor(actor)
    default_code = _check_default_establishment(actor, default_establishment_code)
    if isinstance(rows_or_file, ParsedFile):
        parsed = rows_or_file
    else:
        parsed = parse_prisoner_csv(rows_or_file, default_establishment_code=default_code)
    if dry_run:
        result, _, _ = _plan(parsed, actor=actor, lock=False)
        return result

    try:
        with transaction.atomic():
            result, to_create, to_update = _plan(parsed, actor=actor, lock=True)
            result.dry_run = False
            if not result.ok:
                return result
            if not to_create and not to_update:
                return result  # nothing changes, so nothing is written or audited
            codes = dict(Establishment.objects.values_list("id", "code"))
            _save(actor=actor, to_create=to_create, to_update=to_update, codes=codes)
            audit_record(
                actor=actor,
                action=AuditAction.IMPORT,
                object_type=Prisoner._meta.label_lower,
                object_repr="Prisoner file",
                establishment_code=default_code,
                summary=(
                    f"Prisoner file imported: {result.rows} rows, {result.created} created, "
                    f"{result.updated} updated, {result.unchanged} unchanged"
                ),
            )
    except IntegrityError:
        # Another import created one of these prison numbers while this one ran.
        return ImportResult(
            dry_run=False,
            rows=parsed.row_count,
            errors=[
                RowError(
                    0,
                    "",
                    "some of these prisoners were saved by someone else while the file was "
                    "being imported; nothing was saved: import the file again",
                )
            ],
        )
    return result
