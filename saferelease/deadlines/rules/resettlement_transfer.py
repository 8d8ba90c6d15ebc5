"""Transfer to a resettlement prison

A determinate-sentence prisoner held in a prison not designated a resettlement prison is
transferred to a resettlement prison near home 12 weeks (84 days) before the ERD, unless an
exemption with a reason is recorded.

Source: National prisons resettlement strategy (transfer to a local resettlement prison for
the final 12 weeks); HMIP Dartmoor; Littlehey 2015 recommendation 5.3
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import Authority, SentenceType, Severity


def determinate_outside_resettlement_prison(facts: PrisonerFacts) -> str | None:
    """A determinate sentence, held in a prison not designated a resettlement prison."""
    if facts.sentence_type == SentenceType.DETERMINATE and not facts.in_resettlement_prison:
        return "determinate sentence; not held in a resettlement prison"
    return None


RULE: Final = Rule(
    code="resettlement-transfer",
    text=RuleText.parse(__doc__),
    outstanding="Not yet transferred to a resettlement prison",
    applies_to=determinate_outside_resettlement_prison,
    applies_to_description=(
        "determinate-sentence prisoners held in a prison not designated a resettlement prison"
    ),
    offset=Offset(days=84),
    window_days=28,
    completed_by="resettlement_transfer_date",
    exemption_field="resettlement_transfer_exemption",
    authority=Authority.NATIONAL_POLICY,
    severity=Severity.LOW,
    short_title="Resettlement transfer",
    local_condition=(
        "Are men held here expected to transfer to a resettlement prison for their last 12 weeks?"
    ),
    authority_note="The resettlement prison strategy's final 12 weeks.",
    example=WorkedExample(
        due=dt.date(2026, 6, 9),
        working=(
            "Held at a prison not designated a resettlement prison: ERD 1 September 2026 minus 84"
            " days: 9 June 2026"
        ),
    ),
)
