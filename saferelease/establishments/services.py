"""Writes to establishments: audited, atomic."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.audit.models import AuditAction
from saferelease.audit.services import snapshot
from saferelease.core.concurrency import lock_for_edit, save_edit
from saferelease.establishments.models import Establishment, Region


@transaction.atomic
def establishment_update(
    *,
    actor: Actor,
    establishment: Establishment,
    designated_resettlement: bool,
    programme_places: int | None,
    expected_version: int | None = None,
) -> Establishment:
    """Set whether an establishment is a designated resettlement prison and how many
    offending-behaviour programme places it has (staff-maintained, not in the register).
    ``expected_version``: the version the editor started from (``StaleVersion`` if it
    changed meanwhile; nothing saved)."""
    require(actor, Capability.EDIT_ESTABLISHMENTS)
    establishment = lock_for_edit(establishment, expected_version=expected_version)
    before = snapshot(establishment)
    establishment.designated_resettlement = designated_resettlement
    establishment.programme_places = programme_places
    establishment.full_clean()
    return save_edit(actor, establishment, before=before, establishment_code=establishment.code)


def region_save(*, actor: Actor, name: str, codes: Sequence[str]) -> Region:
    """Create or replace a region's establishments (all codes must exist), audited."""
    from django.core.exceptions import ValidationError

    from saferelease.audit.services import audit_record

    wanted = {code.strip().upper() for code in codes if code.strip()}
    found = list(Establishment.objects.filter(code__in=wanted))
    missing = wanted - {e.code for e in found}
    if missing:
        raise ValidationError(f"No establishment with code {', '.join(sorted(missing))}")
    name = name.strip()
    if not name:
        raise ValidationError("Enter the region's name")
    with transaction.atomic():
        region, created = Region.objects.get_or_create(name=name)
        before = sorted(region.establishments.values_list("code", flat=True))
        if not created and before == sorted(wanted):
            return region  # nothing changes, so nothing is written or audited
        region.establishments.set(found)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            object_type="establishments.region",
            object_id=str(region.pk),
            object_repr=region.name,
            changes={"establishments": [before, sorted(wanted)]},
        )
    return region
