"""OASys assessment current

Every sentenced prisoner has a current OASys assessment: a new one is due 52 weeks (364
days) after the last; with none, 8 weeks (56 days) after reception. Rolling: met while the
last assessment is current and not yet due for review.

Source: HMPPS risk API currency (assessments older than 52 weeks are not current); Littlehey
2015 recommendation 5.47
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from saferelease.deadlines.engine import format_date, offset_due
from saferelease.deadlines.erd import Erd
from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.populations import SENTENCED_WORDS, sentenced
from saferelease.deadlines.rule import Due, DueDateHook, Offset, Rule, RuleText
from saferelease.deadlines.vocabularies import Anchor, Authority, Direction, Severity

#: After the last OASys: 52 weeks (national: the HMPPS risk API's currency).
AFTER_LAST: Final = Offset(days=364, direction=Direction.AFTER)
#: With no OASys, after reception: 8 weeks (a local default).
AFTER_RECEPTION: Final = Offset(days=56, direction=Direction.AFTER)


def oasys_due(facts: PrisonerFacts, erd: Erd | None, as_of: dt.date | None) -> Due:
    """364 days (52 weeks) after the last OASys completed on or before ``as_of``
    (national: the HMPPS risk API treats older assessments as not current); with none, 56
    days (8 weeks) after reception (local default). The ERD plays no part."""
    last = facts.oasys_completed_date
    if last is not None and (as_of is None or last <= as_of):
        return offset_due(
            last,
            f"last OASys {format_date(last)}",
            AFTER_LAST,
            Authority.NATIONAL_POLICY,
            "52 weeks",
        )
    reception = facts.reception_date
    if reception is None:
        return Due(None, "no OASys and no reception date recorded", Authority.LOCAL_DEFAULT)
    return offset_due(
        reception,
        f"no OASys: reception {format_date(reception)}",
        AFTER_RECEPTION,
        Authority.LOCAL_DEFAULT,
        "8 weeks; local default",
    )


RULE: Final = Rule(
    code="oasys-current",
    text=RuleText.parse(__doc__),
    outstanding="OASys assessment out of date",
    applies_to=sentenced,
    applies_to_description=SENTENCED_WORDS,
    due_date_hook=DueDateHook(
        compute=oasys_due,
        anchor=Anchor.OASYS,
        counts_from=(
            "the last OASys completed on or before the evaluation date; with none, the "
            "reception date"
        ),
        offset=AFTER_LAST,
        offset_words="plus 364 days (52 weeks); with no OASys, plus 56 days (8 weeks)",
    ),
    window_days=28,
    completed_by="oasys_completed_date",
    authority=Authority.NATIONAL_POLICY,
    severity=Severity.MEDIUM,
    short_title="OASys",
    authority_note=(
        "The 52 weeks is national (HMPPS risk API currency); the 56 days after reception when "
        "there is no OASys is a local default."
    ),
    needs_erd=False,
    rolling=True,
)
