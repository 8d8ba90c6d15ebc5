"""Writing many rows at once: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.

Built for the national file (about 90,000 rows): prisoners, key-date history and audit
entries are written in bulk rather than with one ``save()`` per row.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Final

from django.db import connections, models, router

from saferelease.release_planning.models import Prisoner

if TYPE_CHECKING:
    from saferelease.release_planning.prisoner_import.plan import Update

#: Rows per statement, and prison numbers per lookup.
BATCH_SIZE: Final = 2000


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


def bulk_insert(
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


def bulk_update(updates: list[Update], at: dt.datetime) -> None:
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
