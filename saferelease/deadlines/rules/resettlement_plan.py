"""Resettlement plan

Every sentenced prisoner has a resettlement plan by the start of the 12-week (84-day)
pre-release window.

Source: Pre-release window (12 weeks, 84 days): the 'Through the Gate' resettlement period
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.populations import SENTENCED_WORDS, sentenced
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import Authority, Severity

RULE: Final = Rule(
    code="resettlement-plan",
    text=RuleText.parse(__doc__),
    outstanding="Resettlement plan not done",
    applies_to=sentenced,
    applies_to_description=SENTENCED_WORDS,
    offset=Offset(days=84),
    window_days=28,
    completed_by="resettlement_plan_date",
    authority=Authority.LOCAL_DEFAULT,
    severity=Severity.LOW,
    short_title="Resettlement plan",
    authority_note=(
        "The 12-week resettlement period is national, but having the plan finished when it "
        "starts is this product's default."
    ),
    example=WorkedExample(
        due=dt.date(2026, 6, 9),
        working=(
            "ERD 1 September 2026 minus 84 days: 9 June 2026 (9 June + 21 days = 30 June, + 31 = "
            "31 July, + 31 = 31 August, + 1 = 1 September)"
        ),
    ),
)
