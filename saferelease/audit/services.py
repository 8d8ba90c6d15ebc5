"""The only writer of audit entries."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

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


def audit_record(
    *,
    actor: Any,
    action: AuditAction | str,
    object_type: str,
    object_id: str | int = "",
    object_repr: str = "",
    establishment_code: str = "",
    changes: Mapping[str, Any] | None = None,
    summary: str = "",
) -> AuditEntry:
    """Append one entry: who, when, what, which fields changed from what to what, from where."""
    origin = current_origin()
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        at=clock.now(),
        actor=user,
        actor_username=getattr(user, "username", "") if user else "system",
        action=str(action),
        object_type=object_type,
        object_id=str(object_id),
        object_repr=object_repr[:200],
        establishment_code=establishment_code,
        changes=dict(changes or {}),
        summary=summary[:300],
        ip_address=origin.ip_address,
        user_agent=origin.user_agent,
        channel=origin.channel,
        path=origin.path,
    )


def audit_model_change(
    *,
    actor: Any,
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
