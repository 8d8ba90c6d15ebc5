"""What the deadline rules know about a prisoner: :class:`PrisonerFacts`.

Its fields are the facts of the catalogue (``catalogue.FACTS``) that the rules read,
written out between the markers by ``catalogue.prisoner_facts_fields()``
(``test_catalogue.py`` fails when they differ; paste its output there). Key dates are as
sentence calculation produced them: the engine never recalculates a sentence. The
definitions of sentenced and in custody are here too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, Final, NamedTuple

from saferelease.deadlines.catalogue import RULE_FACTS, Kind, Read
from saferelease.deadlines.vocabularies import SENTENCED

__all__ = [
    "RECORD_FACTS",
    "TEXT_FACTS",
    "PrisonerFacts",
    "facts_from_record",
    "in_custody",
    "is_sentenced",
]


class PrisonerFacts(NamedTuple):
    """What the deadline rules need to know about one prisoner.

    String fields hold the values of :mod:`saferelease.deadlines.vocabularies`
    (``SentenceType``, ``OffenceCategory``, ``RiskLevel`` for ``rosh`` and ``osp``,
    ``AccommodationStatus``); plain strings from a database compare equal to the enum
    members. Key dates are as sentence calculation produced them: the engine never
    recalculates a sentence.

    An immutable named tuple rather than a frozen dataclass: a database row in field order
    becomes facts with ``PrisonerFacts._make(row)`` (one C call), which is what lets the
    national evaluation build 90,000 of them in a few hundredths of a second.
    """

    # BEGIN GENERATED: catalogue.prisoner_facts_fields()
    sentence_type: str
    reception_date: dt.date | None = None
    sentence_start_date: dt.date | None = None
    sed: dt.date | None = None
    led: dt.date | None = None
    crd: dt.date | None = None
    ard: dt.date | None = None
    ped: dt.date | None = None
    hdced: dt.date | None = None
    ted: dt.date | None = None
    thd: dt.date | None = None
    tused: dt.date | None = None
    confirmed_release_date: dt.date | None = None
    offence_category: str | None = None
    rosh: str | None = None
    osp: str | None = None
    oasys_completed_date: dt.date | None = None
    mappa_category: int | None = None
    mappa_level: int | None = None
    mappa_level_set_date: dt.date | None = None
    com_allocated_date: dt.date | None = None
    irmt_review_date: dt.date | None = None
    accommodation_status: str | None = None
    accommodation_confirmed_date: dt.date | None = None
    ap_application_date: dt.date | None = None
    duty_to_refer_date: dt.date | None = None
    resettlement_plan_date: dt.date | None = None
    resettlement_transfer_date: dt.date | None = None
    resettlement_transfer_exemption: str = ""
    licence_approved_date: dt.date | None = None
    health_needs: str = ""
    discharge_plan_date: dt.date | None = None
    careers_advice_date: dt.date | None = None
    ete_on_release: str | None = None
    released_on: dt.date | None = None
    in_resettlement_prison: bool = False
    # END GENERATED: catalogue.prisoner_facts_fields()


#: Vocabulary facts a database stores as "" for unknown; the rules take None.
TEXT_FACTS: Final = tuple(
    fact.name for fact in RULE_FACTS if fact.kind == Kind.CHOICE and fact.read == Read.YES
)
#: Free-text facts and lists of values: "" when nothing is recorded.
_FREE_TEXT_FACTS: Final = tuple(
    fact.name for fact in RULE_FACTS if fact.kind in (Kind.TEXT, Kind.CHOICES)
)
#: The facts a prisoner's record holds: all but ``in_resettlement_prison``, which comes
#: from his establishment.
RECORD_FACTS: Final = tuple(fact.name for fact in RULE_FACTS if fact.on_record)


def facts_from_record(record: Mapping[str, Any], *, in_resettlement_prison: bool) -> PrisonerFacts:
    """Facts from a stored record: a model's fields, a ``.values()`` row or a generated
    row. A name the record lacks is unknown; "" in a vocabulary fact is None; no free text
    is ""."""
    facts: dict[str, Any] = {name: record.get(name) for name in RECORD_FACTS}
    for name in TEXT_FACTS:
        facts[name] = facts[name] or None
    for name in _FREE_TEXT_FACTS:
        facts[name] = facts[name] or ""
    return PrisonerFacts(**facts, in_resettlement_prison=in_resettlement_prison)


def is_sentenced(facts: PrisonerFacts) -> bool:
    """Determinate, indeterminate or recall; remand is not sentenced."""
    return facts.sentence_type in SENTENCED


def in_custody(facts: PrisonerFacts) -> bool:
    """In custody while no ``released_on`` date is recorded."""
    return facts.released_on is None
