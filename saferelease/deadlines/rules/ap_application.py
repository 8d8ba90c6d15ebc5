"""Approved premises application

A high-risk prisoner (MAPPA level 2 or 3, or RoSH high or very high) without settled
accommodation has an approved premises application made at least 6 months before the ERD.

Source: HMPPS approved premises service
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.populations import HIGH_RISK_WORDS, accommodation_words, high_risk
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import AccommodationStatus, Authority, Severity


def high_risk_without_settled_accommodation(facts: PrisonerFacts) -> str | None:
    """High risk (see :func:`high_risk`) and accommodation anything but settled, including
    not recorded ("RoSH high; accommodation: temporary")."""
    if facts.accommodation_status == AccommodationStatus.SETTLED:
        return None
    reason = high_risk(facts)
    if reason is None:
        return None
    return f"{reason}; {accommodation_words(facts.accommodation_status)}"


RULE: Final = Rule(
    code="ap-application",
    text=RuleText.parse(__doc__),
    outstanding="Approved premises application not made",
    applies_to=high_risk_without_settled_accommodation,
    applies_to_description=f"{HIGH_RISK_WORDS}, whose accommodation is not settled",
    offset=Offset(months=6),
    window_days=28,
    completed_by="ap_application_date",
    authority=Authority.LOCAL_DEFAULT,
    severity=Severity.HIGH,
    short_title="Approved premises application",
    authority_note=(
        "The 6-month lead time is aligned with the MAPPA and IRMT deadlines; check it against "
        "current approved premises guidance."
    ),
    example=WorkedExample(
        due=dt.date(2026, 3, 1),
        working=(
            "RoSH high, accommodation temporary: ERD 1 September 2026 minus 6 months: 1 March 2026"
        ),
        changes={"rosh": "high", "accommodation_status": "temporary"},
    ),
)
