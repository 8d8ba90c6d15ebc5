"""Licence approved

The licence is approved 2 working days before the ERD.

Source: HMPPS licence service hard stop
"""

from __future__ import annotations

from typing import Final

from saferelease.deadlines.populations import SENTENCED_WORDS, sentenced
from saferelease.deadlines.rule import Offset, Rule, RuleText
from saferelease.deadlines.vocabularies import Authority, Severity

RULE: Final = Rule(
    code="licence-approved",
    text=RuleText.parse(__doc__),
    applies_to=sentenced,
    applies_to_description=SENTENCED_WORDS,
    offset=Offset(working_days=2),
    window_days=28,
    completed_by="licence_approved_date",
    authority=Authority.NATIONAL_POLICY,
    severity=Severity.HIGH,
    short_title="Licence approval",
    authority_note="The HMPPS licence service hard stop.",
)
