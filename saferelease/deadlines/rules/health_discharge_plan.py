"""Health discharge plan

A prisoner with a health or care need that continues after release (physical health,
mental health, substance misuse or social care) has a discharge plan for continuity of his
care 28 days before the ERD.

Source: HM Inspectorate of Prisons, Littlehey 2015, recommendation 5.56 (robust health care
discharge planning to ensure continuity of care after release)
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import Authority, HealthNeed, Severity

#: A stored list of needs ("mental;substance") and how a reason names it, built once.
_LABELS: Final = {need.value: need.label[:1].lower() + need.label[1:] for need in HealthNeed}


def has_health_need(facts: PrisonerFacts) -> str | None:
    """Any health need recorded ("health needs: mental health, substance misuse")."""
    if not facts.health_needs:
        return None
    words = ", ".join(_LABELS.get(value, value) for value in facts.health_needs.split(";"))
    return f"health needs: {words}"


RULE: Final = Rule(
    code="health-discharge-plan",
    text=RuleText.parse(__doc__),
    outstanding="Health discharge plan not done",
    applies_to=has_health_need,
    applies_to_description=(
        "prisoners with a physical health, mental health, substance misuse or social care need"
    ),
    offset=Offset(days=28),
    window_days=14,
    completed_by="discharge_plan_date",
    authority=Authority.LOCAL_DEFAULT,
    severity=Severity.MEDIUM,
    short_title="Health discharge plan",
    authority_note=(
        "Recommendation 5.56 asks for robust discharge planning but sets no date; a plan 28 "
        "days before release, leaving time for GP registration, prescriptions and "
        "community referrals, is this product's default."
    ),
    example=WorkedExample(
        due=dt.date(2026, 8, 4),
        working=(
            "A mental health need: ERD 1 September 2026 minus 28 days: 4 August 2026 (4 August + "
            "28 days = 1 September)"
        ),
        changes={"health_needs": "mental"},
    ),
)
