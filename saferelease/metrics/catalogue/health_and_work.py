"""Health and work on release: continuity of health care (Littlehey 2015, recommendation
5.56) and careers advice and employment, training or education arranged (5.54) for the men
released during the period."""

from __future__ import annotations

from typing import Final

from saferelease.deadlines.rules import health_discharge_plan
from saferelease.deadlines.vocabularies import EteArranged
from saferelease.metrics.catalogue.deadlines import rule_applied, rule_outcome
from saferelease.metrics.catalogue.men import ReleaseOutcome
from saferelease.metrics.catalogue.metric import Better, Group, Metric, Released, Share
from saferelease.metrics.catalogue.releases import RELEASED, RELEASES

_HEALTH: Final = health_discharge_plan.RULE


def careers_advice_before_release(release: ReleaseOutcome) -> bool:
    """A careers advice contact recorded on or before the release date."""
    advice = release.facts.careers_advice_date if release.facts else None
    return advice is not None and advice <= release.released_on


def _ete(release: ReleaseOutcome) -> str:
    return (release.facts.ete_on_release if release.facts else None) or ""


CAREERS_ADVICE: Final = Released("careers advice before release", careers_advice_before_release)
ETE_ARRANGED: Final = Released("ETE arranged", lambda release: _ete(release) == EteArranged.YES)
ETE_APPLIES: Final = Released(
    "ETE applies", lambda release: _ete(release) != EteArranged.NOT_APPLICABLE
)

METRICS: Final[tuple[Metric, ...]] = (
    Metric(
        "health_discharge_plan_before_release_share",
        "Health discharge plan complete before release",
        f"Share of {RELEASED} with a recorded health need (physical, mental, substance "
        "misuse, social care) and an earliest release date, whose discharge plan was "
        "complete on or before the day of release (on time or late).",
        Better.HIGHER,
        Group.HEALTH_AND_WORK,
        Share(rule_outcome(_HEALTH, "on_time", "late"), rule_applied(_HEALTH)),
        charted=True,
    ),
    Metric(
        "careers_advice_before_release_share",
        "Careers advice before release",
        f"Share of {RELEASED} with a careers advice contact recorded on or before the day "
        "of release.",
        Better.HIGHER,
        Group.HEALTH_AND_WORK,
        Share(CAREERS_ADVICE, RELEASES),
    ),
    Metric(
        "ete_arranged_share",
        "ETE arranged at release",
        f"Share of {RELEASED}, leaving out those for whom employment, training or education "
        "was not applicable (retired, unfit for work), whose ETE was arranged at release. "
        "Nothing recorded counts as not arranged.",
        Better.HIGHER,
        Group.HEALTH_AND_WORK,
        Share(ETE_ARRANGED, ETE_APPLIES),
        charted=True,
    ),
)
