"""MAPPA level set

The MAPPA management level is confirmed at least 6 months before the ERD for every prisoner
in MAPPA category 1, 2 or 3.

Source: HMIP expectation; Littlehey 2015 recommendation 5.52
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import Authority, MappaCategory, Severity

_REASONS: Final[dict[int | None, str]] = {
    category.value: f"MAPPA category {category.value}" for category in MappaCategory
}


def mappa_categorised(facts: PrisonerFacts) -> str | None:
    """In MAPPA category 1, 2 or 3 ("MAPPA category 1")."""
    return _REASONS.get(facts.mappa_category)


RULE: Final = Rule(
    code="mappa-level-set",
    text=RuleText.parse(__doc__),
    outstanding="MAPPA level not set",
    applies_to=mappa_categorised,
    applies_to_description="prisoners in MAPPA category 1, 2 or 3",
    offset=Offset(months=6),
    window_days=28,
    completed_by="mappa_level_set_date",
    authority=Authority.NATIONAL_POLICY,
    severity=Severity.HIGH,
    short_title="MAPPA level",
    authority_note="HMIP expects MAPPA levels to be confirmed 6 months before release.",
    example=WorkedExample(
        due=dt.date(2026, 3, 1),
        working=("MAPPA category 1: ERD 1 September 2026 minus 6 months: 1 March 2026"),
        changes={"mappa_category": 1},
    ),
)
