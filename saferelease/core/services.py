"""Writes of site-wide state."""

from __future__ import annotations

from django.db import transaction

from saferelease.core.models import SiteFlag
from saferelease.core.selectors import DEMO_FLAG


@transaction.atomic
def demo_flag_set(*, loaded: bool) -> None:
    SiteFlag.objects.update_or_create(name=DEMO_FLAG, defaults={"value": "yes" if loaded else "no"})
