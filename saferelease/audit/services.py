"""The only writer of audit entries."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any, Final

from django.db import models
from django.db.models.fields.files import FieldFile

from saferelease.accounts.actors import Actor, SystemActor
from saferelease.accounts.models import User
from saferelease.audit.context import current_origin
from saferelease.audit.models import AuditAction, AuditEntry
from saferelease.core import clock


def _jsonable(value: Any) -> Any:
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The audited fields of a model instance as JSON-ready values (FKs as ids).

    Fields nobody edits are left out (automatic timestamps, the concurrency version): they
    change on every save and say nothing.
    """
    names = (
        list(fields)
        if fields is not None
        else [f.name for f in instance._meta.concrete_fields if f.name != "id" and f.editable]
    )
    values: dict[str, Any] = {}
    for name in names:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _jsonable(getattr(instance, attname))
    return values


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """{field: [old, new]} for every field whose value changed."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {
        key: [_jsonable(before.get(key)), _jsonable(after.get(key))]
        for key in keys
        if _jsonable(before.get(key)) != _jsonable(after.get(key))
    }


def _text(value: Any, limit: int) -> str:
    """Text fit for the audit table: NUL removed (PostgreSQL cannot store it), cut to
    ``limit`` characters."""
    return str(value).replace("\x00", "")[:limit]


def audit_record(
    *,
    actor: Actor,
    action: AuditAction | str,
    object_type: str,
    object_id: str | int = "",
    object_repr: str = "",
    establishment_code: str = "",
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry:
    """Append one entry: who, when, what, which fields changed from what to what, from where.

    A person is kept as ``actor`` and ``actor_username``; a system actor as
    ``actor_username`` "system" and its name in ``system_actor``.
    """
    origin = current_origin()
    user = actor if isinstance(actor, User) else None
    return AuditEntry.objects.create(
        at=clock.now(),
        actor=user,
        actor_username=user.username if user else "system",
        system_actor=actor.name if isinstance(actor, SystemActor) else "",
        action=str(action),
        object_type=object_type,
        object_id=_text(object_id, 64),
        object_repr=_text(object_repr, 200),
        establishment_code=_text(establishment_code, 10),
        changes=dict(changes or {}),
        summary=_text(summary, 300),
        ip_address=origin.ip_address,
        user_agent=_text(origin.user_agent, 300),
        channel=origin.channel,
        path=_text(origin.path, 300),
    )


def audit_model_change(
    *,
    actor: Actor,
    instance: models.Model,
    action: AuditAction,
    before: Mapping[str, Any] | None = None,
    establishment_code: str = "",
    summary: str = "",
) -> AuditEntry | None:
    """Audit a create/update/delete of `instance`, recording the changed fields.

    An update that changed nothing writes no entry.
    """
    after = snapshot(instance) if action != AuditAction.DELETE else {}
    changes = diff(before or {}, after)
    if action == AuditAction.UPDATE and not changes:
        return None
    return audit_record(
        actor=actor,
        action=action,
        object_type=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance),
        establishment_code=establishment_code,
        changes=changes,
        summary=summary,
    )


#: A read names at most this many query parameters, each value cut to this length.
QUERY_KEYS: Final = 20
QUERY_VALUE_LENGTH: Final = 100


def read_query(params: Mapping[str, Any]) -> dict[str, str]:
    """The query of a read (a request's query string or a command's options) as the audit
    entry keeps it: at most 20 parameters, values as text cut to 100 characters, NUL
    removed, empty values left out."""
    getlist = getattr(params, "getlist", None)
    query: dict[str, str] = {}
    for key in list(params)[:QUERY_KEYS]:
        values = getlist(key) if getlist else [params[key]]
        text = ",".join(str(v) for v in values if v is not None and v != "" and v is not False)
        if text:
            query[_text(key, 40)] = _text(text, QUERY_VALUE_LENGTH)
    return query


def audit_read(
    *,
    actor: Actor,
    object_type: str,
    summary: str,
    query: Mapping[str, Any] | None = None,
    prison_numbers: Iterable[str] | None = None,
    total: int | None = None,
    object_id: str | int = "",
    object_repr: str = "",
    establishment_code: str = "",
    export: bool = False,
) -> AuditEntry:
    """Audit one read of personal data: one entry per request (or command), however many
    records it shows, naming what was read.

    The entry's ``changes`` hold the ``query`` (see ``read_query``), the ``prison_numbers``
    shown (in order, each once) and their ``count``, and, for a page of a longer list, the
    ``total`` the query matched. ``export`` marks a file taken away (CSV, XLSX, PDF, a
    command's output) rather than a screen.
    """
    details: dict[str, Any] = {}
    if query is not None:
        details["query"] = read_query(query)
    if prison_numbers is not None:
        numbers = list(dict.fromkeys(prison_numbers))
        details["count"] = len(numbers)
        details["prison_numbers"] = numbers
    if total is not None:
        details["total"] = total
    return audit_record(
        actor=actor,
        action=AuditAction.EXPORT if export else AuditAction.VIEW,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        establishment_code=establishment_code,
        changes=details,
        summary=summary,
    )
