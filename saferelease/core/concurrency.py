"""Optimistic concurrency: a version on every edited row (see docs/security.md).

A row that people edit has a ``version`` (:class:`Versioned`). Pages carry the version they
showed in a hidden field, the API hands it out as an ``ETag`` and takes it back in
``If-Match``. A service that writes the row calls :func:`lock_for_edit` inside its
transaction: the row is read again with a lock (``SELECT ... FOR UPDATE`` on PostgreSQL;
SQLite transactions begin ``IMMEDIATE``, which serialises writers), compared with the
version the editor started from, and :class:`StaleVersion` is raised when someone else
changed it meanwhile, so nothing is overwritten. :func:`bump_version` raises the version
when the save changes anything. Writes that derive from the current value (a target-date
change keeps the old date) read it from the locked row, so concurrent changes queue up.

Bulk writes (imports, the demo loader) that bypass ``save()`` raise the version with
:data:`NEXT_VERSION` in their ``UPDATE``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import F

from saferelease.accounts.actors import Actor
from saferelease.audit.services import snapshot
from saferelease.core import clock
from saferelease.core.dates import format_date

#: For ``QuerySet.update(version=NEXT_VERSION, ...)`` in bulk writes.
NEXT_VERSION = F("version") + 1


class Versioned(models.Model):
    """Mixin for models that people edit: one more on every saved change."""

    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by one on every change; an edit names the version it started from",
    )

    class Meta:
        abstract = True

    @property
    def etag(self) -> str:
        """The strong entity tag of this version, as the API sends it."""
        return f'"{self.version}"'


V = TypeVar("V", bound=Versioned)


@dataclass(frozen=True)
class LastChange:
    """Who last changed a record and when, from the audit trail."""

    by: str
    at: dt.datetime | None
    changes: Mapping[str, Any] = field(default_factory=dict)

    @property
    def when(self) -> str:
        """en-GB, Europe/London: "14:05 on 3 March 2026"."""
        if self.at is None:
            return "an unknown time"
        local = self.at.astimezone(clock.LONDON)
        return f"{local:%H:%M} on {format_date(local.date())}"


class StaleVersion(Exception):
    """The record changed after the editor read it: nothing was saved.

    ``current`` is the record as it is now (read under the lock), ``expected`` the version
    the editor started from.
    """

    def __init__(self, *, current: Versioned, expected: int) -> None:
        self.current = current
        self.expected = expected
        super().__init__(self.message)

    @property
    def last_change(self) -> LastChange:
        return last_change(self.current)

    @property
    def message(self) -> str:
        change = self.last_change
        return f"This record was changed by {change.by} at {change.when} while you were editing"


def last_change(instance: models.Model) -> LastChange:
    """The latest create, update or import of ``instance`` in the audit trail."""
    from saferelease.audit.models import AuditAction, AuditEntry

    entry = (
        AuditEntry.objects.filter(
            object_type=instance._meta.label_lower, object_id=str(instance.pk)
        )
        .exclude(action__in=[AuditAction.VIEW, AuditAction.EXPORT])
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    if entry is None:
        return LastChange(by="someone else", at=None)
    if entry.actor is not None:
        name = entry.actor.get_full_name() or entry.actor.username
    else:
        name = "an automatic update" if entry.actor_username == "system" else entry.actor_username
    return LastChange(by=name, at=entry.at, changes=dict(entry.changes or {}))


def lock_for_edit(instance: V, *, expected_version: int | None) -> V:
    """Refresh ``instance`` from its row, locked until the transaction ends; return it.

    ``expected_version`` is the version the editor started from (a form's hidden field, the
    API's ``If-Match``); a different version raises :class:`StaleVersion` (``instance`` then
    holds the record as it is now). ``None`` skips the comparison: for system writes, and
    for writes that derive from the locked row itself.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_edit needs a transaction (transaction.atomic)")
    instance.refresh_from_db(from_queryset=type(instance)._base_manager.select_for_update())
    if expected_version is not None and instance.version != expected_version:
        raise StaleVersion(current=instance, expected=expected_version)
    return instance


def bump_version(instance: Versioned, before: Mapping[str, Any]) -> bool:
    """Raise the version if the audited fields differ from ``before`` (a ``snapshot``
    taken before the change); call it just before ``save()``. Returns whether it did."""
    if snapshot(instance) == dict(before):
        return False
    instance.version += 1
    return True


def save_edit(
    actor: Actor,
    instance: V,
    *,
    before: Mapping[str, Any],
    establishment_code: str,
    summary: str = "",
    update_fields: list[str] | None = None,
) -> V:
    """Save an edit the caller has validated on a row it locked (:func:`lock_for_edit`):
    the version raised when anything changed since ``before`` (its ``snapshot`` under the
    lock), the row saved and the change audited (no entry when nothing changed). With
    ``update_fields``, only those and the version are written."""
    from saferelease.audit.models import AuditAction
    from saferelease.audit.services import audit_model_change

    bump_version(instance, before)
    if update_fields is None:
        instance.save()
    else:
        instance.save(update_fields=[*update_fields, "version"])
    audit_model_change(
        actor=actor,
        instance=instance,
        action=AuditAction.UPDATE,
        before=before,
        establishment_code=establishment_code,
        summary=summary,
    )
    return instance


def parse_etag(text: str) -> int | None:
    """The version in an entity tag (``"3"``); None when it is not one of ours."""
    value = text.strip()
    if len(value) < 3 or not (value.startswith('"') and value.endswith('"')):
        return None
    digits = value[1:-1]
    if not digits.isascii() or not digits.isdigit() or len(digits) > 10:
        return None
    return int(digits)
