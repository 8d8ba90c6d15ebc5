"""Release address confirmed

The release address is confirmed 2 working days before the ERD, with the 84-day pre-release
window as the warning period.

Source: HMPPS licence service hard stop (the licence needs an address)
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.populations import SENTENCED_WORDS, sentenced
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import Authority, Severity

RULE: Final = Rule(
    code="release-address",
    text=RuleText.parse(__doc__),
    outstanding="Release address not confirmed",
    applies_to=sentenced,
    applies_to_description=SENTENCED_WORDS,
    offset=Offset(working_days=2),
    window_days=84,
    completed_by="accommodation_confirmed_date",
    authority=Authority.LOCAL_DEFAULT,
    severity=Severity.HIGH,
    short_title="Release address",
    authority_note=(
        "Follows the licence hard stop because a licence needs an address; the 84-day warning "
        "window is this product's default."
    ),
    example=WorkedExample(
        due=dt.date(2026, 8, 27),
        working=(
            "2 working days before Tuesday 1 September 2026: Monday 31 August is a bank holiday, "
            "so Friday 28 August (1) and Thursday 27 August 2026 (2)"
        ),
    ),
)
