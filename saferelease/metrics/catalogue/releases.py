"""Releases and accommodation: the men released during the period and where they went."""

from __future__ import annotations

from typing import Final

from saferelease.deadlines import AccommodationStatus, RiskLevel
from saferelease.metrics.catalogue.metric import (
    Better,
    Group,
    Metric,
    Number,
    PerMonth,
    Released,
    Share,
)

RELEASED: Final = "men released during the period"

_TEMPORARY: Final = frozenset({AccommodationStatus.TEMPORARY, AccommodationStatus.CAS3})
_HIGH_ROSH: Final = frozenset({RiskLevel.HIGH, RiskLevel.VERY_HIGH})

#: Every man released during the period.
RELEASES: Final = Released("released", lambda release: True)
HOMELESS: Final = Released(
    "released homeless", lambda release: release.accommodation == AccommodationStatus.NONE
)
TEMPORARY: Final = Released(
    "released to temporary accommodation", lambda release: release.accommodation in _TEMPORARY
)
HIGH_RISK_HOMELESS: Final = Released(
    "high risk released homeless",
    lambda release: (
        release.accommodation == AccommodationStatus.NONE and release.rosh in _HIGH_ROSH
    ),
)

METRICS: Final[tuple[Metric, ...]] = (
    Metric(
        "releases_count",
        "Releases",
        f"Number of {RELEASED} (release date from the first to the last day, inclusive).",
        Better.NEITHER,
        Group.RELEASES,
        Number(RELEASES),
    ),
    Metric(
        "releases_per_month",
        "Releases a month",
        f"Number of {RELEASED} divided by the number of calendar months in the period "
        "(whole months plus the fraction of a part month).",
        Better.NEITHER,
        Group.RELEASES,
        PerMonth(RELEASES),
        charted=True,
    ),
    Metric(
        "released_homeless_share",
        "Released homeless",
        f"Share of {RELEASED} whose accommodation on release was none (homeless or no "
        "fixed abode). Releases with no accommodation recorded stay in the denominator.",
        Better.LOWER,
        Group.RELEASES,
        Share(HOMELESS, RELEASES),
        charted=True,
    ),
    Metric(
        "released_temporary_share",
        "Released to temporary accommodation",
        f"Share of {RELEASED} whose accommodation on release was temporary or CAS3 "
        "transitional accommodation.",
        Better.LOWER,
        Group.RELEASES,
        Share(TEMPORARY, RELEASES),
    ),
    Metric(
        "high_risk_released_homeless_count",
        "High-risk men released homeless",
        f"Number of {RELEASED} with RoSH high or very high whose accommodation on release "
        "was none.",
        Better.LOWER,
        Group.RELEASES,
        Number(HIGH_RISK_HOMELESS),
    ),
)
