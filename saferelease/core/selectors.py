"""Reads of site-wide state."""

from __future__ import annotations

from django.conf import settings
from django.db import DatabaseError

from saferelease.core.models import SiteFlag

DEMO_FLAG = "demo-data-loaded"


def demo_data_loaded() -> bool:
    """Whether the phase banner must say that all people are fictional.

    SAFERELEASE_DEMO=always/never overrides; "auto" follows the flag set by the demo loader.
    """
    mode = getattr(settings, "SAFERELEASE_DEMO", "auto")
    if mode == "always":
        return True
    if mode == "never":
        return False
    try:
        return SiteFlag.objects.filter(name=DEMO_FLAG, value="yes").exists()
    except DatabaseError:
        return False
