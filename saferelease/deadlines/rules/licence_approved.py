"""Licence approved

The licence is approved 2 working days before the ERD.

Source: HMPPS licence service hard stop
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.populations import SENTENCED_WORDS, sentenced
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import Authority, Severity

RULE: Final = Rule(
    code="licence-approved",
    text=RuleText.parse(__doc__),
    outstanding="Licence not approved",
    applies_to=sentenced,
    applies_to_description=SENTENCED_WORDS,
    offset=Offset(working_days=2),
    window_days=28,
    completed_by="licence_approved_date",
    authority=Authority.NATIONAL_POLICY,
    severity=Severity.HIGH,
    short_title="Licence approval",
    authority_note="The HMPPS licence service hard stop.",
    example=WorkedExample(
        due=dt.date(2026, 8, 27),
        working=(
            "2 working days before Tuesday 1 September 2026: Monday 31 August is a bank holiday, "
            "so Friday 28 August (1) and Thursday 27 August 2026 (2)"
        ),
    ),
)
