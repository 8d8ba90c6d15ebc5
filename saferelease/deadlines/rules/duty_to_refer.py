"""Duty to refer to a housing authority

A prisoner who may be homeless (accommodation none, unknown, temporary or not recorded) is
referred to a housing authority at least 56 days before the ERD, when he becomes threatened
with homelessness.

Source: Housing Act 1996 s.213B (threatened with homelessness within 56 days, s.175(4))
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.populations import accommodation_words
from saferelease.deadlines.rule import Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import AccommodationStatus, Authority, Severity

#: Accommodation statuses that trigger the duty to refer; None and "" are "not recorded".
_MAY_BE_HOMELESS: Final = frozenset(
    {AccommodationStatus.NONE, AccommodationStatus.UNKNOWN, AccommodationStatus.TEMPORARY, ""}
)


def may_be_homeless(facts: PrisonerFacts) -> str | None:
    """Accommodation on release none, unknown, temporary or not recorded."""
    status = facts.accommodation_status
    if status is None or status in _MAY_BE_HOMELESS:
        return accommodation_words(status)
    return None


RULE: Final = Rule(
    code="duty-to-refer",
    text=RuleText.parse(__doc__),
    outstanding="Duty to refer to a housing authority not made",
    applies_to=may_be_homeless,
    applies_to_description=(
        "prisoners whose accommodation on release is none, unknown, temporary or not recorded"
    ),
    offset=Offset(days=56),
    window_days=28,
    completed_by="duty_to_refer_date",
    authority=Authority.NATIONAL_POLICY,
    severity=Severity.HIGH,
    short_title="Duty to refer",
    authority_note="Statute.",
    example=WorkedExample(
        due=dt.date(2026, 7, 7),
        working=(
            "No accommodation: ERD 1 September 2026 minus 56 days: 7 July 2026 (7 July + 25 days "
            "= 1 August, + 31 = 1 September)"
        ),
        changes={"accommodation_status": "none"},
    ),
)
