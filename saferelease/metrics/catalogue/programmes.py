"""Offending-behaviour work: men maintaining innocence, programme need and places, and
what the offender management unit recorded of them (Littlehey 2015, recommendation 5.57:
engagement offers, programme need met or not at release, places against need;
docs/omu.md)."""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.core.calendar import add_months
from saferelease.metrics.catalogue.men import Man, Profile, ReleaseOutcome
from saferelease.metrics.catalogue.metric import (
    Better,
    Group,
    InCustody,
    InCustodyWhile,
    Metric,
    Number,
    PlacesAgainstNeed,
    ProgrammePlaces,
    Released,
    Share,
    Total,
)
from saferelease.metrics.catalogue.population import AT_END
from saferelease.metrics.catalogue.releases import RELEASED
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

_ONE_DAY: Final = dt.timedelta(days=1)


def offer_window_start(day: dt.date) -> dt.date:
    """The first day of "the last 12 months" on ``day``: ``day`` minus 12 calendar months
    (an offer on that day is in the last 12 months)."""
    return add_months(day, -12)


def _maintains_innocence(profile: Profile) -> bool:
    return profile.maintains_innocence


def _first_offer(man: Man) -> dt.date | None:
    return man.engagement_first_offered_on


def _latest_offer(man: Man) -> dt.date | None:
    return man.engagement_last_offered_on


#: Not offered yet on the day: his first offer came after it.
INNOCENCE_FIRST_OFFER_LATER: Final = InCustodyWhile(
    "maintaining innocence, first offered after the day",
    date=_first_offer,
    earliest=lambda day: day + _ONE_DAY,
    holds=_maintains_innocence,
)
#: Never offered, or his latest offer was before the last 12 months.
INNOCENCE_NO_RECENT_OFFER: Final = InCustodyWhile(
    "maintaining innocence, no offer in the 12 months to the day",
    date=_latest_offer,
    latest=lambda day: offer_window_start(day) - _ONE_DAY,
    holds=_maintains_innocence,
    undated=True,
)
#: Assessed as needing a programme on or before the day.
PROGRAMME_NEEDING: Final = InCustodyWhile(
    "assessed as needing a programme", date=lambda man: man.programme_need_since, latest=lambda d: d
)
#: Started every programme he was assessed as needing on or before the day.
PROGRAMME_NEED_MET: Final = InCustodyWhile(
    "started every programme needed", date=lambda man: man.programme_need_met_on, latest=lambda d: d
)


def needed_at_release(release: ReleaseOutcome) -> bool:
    """Assessed as needing a programme on or before the day of release."""
    since = release.programme_need_since
    return since is not None and since <= release.released_on


def need_unmet_at_release(release: ReleaseOutcome) -> bool:
    """Needed a programme at release and had not started every programme he needed by
    the day of release."""
    met = release.programme_need_met_on
    return needed_at_release(release) and (met is None or met > release.released_on)


NEEDED_AT_RELEASE: Final = Released("needed a programme at release", needed_at_release)
NEED_UNMET_AT_RELEASE: Final = Released("programme need unmet at release", need_unmet_at_release)

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
    Metric(
        "innocence_without_offer_count",
        "Maintaining innocence, no engagement offered in 12 months",
        f"Number of {AT_END} maintaining innocence with no engagement offer recorded in the "
        "12 months to the end of the period (on or after that day minus 12 calendar months). "
        "Read from each man's first and latest offers: a man offered in between is taken "
        "as offered.",
        Better.LOWER,
        Group.PROGRAMMES,
        Total((INNOCENCE_FIRST_OFFER_LATER, INNOCENCE_NO_RECENT_OFFER)),
        charted=True,
    ),
    Metric(
        "programme_need_unmet_at_release_share",
        "Programme need unmet at release",
        f"Share of {RELEASED} who had been assessed as needing a programme (the OMU's "
        "waiting lists) on or before release, who had not started every programme they "
        "needed by the day of release.",
        Better.LOWER,
        Group.PROGRAMMES,
        Share(NEED_UNMET_AT_RELEASE, NEEDED_AT_RELEASE),
        charted=True,
    ),
    Metric(
        "programme_places_against_need",
        "Programme places against need",
        "Places a year of the establishments' active programmes (as set now) per man in "
        "custody at the end of the period assessed as needing a programme who had not "
        "started every programme he needed by then (blank when nobody waits or no programme "
        "is set up). Below 1: fewer places a year than men waiting.",
        Better.HIGHER,
        Group.PROGRAMMES,
        PlacesAgainstNeed(PROGRAMME_NEEDING, PROGRAMME_NEED_MET),
    ),
)
