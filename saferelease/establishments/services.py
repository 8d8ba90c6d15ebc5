"""Writes to establishments: audited, atomic."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_model_change, snapshot
from saferelease.core.concurrency import bump_version, lock_for_edit
from saferelease.establishments.models import Establishment


@transaction.atomic
def establishment_update(
    *,
    actor: Any,
    establishment: Establishment,
    designated_resettlement: bool,
    programme_places: int | None,
    expected_version: int | None = None,
) -> Establishment:
    """Set whether an establishment is a designated resettlement prison and how many
    offending-behaviour programme places it has (staff-maintained, not in the register).
    ``expected_version``: the version the editor started from (``StaleVersion`` if it
    changed meanwhile; nothing saved)."""
    if not actor.may_edit_establishments:
        raise PermissionDenied("Only national managers and administrators can change this")
    establishment = lock_for_edit(establishment, expected_version=expected_version)
    before = snapshot(establishment)
    establishment.designated_resettlement = designated_resettlement
    establishment.programme_places = programme_places
    establishment.full_clean()
    bump_version(establishment, before)
    establishment.save()
    audit_model_change(
        actor=actor,
        instance=establishment,
        action=AuditAction.UPDATE,
        before=before,
        establishment_code=establishment.code,
    )
    return establishment
