"""Reads about prisoner syncs."""

from __future__ import annotations

from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import PrisonerSyncRun


def last_sync(establishment: Establishment) -> PrisonerSyncRun | None:
    """The establishment's latest recorded sync run (dry runs are not recorded)."""
    return PrisonerSyncRun.objects.filter(establishment=establishment).first()


def last_successful_sync() -> PrisonerSyncRun | None:
    """The latest successful sync of any establishment (for ``/readyz``)."""
    return (
        PrisonerSyncRun.objects.filter(outcome="succeeded", dry_run=False)
        .order_by("-finished_at")
        .first()
    )
