"""Every public-protection metric, declared once as data.

A metric's ``definition`` is the text shown beside its figure on screen, in the exports and
in ``docs/metrics.md``; the computation lives in :mod:`saferelease.metrics.computations`
under the same code. Shares are fractions between 0 and 1 (None when nobody is in the
denominator); ``better`` says which direction is an improvement, for the "marked complete
but nothing changed" test.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from saferelease.deadlines import RULES


class Unit(enum.StrEnum):
    COUNT = "count"
    SHARE = "share"
    PER_MONTH = "per_month"


class Better(enum.StrEnum):
    HIGHER = "higher"
    LOWER = "lower"
    NEITHER = "neither"  # a description of the population, not a performance figure


class Group(enum.StrEnum):
    POPULATION = "Population in custody"
    RISK = "Risk of serious harm"
    RELEASES = "Releases and accommodation"
    PUBLIC_PROTECTION = "Public protection at release"
    PROGRAMMES = "Offending-behaviour work"
    DEADLINES = "Release-planning deadlines at release"


@dataclass(frozen=True, slots=True)
class Metric:
    code: str
    title: str
    definition: str
    unit: Unit
    better: Better
    group: Group
    #: Shown as a monthly trend chart on the dashboards.
    charted: bool = False

    @property
    def is_share(self) -> bool:
        return self.unit == Unit.SHARE


_AT_END = "men in custody at the end of the period"
_RELEASED = "men released during the period"

_CORE: Final[tuple[Metric, ...]] = (
    Metric(
        "population",
        "Population",
        f"Number of {_AT_END} (received on or before that day and not released by it).",
        Unit.COUNT,
        Better.NEITHER,
        Group.POPULATION,
        charted=True,
    ),
    Metric(
        "sexual_offence_share",
        "Convicted of a sexual offence",
        f"Share of {_AT_END} whose offence category is sexual.",
        Unit.SHARE,
        Better.NEITHER,
        Group.POPULATION,
    ),
    Metric(
        "over_50_share",
        "Aged 50 or over",
        f"Share of {_AT_END} aged 50 or over on that day.",
        Unit.SHARE,
        Better.NEITHER,
        Group.POPULATION,
    ),
    Metric(
        "indeterminate_count",
        "Serving indeterminate sentences",
        f"Number of {_AT_END} serving an indeterminate sentence.",
        Unit.COUNT,
        Better.NEITHER,
        Group.POPULATION,
    ),
    Metric(
        "sentence_under_4_years_share",
        "Sentence under 4 years",
        "Share of sentenced men in custody at the end of the period whose determinate or "
        "recall sentence (sentence expiry date minus sentence start) is under 4 years.",
        Unit.SHARE,
        Better.NEITHER,
        Group.POPULATION,
    ),
    Metric(
        "sentence_4_to_10_years_share",
        "Sentence 4 to 10 years",
        "Share of sentenced men in custody at the end of the period whose determinate or "
        "recall sentence is at least 4 years and at most 10 years.",
        Unit.SHARE,
        Better.NEITHER,
        Group.POPULATION,
    ),
    Metric(
        "sentence_over_10_years_share",
        "Sentence over 10 years",
        "Share of sentenced men in custody at the end of the period whose determinate or "
        "recall sentence is over 10 years.",
        Unit.SHARE,
        Better.NEITHER,
        Group.POPULATION,
    ),
    Metric(
        "sentence_indeterminate_share",
        "Indeterminate sentence",
        "Share of sentenced men in custody at the end of the period serving an "
        "indeterminate sentence.",
        Unit.SHARE,
        Better.NEITHER,
        Group.POPULATION,
    ),
    Metric(
        "sentence_length_not_recorded_share",
        "Sentence length not recorded",
        "Share of sentenced men in custody at the end of the period with a determinate or "
        "recall sentence but no sentence start or sentence expiry date recorded.",
        Unit.SHARE,
        Better.LOWER,
        Group.POPULATION,
    ),
    Metric(
        "high_rosh_share",
        "High or very high risk of serious harm",
        f"Share of {_AT_END} with a RoSH level recorded whose RoSH is high or very high "
        "(men with no RoSH recorded are left out of the denominator).",
        Unit.SHARE,
        Better.NEITHER,
        Group.RISK,
    ),
    Metric(
        "rosh_low_share",
        "RoSH low",
        f"Share of {_AT_END} with a RoSH level recorded whose RoSH is low.",
        Unit.SHARE,
        Better.NEITHER,
        Group.RISK,
    ),
    Metric(
        "rosh_medium_share",
        "RoSH medium",
        f"Share of {_AT_END} with a RoSH level recorded whose RoSH is medium.",
        Unit.SHARE,
        Better.NEITHER,
        Group.RISK,
    ),
    Metric(
        "rosh_high_share",
        "RoSH high",
        f"Share of {_AT_END} with a RoSH level recorded whose RoSH is high.",
        Unit.SHARE,
        Better.NEITHER,
        Group.RISK,
    ),
    Metric(
        "rosh_very_high_share",
        "RoSH very high",
        f"Share of {_AT_END} with a RoSH level recorded whose RoSH is very high.",
        Unit.SHARE,
        Better.NEITHER,
        Group.RISK,
    ),
    Metric(
        "rosh_not_recorded_count",
        "RoSH not recorded",
        f"Number of {_AT_END} with no RoSH level recorded.",
        Unit.COUNT,
        Better.LOWER,
        Group.RISK,
    ),
    Metric(
        "oasys_current_share",
        "OASys assessment current",
        "Share of sentenced men in custody at the end of the period whose last OASys "
        "assessment was completed in the 364 days (52 weeks) up to that day. Men whose only "
        "recorded assessment is after that day are left out (only the latest date is kept).",
        Unit.SHARE,
        Better.HIGHER,
        Group.RISK,
        charted=True,
    ),
    Metric(
        "releases_count",
        "Releases",
        f"Number of {_RELEASED} (release date from the first to the last day, inclusive).",
        Unit.COUNT,
        Better.NEITHER,
        Group.RELEASES,
    ),
    Metric(
        "releases_per_month",
        "Releases a month",
        f"Number of {_RELEASED} divided by the number of calendar months in the period "
        "(whole months plus the fraction of a part month).",
        Unit.PER_MONTH,
        Better.NEITHER,
        Group.RELEASES,
        charted=True,
    ),
    Metric(
        "released_homeless_share",
        "Released homeless",
        f"Share of {_RELEASED} whose accommodation on release was none (homeless or no "
        "fixed abode). Releases with no accommodation recorded stay in the denominator.",
        Unit.SHARE,
        Better.LOWER,
        Group.RELEASES,
        charted=True,
    ),
    Metric(
        "released_temporary_share",
        "Released to temporary accommodation",
        f"Share of {_RELEASED} whose accommodation on release was temporary or CAS3 "
        "transitional accommodation.",
        Unit.SHARE,
        Better.LOWER,
        Group.RELEASES,
    ),
    Metric(
        "high_risk_released_homeless_count",
        "High-risk men released homeless",
        f"Number of {_RELEASED} with RoSH high or very high whose accommodation on release "
        "was none.",
        Unit.COUNT,
        Better.LOWER,
        Group.RELEASES,
    ),
    Metric(
        "mappa_set_on_time_share",
        "MAPPA level set 6 months before release",
        f"Share of {_RELEASED} in MAPPA category 1, 2 or 3 whose MAPPA level was set on or "
        "before the release date minus 6 calendar months (clamped to the end of a shorter "
        "month). No level set date counts as not on time.",
        Unit.SHARE,
        Better.HIGHER,
        Group.PUBLIC_PROTECTION,
        charted=True,
    ),
    Metric(
        "com_allocated_on_time_share",
        "Community offender manager allocated on time",
        f"Share of {_RELEASED} to whom the COM allocation (handover) rule applied at release "
        "whose COM was allocated by the handover date. Exempt men are left out.",
        Unit.SHARE,
        Better.HIGHER,
        Group.PUBLIC_PROTECTION,
    ),
    Metric(
        "resettlement_transfers_needed_count",
        "Resettlement transfers needed",
        f"Number of {_RELEASED} to whom the resettlement-transfer rule applied at release "
        "(determinate sentence, held outside a resettlement prison), exempt men left out.",
        Unit.COUNT,
        Better.NEITHER,
        Group.PUBLIC_PROTECTION,
    ),
    Metric(
        "resettlement_transfers_achieved_count",
        "Resettlement transfers achieved",
        "Of the resettlement transfers needed, the number transferred before release, on "
        "time or late.",
        Unit.COUNT,
        Better.HIGHER,
        Group.PUBLIC_PROTECTION,
    ),
    Metric(
        "resettlement_transfers_achieved_share",
        "Resettlement transfers achieved (share)",
        "Resettlement transfers achieved divided by resettlement transfers needed.",
        Unit.SHARE,
        Better.HIGHER,
        Group.PUBLIC_PROTECTION,
    ),
    Metric(
        "maintaining_innocence_count",
        "Maintaining innocence",
        f"Number of {_AT_END} recorded as maintaining their innocence.",
        Unit.COUNT,
        Better.NEITHER,
        Group.PROGRAMMES,
    ),
    Metric(
        "maintaining_innocence_with_work_share",
        "Maintaining innocence with offending-behaviour work",
        f"Share of {_AT_END} maintaining innocence whose programme status is on programme, "
        "programme complete or alternative offending-behaviour work (the current status).",
        Unit.SHARE,
        Better.HIGHER,
        Group.PROGRAMMES,
        charted=True,
    ),
    Metric(
        "programme_need_count",
        "Programme need",
        f"Number of {_AT_END} whose programme status is referral submitted, awaiting "
        "assessment, assessed suitable, suitable not ready or on programme.",
        Unit.COUNT,
        Better.NEITHER,
        Group.PROGRAMMES,
    ),
    Metric(
        "programme_places",
        "Programme places",
        "Offending-behaviour programme places commissioned a year, as set for each "
        "establishment by staff (summed; blank when no establishment has places set).",
        Unit.COUNT,
        Better.HIGHER,
        Group.PROGRAMMES,
    ),
)

#: Statuses at release, as the deadline metrics group them (docs/metrics.md).
OUTCOMES: Final = ("on_time", "late", "missed")
_OUTCOME_WORDS: Final = {
    "on_time": ("met on time", "met by the due date", Better.HIGHER),
    "late": ("met late", "met after the due date", Better.LOWER),
    "missed": (
        "missed",
        "still outstanding (overdue, due soon or not yet due) on the day",
        Better.LOWER,
    ),
}


def rule_metric_code(rule_code: str, outcome: str) -> str:
    """``mappa-level-set`` and ``on_time`` → ``rule_mappa_level_set_on_time_share``."""
    return f"rule_{rule_code.replace('-', '_')}_{outcome}_share"


def _rule_metrics() -> tuple[Metric, ...]:
    metrics = []
    for rule in RULES:
        for outcome in OUTCOMES:
            short, words, better = _OUTCOME_WORDS[outcome]
            metrics.append(
                Metric(
                    rule_metric_code(rule.code, outcome),
                    f"{rule.title}: {short}",
                    f"Share of {_RELEASED} to whom the rule applied, evaluated on the day of "
                    f"release, for whom it was {words}. Exempt and not applicable are left out.",
                    Unit.SHARE,
                    better,
                    Group.DEADLINES,
                )
            )
    return tuple(metrics)


METRICS: Final[tuple[Metric, ...]] = _CORE + _rule_metrics()
METRICS_BY_CODE: Final = MappingProxyType({metric.code: metric for metric in METRICS})

#: The command-line contract's minimum set (issue 5), in this order.
CONTRACT_CODES: Final = (
    "population",
    "sexual_offence_share",
    "over_50_share",
    "indeterminate_count",
    "high_rosh_share",
    "releases_per_month",
    "released_homeless_share",
    "oasys_current_share",
    "mappa_set_on_time_share",
)


def metrics_in(group: Group) -> list[Metric]:
    return [metric for metric in METRICS if metric.group == group]


def title_for(code: str) -> str:
    """How staff see a metric: its title ("Released homeless"), never its code. A code no
    longer defined (linked before the metric was withdrawn) reads as such."""
    metric = METRICS_BY_CODE.get(code)
    return metric.title if metric else "A metric no longer computed"
