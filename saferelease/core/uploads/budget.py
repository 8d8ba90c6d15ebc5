"""A time budget for parsing one uploaded file, checked as rows are read.

Sizes, rows and tags bound the work a file can ask for; the budget is the backstop for
whatever a file finds that they do not (say, a pathological layout that makes each row
slow). It measures elapsed time with a monotonic timer, never the date: dates come from
``saferelease.core.clock``. Tests pass their own ``timer``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from saferelease.core.uploads.limits import UploadLimits, UploadRefused


class ParseBudget:
    """``check()`` raises ``UploadRefused`` once ``limits.seconds`` have passed since the
    budget was made."""

    __slots__ = ("_deadline", "_limits", "_timer")

    def __init__(
        self, limits: UploadLimits, *, timer: Callable[[], float] = time.monotonic
    ) -> None:
        self._limits = limits
        self._timer = timer
        self._deadline = timer() + limits.seconds

    def check(self) -> None:
        if self._timer() > self._deadline:
            raise UploadRefused(
                f"The file took longer than {self._limits.seconds:g} seconds to read, the "
                f"limit for {self._limits.what}: it is too large or too complex"
            )
