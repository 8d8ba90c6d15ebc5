"""Interdepartmental risk management team (IRMT) review

A high-risk prisoner (MAPPA level 2 or 3, or RoSH high or very high) is reviewed by the IRMT
at least 6 months before the ERD.

Source: Littlehey 2015 recommendation 5.52
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.populations import HIGH_RISK_WORDS, high_risk
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import Authority, Severity

RULE: Final = Rule(
    code="irmt-review",
    text=RuleText.parse(__doc__),
    outstanding="IRMT review not held",
    applies_to=high_risk,
    applies_to_description=HIGH_RISK_WORDS,
    offset=Offset(months=6),
    window_days=28,
    completed_by="irmt_review_date",
    authority=Authority.LOCAL_DEFAULT,
    severity=Severity.MEDIUM,
    short_title="IRMT review",
    authority_note=(
        "The IRMT is a prison's own meeting; 6 months follows Littlehey recommendation 5.52 and "
        "the MAPPA deadline."
    ),
    example=WorkedExample(
        due=dt.date(2026, 3, 1),
        working=("MAPPA level 2: ERD 1 September 2026 minus 6 months: 1 March 2026"),
        changes={"mappa_level": 2},
    ),
)
