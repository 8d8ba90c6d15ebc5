"""Offending-behaviour work: men maintaining innocence, programme need and places."""

from __future__ import annotations

from typing import Final

from saferelease.metrics.catalogue.metric import (
    Better,
    Group,
    InCustody,
    Metric,
    Number,
    ProgrammePlaces,
    Share,
)
from saferelease.metrics.catalogue.population import AT_END
from saferelease.release_planning.models import OFFENDING_BEHAVIOUR_WORK, PROGRAMME_NEED

MAINTAINING_INNOCENCE: Final = InCustody(
    "maintaining innocence", lambda profile: profile.maintains_innocence
)
MAINTAINING_INNOCENCE_WITH_WORK: Final = InCustody(
    "maintaining innocence with offending-behaviour work",
    lambda profile: (
        profile.maintains_innocence and profile.programme_status in OFFENDING_BEHAVIOUR_WORK
    ),
)
PROGRAMME_NEED_COUNT: Final = InCustody(
    "programme need", lambda profile: profile.programme_status in PROGRAMME_NEED
)

METRICS: Final[tuple[Metric, ...]] = (
    Metric(
        "maintaining_innocence_count",
        "Maintaining innocence",
        f"Number of {AT_END} recorded as maintaining their innocence.",
        Better.NEITHER,
        Group.PROGRAMMES,
        Number(MAINTAINING_INNOCENCE),
    ),
    Metric(
        "maintaining_innocence_with_work_share",
        "Maintaining innocence with offending-behaviour work",
        f"Share of {AT_END} maintaining innocence whose programme status is on programme, "
        "programme complete or alternative offending-behaviour work (the current status).",
        Better.HIGHER,
        Group.PROGRAMMES,
        Share(MAINTAINING_INNOCENCE_WITH_WORK, MAINTAINING_INNOCENCE),
        charted=True,
    ),
    Metric(
        "programme_need_count",
        "Programme need",
        f"Number of {AT_END} whose programme status is referral submitted, awaiting "
        "assessment, assessed suitable, suitable not ready or on programme.",
        Better.NEITHER,
        Group.PROGRAMMES,
        Number(PROGRAMME_NEED_COUNT),
    ),
    Metric(
        "programme_places",
        "Programme places",
        "Offending-behaviour programme places commissioned a year, as set for each "
        "establishment by staff (summed; blank when no establishment has places set).",
        Better.HIGHER,
        Group.PROGRAMMES,
        ProgrammePlaces(),
    ),
)
