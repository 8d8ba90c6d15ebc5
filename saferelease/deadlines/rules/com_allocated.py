"""Community offender manager allocated (handover)

A community offender manager (COM) is allocated by the handover date: ERD minus 12 months
for indeterminate sentences or when a PED is set; the reception date for recalls; the
sentence start when sentence start plus 10 months is on or after the ERD; otherwise ERD
minus 8 months and 14 days (in that order).

Source: Manage POM Cases handover rules
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.core.calendar import add_months
from saferelease.deadlines.engine import erd_words, format_date, offset_due_from_erd
from saferelease.deadlines.erd import Erd
from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.populations import SENTENCED_WORDS, sentenced
from saferelease.deadlines.rule import Due, DueDateHook, Offset, Rule, RuleText, WorkedExample
from saferelease.deadlines.vocabularies import Anchor, Authority, SentenceType, Severity

#: Indeterminate sentences, or a PED set: ERD minus 12 months.
LONG: Final = Offset(months=12)
#: Otherwise: ERD minus 8 months and 14 days.
DEFAULT: Final = Offset(months=8, days=14)
_AUTHORITY: Final = Authority.NATIONAL_POLICY


def handover_due(facts: PrisonerFacts, erd: Erd | None, as_of: dt.date | None) -> Due:
    """Manage POM Cases handover, conditions applied in this order:

    1. indeterminate sentence, or a PED is set: ERD minus 12 months;
    2. recall: the reception date;
    3. sentence start plus 10 months is on or after the ERD: the sentence start;
    4. otherwise: ERD minus 8 months and 14 days.
    """
    if erd is None:
        return Due(None, "no earliest release date", _AUTHORITY)
    if facts.sentence_type == SentenceType.INDETERMINATE:
        return offset_due_from_erd(erd, LONG, _AUTHORITY, "indeterminate sentence")
    if facts.ped is not None:
        return offset_due_from_erd(erd, LONG, _AUTHORITY, "PED set")
    if facts.sentence_type == SentenceType.RECALL:
        reception = facts.reception_date
        if reception is None:
            return Due(None, "no reception date recorded for a recall", _AUTHORITY)
        return Due(reception, f"reception {format_date(reception)} (recall)", _AUTHORITY)
    start = facts.sentence_start_date
    if start is not None and add_months(start, 10) >= erd.date:
        words = (
            f"sentence start {format_date(start)} (sentence start plus 10 months is on or "
            f"after the {erd_words(erd.date, erd.source)})"
        )
        return Due(start, words, _AUTHORITY)
    return offset_due_from_erd(erd, DEFAULT, _AUTHORITY)


RULE: Final = Rule(
    code="com-allocated",
    text=RuleText.parse(__doc__),
    outstanding="Community offender manager not allocated",
    applies_to=sentenced,
    applies_to_description=SENTENCED_WORDS,
    due_date_hook=DueDateHook(
        compute=handover_due,
        anchor=Anchor.ERD,
        counts_from=(
            "the ERD; the reception date for recalls; the sentence start for short sentences"
        ),
        offset=DEFAULT,
        offset_words=(
            "minus 12 months (indeterminate, or PED set); the reception date itself (recall); "
            "the sentence start itself (sentence start plus 10 months on or after the ERD); "
            "otherwise minus 8 months and 14 days"
        ),
    ),
    window_days=56,
    completed_by="com_allocated_date",
    authority=_AUTHORITY,
    severity=Severity.MEDIUM,
    short_title="COM handover",
    authority_note="The Manage POM Cases (OMiC) handover rules.",
    example=WorkedExample(
        due=dt.date(2025, 12, 18),
        working=(
            "Sentence start 10 January 2023 plus 10 months (10 November 2023) is before the ERD, "
            "so ERD 1 September 2026 minus 8 months (1 January 2026) and 14 days: 18 December "
            "2025"
        ),
    ),
)
