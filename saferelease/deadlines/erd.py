"""The earliest release date (ERD): the date most deadlines count back from.

The ERD is derived, not legal: it is how Manage POM Cases picks one date from a
prisoner's key dates (``docs/deadline-rules.md``, "Definitions"), with one correction: it is
a date the man can still be released on, so a PED that passed without release gives way to
the ARD or CRD. It keeps the key date it came from, so a screen can say "ERD 1 September
2026 (CRD)".
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from saferelease.core.dates import format_date
from saferelease.deadlines.facts import PrisonerFacts
from saferelease.deadlines.vocabularies import SENTENCED, ErdSource, SentenceType

__all__ = ["Erd", "earliest_release_date", "erd_words", "passed_ped"]

#: Sentences whose PED the ERD uses.
_PAROLE_ELIGIBLE = frozenset({SentenceType.DETERMINATE, SentenceType.RECALL})


class Erd(NamedTuple):
    """An earliest release date and the key date it came from (an immutable pair)."""

    date: dt.date
    source: ErdSource

    @property
    def label(self) -> str:
        """The source as shown on screen: "CRD", "PED", "confirmed release date"..."""
        return self.source.label

    def describe(self) -> str:
        """ "ERD 1 September 2026 (CRD)"."""
        return erd_words(self.date, self.source)


def erd_words(day: dt.date, source: ErdSource) -> str:
    """ "ERD 1 September 2026 (CRD)" (the engine memoises these words per ERD)."""
    return f"ERD {format_date(day)} ({source.label})"


def passed_ped(facts: PrisonerFacts, as_of: dt.date) -> dt.date | None:
    """The PED of a determinate or recall sentence when it passed without release: it is
    before ``as_of`` and no release is recorded on or before it (a release after the PED,
    or one dated after ``as_of``, does not stop it having passed). None otherwise."""
    ped = facts.ped
    if ped is None or ped >= as_of or facts.sentence_type not in _PAROLE_ELIGIBLE:
        return None
    released = facts.released_on
    if released is not None and released <= ped:
        return None
    return ped


def earliest_release_date(facts: PrisonerFacts, as_of: dt.date) -> Erd | None:
    """The ERD at ``as_of``: a date the man can still be released on, in this order:

    1. The confirmed release date, if set (whatever the sentence: a man on remand with a
       release date recorded has that date). A confirmed date that has passed while he is
       in custody stays his ERD (and is flagged ``release-date-passed``).
    2. Determinate and recall: the PED while it is on or after ``as_of``. Once it has
       passed without release (:func:`passed_ped`), the earlier of the ARD and CRD
       (whichever exist; the CRD wins a tie); with neither, the passed PED stays the ERD
       (flagged ``ped-passed``). With no PED, the earlier of the ARD and CRD.
    3. Indeterminate: the TED if it is after ``as_of``, else the THD (none if no THD).
    4. Remand: none.
    """
    if facts.confirmed_release_date is not None:
        return Erd(facts.confirmed_release_date, ErdSource.CONFIRMED_RELEASE_DATE)
    sentence_type = facts.sentence_type
    if sentence_type not in SENTENCED:
        return None
    if sentence_type == SentenceType.INDETERMINATE:
        if facts.ted is not None and facts.ted > as_of:
            return Erd(facts.ted, ErdSource.TED)
        if facts.thd is not None:
            return Erd(facts.thd, ErdSource.THD)
        return None
    ped = facts.ped
    if ped is not None and passed_ped(facts, as_of) is None:
        return Erd(ped, ErdSource.PED)
    crd, ard = facts.crd, facts.ard
    if ard is not None and (crd is None or ard < crd):
        return Erd(ard, ErdSource.ARD)
    if crd is not None:
        return Erd(crd, ErdSource.CRD)
    if ped is not None:  # passed, and nothing to fall back on
        return Erd(ped, ErdSource.PED)
    return None
