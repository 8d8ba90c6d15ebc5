"""The limits a file is read within: rows, values per row and seconds, counted as the
readers go (the file's size, and a .docx or .xlsx file's container, are checked before
any reader starts: ``saferelease.core.uploads``)."""

from __future__ import annotations

from collections.abc import Sized

from saferelease.core.uploads import ParseBudget, UploadLimits, UploadRefused


class Bounds:
    """``row(cells)`` for every row a reader reads: over a limit, ``UploadRefused``."""

    __slots__ = ("budget", "limits", "rows")

    def __init__(self, limits: UploadLimits, budget: ParseBudget | None = None) -> None:
        self.limits = limits
        self.budget = budget or ParseBudget(limits)
        self.rows = 0

    def row(self, cells: Sized) -> None:
        self.rows += 1
        if self.rows > self.limits.max_rows:
            raise UploadRefused(
                f"The file has more than {self.limits.max_rows:,} rows, the limit for "
                f"{self.limits.what}"
            )
        if len(cells) > self.limits.max_columns:
            raise UploadRefused(
                f"Row {self.rows} has more than {self.limits.max_columns:,} values, the limit "
                f"for {self.limits.what}"
            )
        self.budget.check()

    def step(self) -> None:
        """Between the steps of the pipeline, and for each item: the time budget."""
        self.budget.check()
