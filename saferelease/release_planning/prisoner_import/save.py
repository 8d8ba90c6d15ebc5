"""Saving a planned import: the prisoners created and updated, their key-date history and
one audit entry each, written in bulk (``bulk``) with the same fields ``audit_record``
and ``audit_model_change`` fill."""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from saferelease.accounts.actors import Actor, SystemActor
from saferelease.accounts.models import User
from saferelease.audit.context import current_origin
from saferelease.audit.models import AuditAction, AuditEntry
from saferelease.core import clock
from saferelease.release_planning.models import KEY_DATE_FIELDS, KeyDateChange, Prisoner
from saferelease.release_planning.prisoner_import import bulk
from saferelease.release_planning.prisoner_import.contract import DATE_COLUMNS
from saferelease.release_planning.prisoner_import.plan import (
    ATTNAMES,
    NAMES_AND_ATTNAMES,
    Update,
    field_name,
)

#: Key-date history rows written by an import carry this source.
KEY_DATE_SOURCE: Final = "import"
_KEY_DATES: Final = frozenset(KEY_DATE_FIELDS)


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
    "system_actor",
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


def save_plan(
    *,
    actor: Actor,
    to_create: list[dict[str, Any]],
    to_update: list[Update],
    codes: dict[int, str],
    summary: str = "Prisoner file import",
    key_date_source: str = KEY_DATE_SOURCE,
) -> None:
    """Write the planned creates and updates (``codes``: establishment codes by id), in
    the caller's transaction. ``summary`` goes on each prisoner's audit entry and
    ``key_date_source`` on each key-date change (the Prisoner Search sync passes its own)."""
    at = clock.now()
    origin = current_origin()
    user = actor if isinstance(actor, User) else None
    # The same fields audit_record fills.
    audit_head = (at, user.pk if user else None, user.username if user else "system")
    audit_tail = (
        summary,
        origin.ip_address,
        origin.user_agent,
        origin.channel,
        origin.path,
        actor.name if isinstance(actor, SystemActor) else "",
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
        bulk.bulk_insert(
            Prisoner,
            names,
            [tuple(values.get(name, defaults[name]) for name in names) for values in to_create],
        )
        imported_defaults = {attname: defaults[attname] for attname in ATTNAMES}
        numbers = [values["prison_number"] for values in to_create]
        ids: dict[str, int] = {}
        for start in range(0, len(numbers), bulk.BATCH_SIZE):
            ids.update(
                Prisoner.objects.filter(prison_number__in=numbers[start : start + bulk.BATCH_SIZE])
                .order_by()
                .values_list("prison_number", "id")
            )
        for values in to_create:
            # As audit.services.diff({}, snapshot(prisoner)) for the imported fields.
            full = {**imported_defaults, **values}
            changes = {
                name: [None, value.isoformat() if name in DATE_COLUMNS else value]
                for name, attname in NAMES_AND_ATTNAMES
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
        bulk.bulk_update(to_update, at)
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
                        field_name(attname): [_json(old), _json(new)]
                        for attname, (old, new) in update.changed.items()
                    },
                    *audit_tail,
                )
            )
            key_date_rows.extend(
                (values["id"], attname, old, new, at, audit_head[1], key_date_source)
                for attname, (old, new) in update.changed.items()
                if attname in _KEY_DATES
            )
        bulk.bulk_insert(KeyDateChange, _KEY_DATE_CHANGE_NAMES, key_date_rows)

    bulk.bulk_insert(AuditEntry, _AUDIT_NAMES, audit_rows)
    # The stored deadline results of every man created or changed (moved, released...).
    # Imported here: services_results uses this package's bulk writer.
    from saferelease.release_planning.services_results import deadline_results_refresh

    created = list(ids.values()) if to_create else []
    deadline_results_refresh(prisoner_ids=[*created, *(u.values["id"] for u in to_update)])
