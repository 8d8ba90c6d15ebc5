"""The one module that reads the clock.

Rules, services and selectors take `as_of` / `today` as an argument; views and commands
ask this module for the default so that tests and the demo can pin the date.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def now() -> dt.datetime:
    """Aware current time."""
    return timezone.now()


def today() -> dt.date:
    """Today's date in Europe/London."""
    return timezone.localdate(timezone.now(), LONDON)
