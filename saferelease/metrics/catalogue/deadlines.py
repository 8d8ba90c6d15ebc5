"""Release-planning deadlines at release: for every deadline rule, the share of the men
released during the period to whom it applied for whom it was met on time, met late or
missed, judged on the day of release. Every rule in ``saferelease.deadlines.RULES`` gets
its three metrics here without any change to this module."""

from __future__ import annotations

from functools import cache
from typing import Final

from saferelease.deadlines import RULES, Status
from saferelease.deadlines.rule import Rule
from saferelease.metrics.catalogue.men import ReleaseOutcome
from saferelease.metrics.catalogue.metric import Better, Group, Metric, Released, Share
from saferelease.metrics.catalogue.releases import RELEASED

#: Statuses at release, as the deadline metrics group them (docs/metrics.md); exempt and
#: not applicable are left out.
OUTCOMES: Final = ("on_time", "late", "missed")
STATUSES: Final = {
    "on_time": frozenset({Status.MET}),
    "late": frozenset({Status.MET_LATE}),
    "missed": frozenset({Status.OVERDUE, Status.DUE_SOON, Status.NOT_YET_DUE}),
}
_OUTCOME_WORDS: Final = {
    "on_time": ("met on time", "met by the due date", Better.HIGHER),
    "late": ("met late", "met after the due date", Better.LOWER),
    "missed": (
        "missed",
        "still outstanding (overdue, due soon or not yet due) on the day",
        Better.LOWER,
    ),
}


def rule_outcome(rule: Rule, *outcomes: str) -> Released:
    """The men released for whom ``rule`` ended in one of ``outcomes`` (the same count for
    the same arguments, so metrics that share it count it once)."""
    return _rule_outcome(rule.code, outcomes)


@cache
def _rule_outcome(code: str, outcomes: tuple[str, ...]) -> Released:
    statuses = frozenset().union(*(STATUSES[outcome] for outcome in outcomes))

    def holds(release: ReleaseOutcome) -> bool:
        return release.statuses.get(code) in statuses

    return Released(f"{code}: {' or '.join(outcomes)}", holds, rule_statuses=(code, statuses))


def rule_applied(rule: Rule) -> Released:
    """The men released to whom ``rule`` applied (exempt and not applicable left out)."""
    return rule_outcome(rule, *OUTCOMES)


def rule_metric_code(rule_code: str, outcome: str) -> str:
    """``mappa-level-set`` and ``on_time`` → ``rule_mappa_level_set_on_time_share``."""
    return f"rule_{rule_code.replace('-', '_')}_{outcome}_share"


def _rule_metric(rule: Rule, outcome: str) -> Metric:
    short, words, better = _OUTCOME_WORDS[outcome]
    return Metric(
        rule_metric_code(rule.code, outcome),
        f"{rule.title}: {short}",
        f"Share of {RELEASED} to whom the rule applied, evaluated on the day of release, for "
        f"whom it was {words}. Exempt and not applicable are left out.",
        better,
        Group.DEADLINES,
        Share(rule_outcome(rule, outcome), rule_applied(rule)),
    )


METRICS: Final[tuple[Metric, ...]] = tuple(
    _rule_metric(rule, outcome) for rule in RULES for outcome in OUTCOMES
)
