"""The "marked complete but nothing changed" test (pure: values and dates in, verdict out).

A recommendation linked to a metric is judged by comparing the metric over two windows:

* **before**: the three calendar months before the inspection (inspection date minus 3
  months, to the day before the inspection);
* **after**: the last three complete calendar months up to ``as_of`` (the month in progress
  is left out: a few days of a month are not a month's figure; on the last day of a month
  that month counts).

The metric is computed over each window exactly as on the dashboards (population figures
at the window's last day, release figures over the window). It **improved** when it moved
in its better direction by at least the threshold: 1 percentage point (0.01) for shares,
1 for counts and releases a month, 0.05 for ratios. For descriptive metrics (no better
direction) any move of at least the threshold counts as a change. **Nothing changed** is
flagged when the recommendation is claimed complete and the metric did not improve. When
either window has no value (empty denominator) or the windows overlap (less than three
months since the inspection), the test cannot tell and nothing is flagged.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

from saferelease.core.calendar import add_months
from saferelease.metrics.catalogue import Better, Metric, Unit, Value
from saferelease.metrics.periods import Period

THRESHOLDS: Final = {Unit.SHARE: 0.01, Unit.COUNT: 1.0, Unit.PER_MONTH: 1.0, Unit.RATIO: 0.05}
WINDOW_MONTHS: Final = 3


def windows(inspection_date: dt.date, as_of: dt.date) -> tuple[Period, Period] | None:
    """The before and after windows, or None when they would overlap or run backwards."""
    before = Period(add_months(inspection_date, -WINDOW_MONTHS), inspection_date - dt.timedelta(1))
    after_end = last_complete_day(as_of)
    after_start = add_months(after_end + dt.timedelta(1), -WINDOW_MONTHS)
    if after_start <= before.end or after_start > after_end:
        return None
    return before, Period(after_start, after_end)


def last_complete_day(as_of: dt.date) -> dt.date:
    """``as_of`` when it is the last day of its month, else the last day of the month
    before: the end of the last complete calendar month."""
    if (as_of + dt.timedelta(1)).day == 1:
        return as_of
    return as_of.replace(day=1) - dt.timedelta(1)


@dataclass(frozen=True, slots=True)
class ChangeTest:
    metric: Metric
    inspection_date: dt.date
    as_of: dt.date
    before: Period | None
    after: Period | None
    before_value: Value
    after_value: Value
    claimed_complete: bool

    @property
    def threshold(self) -> float:
        return THRESHOLDS[self.metric.unit]

    @property
    def change(self) -> float | None:
        if self.before_value is None or self.after_value is None:
            return None
        return float(self.after_value) - float(self.before_value)

    @property
    def improved(self) -> bool | None:
        """True / False, or None when the test cannot tell."""
        change = self.change
        if change is None or self.before is None:
            return None
        # A small tolerance, so that exactly one percentage point counts.
        tolerance = 1e-9
        if self.metric.better == Better.HIGHER:
            return change >= self.threshold - tolerance
        if self.metric.better == Better.LOWER:
            return -change >= self.threshold - tolerance
        return abs(change) >= self.threshold - tolerance

    @property
    def no_change(self) -> bool:
        """The metric has not improved (False when the test cannot tell)."""
        return self.improved is False

    @property
    def flagged(self) -> bool:
        """Marked complete but nothing changed."""
        return self.claimed_complete and self.no_change
