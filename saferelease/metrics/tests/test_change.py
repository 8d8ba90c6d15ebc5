"""The "marked complete but nothing changed" test, pure (docs/metrics.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.metrics.catalogue import METRICS_BY_CODE
from saferelease.metrics.change import ChangeTest, windows
from saferelease.metrics.periods import Period

D = dt.date


def test_windows_are_three_months_before_the_inspection_and_the_last_three():
    before, after = windows(D(2025, 4, 1), D(2025, 12, 31))  # type: ignore[misc]
    assert before == Period(D(2025, 1, 1), D(2025, 3, 31))
    assert after == Period(D(2025, 10, 1), D(2025, 12, 31))


def test_the_month_in_progress_is_left_out_of_the_after_window():
    _, after = windows(D(2025, 4, 1), D(2025, 12, 4))  # type: ignore[misc]
    assert after == Period(D(2025, 9, 1), D(2025, 11, 30))


def test_windows_overlapping_cannot_tell():
    assert windows(D(2025, 4, 1), D(2025, 6, 1)) is None


def _test(code, before, after, claimed=True):
    spans = windows(D(2025, 4, 1), D(2025, 12, 31))
    assert spans is not None
    return ChangeTest(
        METRICS_BY_CODE[code], D(2025, 4, 1), D(2025, 12, 31), *spans, before, after, claimed
    )


@pytest.mark.parametrize(
    ("code", "before", "after", "improved"),
    [
        ("oasys_current_share", 0.50, 0.51, True),  # exactly 1 percentage point up
        ("oasys_current_share", 0.50, 0.505, False),
        ("oasys_current_share", 0.50, 0.40, False),
        ("released_homeless_share", 0.20, 0.19, True),  # lower is better
        ("released_homeless_share", 0.20, 0.20, False),
        ("high_risk_released_homeless_count", 3, 2, True),
        ("high_risk_released_homeless_count", 3, 3, False),
        ("population", 500, 480, True),  # descriptive: any move of the threshold
        ("oasys_current_share", None, 0.9, None),
    ],
)
def test_improved(code, before, after, improved):
    assert _test(code, before, after).improved is improved


def test_flagged_only_when_claimed_complete_and_no_improvement():
    assert _test("oasys_current_share", 0.5, 0.5, claimed=True).flagged
    assert not _test("oasys_current_share", 0.5, 0.5, claimed=False).flagged
    assert _test("oasys_current_share", 0.5, 0.5, claimed=False).no_change
    assert not _test("oasys_current_share", 0.5, 0.7, claimed=True).flagged
    assert not _test("oasys_current_share", None, 0.7, claimed=True).flagged
