"""Risk of serious harm: RoSH levels and OASys assessments of the men in custody at the end
of the period."""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines import RiskLevel
from saferelease.metrics.catalogue.men import Man, Profile
from saferelease.metrics.catalogue.metric import (
    Better,
    Group,
    InCustody,
    InCustodyWhile,
    Metric,
    Number,
    Share,
)
from saferelease.metrics.catalogue.population import AT_END

_OASYS_CURRENT: Final = dt.timedelta(days=364)
_HIGH_ROSH: Final = frozenset({RiskLevel.HIGH, RiskLevel.VERY_HIGH})


def oasys_current_since(day: dt.date) -> dt.date:
    """The earliest last-OASys date that is current on ``day`` (364 days before it)."""
    return day - _OASYS_CURRENT


def _same_day(day: dt.date) -> dt.date:
    return day


def _last_oasys(man: Man) -> dt.date | None:
    return man.oasys_completed_date


def _sentenced(profile: Profile) -> bool:
    return profile.sentenced


ROSH_RECORDED: Final = InCustody("RoSH recorded", lambda profile: profile.rosh != "")
ROSH_NOT_RECORDED: Final = InCustody("RoSH not recorded", lambda profile: profile.rosh == "")
HIGH_ROSH: Final = InCustody("RoSH high or very high", lambda profile: profile.rosh in _HIGH_ROSH)


def _rosh(level: RiskLevel) -> InCustody:
    def holds(profile: Profile) -> bool:
        return profile.rosh == level

    return InCustody(f"RoSH {level.value}", holds)


ROSH: Final = {level: _rosh(level) for level in RiskLevel}
_LEVEL_WORDS: Final = {
    RiskLevel.LOW: "low",
    RiskLevel.MEDIUM: "medium",
    RiskLevel.HIGH: "high",
    RiskLevel.VERY_HIGH: "very high",
}

#: Sentenced, with a last OASys on or before the day, or none at all: the denominator.
OASYS_KNOWN: Final = InCustodyWhile(
    "OASys known", date=_last_oasys, latest=_same_day, holds=_sentenced, undated=True
)
#: ... and that last OASys within the 364 days up to the day.
OASYS_CURRENT: Final = InCustodyWhile(
    "OASys current",
    date=_last_oasys,
    latest=_same_day,
    earliest=oasys_current_since,
    holds=_sentenced,
)

_RECORDED: Final = f"{AT_END} with a RoSH level recorded"

METRICS: Final[tuple[Metric, ...]] = (
    Metric(
        "high_rosh_share",
        "High or very high risk of serious harm",
        f"Share of {_RECORDED} whose RoSH is high or very high (men with no RoSH recorded are "
        "left out of the denominator).",
        Better.NEITHER,
        Group.RISK,
        Share(HIGH_ROSH, ROSH_RECORDED),
    ),
    *(
        Metric(
            f"rosh_{level.value}_share",
            f"RoSH {_LEVEL_WORDS[level]}",
            f"Share of {_RECORDED} whose RoSH is {_LEVEL_WORDS[level]}.",
            Better.NEITHER,
            Group.RISK,
            Share(ROSH[level], ROSH_RECORDED),
        )
        for level in RiskLevel
    ),
    Metric(
        "rosh_not_recorded_count",
        "RoSH not recorded",
        f"Number of {AT_END} with no RoSH level recorded.",
        Better.LOWER,
        Group.RISK,
        Number(ROSH_NOT_RECORDED),
    ),
    Metric(
        "oasys_current_share",
        "OASys assessment current",
        "Share of sentenced men in custody at the end of the period whose last OASys "
        "assessment was completed in the 364 days (52 weeks) up to that day. Men whose only "
        "recorded assessment is after that day are left out (only the latest date is kept).",
        Better.HIGHER,
        Group.RISK,
        Share(OASYS_CURRENT, OASYS_KNOWN),
        charted=True,
    ),
)
