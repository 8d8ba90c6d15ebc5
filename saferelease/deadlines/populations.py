"""Populations shared by several rules: who a rule applies to, with the reason in words.

A population function takes :class:`PrisonerFacts` and returns a short reason when the
prisoner is in the population ("determinate sentence", "MAPPA level 2 and RoSH high") or
None when he is not. A population used by one rule only lives in that rule's module.

The reasons are looked up in dictionaries built once from the vocabularies, because these
functions run for every prisoner in the national evaluation.
"""

from __future__ import annotations

from typing import Final

from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.vocabularies import SENTENCED, AccommodationStatus, RiskLevel

__all__ = [
    "HIGH_RISK_WORDS",
    "SENTENCED_WORDS",
    "accommodation_words",
    "high_risk",
    "sentenced",
]

#: Who :func:`sentenced` covers, in words.
SENTENCED_WORDS: Final = "sentenced prisoners (determinate, indeterminate or recall)"
#: Who :func:`high_risk` covers, in words.
HIGH_RISK_WORDS: Final = "prisoners managed at MAPPA level 2 or 3, or with high or very high RoSH"

_HIGH_ROSH: Final = frozenset({RiskLevel.HIGH, RiskLevel.VERY_HIGH})
_MAPPA_2_3: Final = frozenset({2, 3})


def _lower_first(label: str) -> str:
    """ "Very high" -> "very high", but "CAS3 ..." stays as it is."""
    return label if label[:2].isupper() else label[:1].lower() + label[1:]


_SENTENCE_REASONS: Final[dict[str, str]] = {kind: f"{kind} sentence" for kind in SENTENCED}
_ROSH_REASONS: Final[dict[str, str]] = {
    level: f"RoSH {_lower_first(RiskLevel(level).label)}" for level in _HIGH_ROSH
}
_MAPPA_LEVEL_REASONS: Final[dict[int | None, str]] = {
    level: f"MAPPA level {level}" for level in _MAPPA_2_3
}
_ACCOMMODATION_REASONS: Final[dict[str, str]] = {
    status: f"accommodation: {_lower_first(status.label)}" for status in AccommodationStatus
}
_NO_ACCOMMODATION_RECORDED: Final = "no accommodation status recorded"


def sentenced(facts: PrisonerFacts) -> str | None:
    """A determinate, indeterminate or recall sentence ("determinate sentence")."""
    return _SENTENCE_REASONS.get(facts.sentence_type)


def high_risk(facts: PrisonerFacts) -> str | None:
    """Managed at MAPPA level 2 or 3, or RoSH high or very high ("MAPPA level 2 and RoSH
    high" when both)."""
    level = _MAPPA_LEVEL_REASONS.get(facts.mappa_level)
    rosh = _ROSH_REASONS.get(facts.rosh or "")
    if level and rosh:
        return f"{level} and {rosh}"
    return level or rosh


def accommodation_words(status: str | None) -> str:
    """The accommodation status as a reason: "accommodation: none (no fixed abode)", or
    "no accommodation status recorded"."""
    if not status:
        return _NO_ACCOMMODATION_RECORDED
    return _ACCOMMODATION_REASONS.get(status) or f"accommodation: {status}"
