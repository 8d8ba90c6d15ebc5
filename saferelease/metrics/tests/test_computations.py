"""Pure computations: periods, bands, ages and the MAPPA boundary (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.metrics.catalogue import share
from saferelease.metrics.catalogue.men import ReleaseOutcome, sentence_band
from saferelease.metrics.catalogue.population import age_on
from saferelease.metrics.catalogue.public_protection import mappa_set_on_time
from saferelease.metrics.counting import release_metrics
from saferelease.metrics.periods import Period, default_period, last_months, months_in

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2025, 1, 1), D(2025, 3, 31), 3.0),
        (D(2025, 1, 1), D(2025, 12, 31), 12.0),
        (D(2025, 2, 1), D(2025, 2, 14), 0.5),
        (D(2025, 1, 31), D(2025, 2, 27), 1.0),  # 31 January + 1 month clamps to 28 February
    ],
)
def test_months_in(start, end, months):
    assert months_in(start, end) == pytest.approx(months)


def test_default_period_is_the_last_12_months():
    assert default_period(D(2026, 1, 31)) == Period(D(2025, 2, 1), D(2026, 1, 31))
    assert default_period(D(2026, 1, 31)).months == pytest.approx(12)


def test_last_months_counts_this_month():
    assert last_months(D(2026, 3, 15), 3) == Period(D(2026, 1, 1), D(2026, 3, 15))


def test_period_rejects_backwards():
    with pytest.raises(ValueError, match="end date"):
        Period(D(2025, 2, 1), D(2025, 1, 31))


def test_monthly_clamps_to_the_period():
    months = Period(D(2025, 1, 15), D(2025, 3, 10)).monthly()
    assert months == [
        Period(D(2025, 1, 15), D(2025, 1, 31)),
        Period(D(2025, 2, 1), D(2025, 2, 28)),
        Period(D(2025, 3, 1), D(2025, 3, 10)),
    ]


def test_share_is_none_without_a_denominator():
    assert share(0, 0) is None
    assert share(1, 4) == 0.25


@pytest.mark.parametrize(
    ("born", "on", "age"),
    [(D(1975, 12, 31), D(2025, 12, 31), 50), (D(1976, 1, 1), D(2025, 12, 31), 49)],
)
def test_age_on_birthday(born, on, age):
    assert age_on(born, on) == age


def _row(**fields):
    return {
        "sentence_type": "determinate",
        "sentence_start_date": D(2020, 1, 1),
        "sed": None,
    } | fields


@pytest.mark.parametrize(
    ("row", "band"),
    [
        (_row(sed=D(2023, 12, 31)), "under_4_years"),
        (_row(sed=D(2024, 1, 1)), "4_to_10_years"),  # exactly 4 years
        (_row(sed=D(2030, 1, 1)), "4_to_10_years"),  # exactly 10 years
        (_row(sed=D(2030, 1, 2)), "over_10_years"),
        (_row(sentence_type="recall", sed=D(2021, 1, 1)), "under_4_years"),
        (_row(sentence_type="indeterminate"), "indeterminate"),
        (_row(), "length_not_recorded"),
        (_row(sentence_type="remand"), None),
    ],
)
def test_sentence_band_boundaries(row, band):
    assert sentence_band(row) == band


def _release(on, set_on=None, **fields):
    return ReleaseOutcome(
        released_on=on,
        accommodation=fields.get("accommodation", ""),
        rosh=fields.get("rosh", ""),
        mappa_category=1,
        mappa_level_set_date=set_on,
    )


@pytest.mark.parametrize(
    ("released_on", "set_on", "on_time"),
    [
        (D(2025, 7, 31), D(2025, 1, 31), True),  # exactly 6 months before
        (D(2025, 7, 31), D(2025, 2, 1), False),  # one day later
        (D(2025, 8, 31), D(2025, 2, 28), True),  # clamped to the end of February
        (D(2025, 8, 31), D(2025, 3, 1), False),
        (D(2025, 8, 31), None, False),
    ],
)
def test_mappa_set_on_time_boundary(released_on, set_on, on_time):
    assert mappa_set_on_time(_release(released_on, set_on)) is on_time


def test_release_metrics_with_no_releases_are_none_not_zero():
    values = release_metrics([], Period(D(2025, 1, 1), D(2025, 12, 31)))
    assert values["releases_count"] == 0
    assert values["releases_per_month"] == 0
    assert values["released_homeless_share"] is None
    assert values["mappa_set_on_time_share"] is None
