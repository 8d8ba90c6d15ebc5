"""Release address confirmed

The release address is confirmed 2 working days before the ERD, with the 84-day pre-release
window as the warning period.

Source: HMPPS licence service hard stop (the licence needs an address)
"""

from __future__ import annotations

from typing import Final

from saferelease.deadlines.populations import SENTENCED_WORDS, sentenced
from saferelease.deadlines.rule import Offset, Rule, RuleText
from saferelease.deadlines.vocabularies import Authority, Severity

RULE: Final = Rule(
    code="release-address",
    text=RuleText.parse(__doc__),
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
)
