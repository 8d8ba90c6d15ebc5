"""From a Prisoner Search ``Prisoner`` object to the fields of our prisoner record that
NOMIS owns (pure: no database, no clock; the date is an argument).

Policy source: the HMPPS Prisoner Search API's ``Prisoner`` model (field names and
meanings); the sentence-type derivation and every field's mapping are in
``docs/prisoner-search-sync.md``. Fields NOMIS does not hold (OASys, RoSH, OSP, MAPPA,
the COM, accommodation, resettlement, the programme and every completion date) are never
part of a mapping, so a sync never overwrites them. Fields the API adds over time are
ignored; a missing date field means NOMIS holds no such date.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from saferelease.deadlines import SentenceType

PRISON_NUMBER_RE: Final = re.compile(r"^[A-Z][0-9]{4}[A-Z]{2}$")

#: Key dates and other dates NOMIS owns: our field <- the ``Prisoner`` field.
DATE_FIELDS: Final[Mapping[str, str]] = {
    "sentence_start_date": "sentenceStartDate",
    "sed": "sentenceExpiryDate",
    "led": "licenceExpiryDate",
    "crd": "conditionalReleaseDate",
    "ard": "automaticReleaseDate",
    "ped": "paroleEligibilityDate",
    "hdced": "homeDetentionCurfewEligibilityDate",
    "ted": "tariffDate",
    "tused": "topupSupervisionExpiryDate",
    "confirmed_release_date": "confirmedReleaseDate",
}
#: Where the reception date comes from, first found wins.
RECEPTION_SOURCES: Final = ("receptionDate", "lastAdmissionDate", "sentenceStartDate")
#: Dates that show a sentence has been passed (used when the legal status does not say).
SENTENCE_EVIDENCE: Final = (
    "sentenceExpiryDate",
    "conditionalReleaseDate",
    "automaticReleaseDate",
    "paroleEligibilityDate",
)
#: Every field a sync may write (our names): the rest of the record is never touched.
SYNCED_FIELDS: Final[tuple[str, ...]] = (
    "given_name",
    "family_name",
    "date_of_birth",
    "reception_date",
    "sentence_type",
    *DATE_FIELDS,
    "most_serious_offence",
)
MOST_SERIOUS_OFFENCE_LENGTH: Final = 200
NAME_LENGTH: Final = 100


class Custody(enum.StrEnum):
    """Where NOMIS says he is, from ``status``."""

    HELD = "held"  # "ACTIVE IN", "ACTIVE OUT" (at court, on temporary release...)
    RELEASED = "released"  # "INACTIVE OUT"
    IN_TRANSFER = "in_transfer"  # "INACTIVE TRN"


class MappingError(ValueError):
    """A record that cannot be stored: the message says which field and why."""


@dataclass(frozen=True, slots=True)
class MappedPrisoner:
    """One ``Prisoner`` object as our fields. ``values`` holds every synced field except
    ``reception_date`` when NOMIS gave none (a stored one is then kept)."""

    prison_number: str
    values: dict[str, Any]
    custody: Custody
    prison_id: str
    #: When he left (released or transferred), for a record whose status says he has.
    left_on: dt.date | None = None
    unknown_fields: frozenset[str] = field(default_factory=frozenset)


def parse_api_date(value: Any, name: str) -> dt.date | None:
    """An ISO date ("2023-05-01", or a date-time whose date part is used); ``None`` for
    null or a missing field."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MappingError(f"{name} is not a date: {value!r}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        raise MappingError(f"{name} is not a date: {value!r}") from None


def _text(record: Mapping[str, Any], name: str) -> str:
    value = record.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MappingError(f"{name} is not text: {value!r}")
    return " ".join(value.split())


def _flag(record: Mapping[str, Any], name: str) -> bool:
    value = record.get(name)
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def sentence_type(record: Mapping[str, Any]) -> SentenceType:
    """Our sentence type from ``legalStatus``, ``indeterminateSentence`` and ``recall``:

    1. indeterminate if ``indeterminateSentence`` is true or ``legalStatus`` is
       INDETERMINATE_SENTENCE (a recalled lifer stays indeterminate: his release is by the
       Parole Board, from his tariff);
    2. recall if ``recall`` is true or ``legalStatus`` is RECALL;
    3. determinate if ``legalStatus`` is SENTENCED;
    4. remand if ``legalStatus`` is REMAND or CONVICTED_UNSENTENCED;
    5. otherwise (CIVIL_PRISONER, IMMIGRATION_DETAINEE, DEAD, UNKNOWN, OTHER or none):
       determinate if NOMIS holds a SED, CRD, ARD or PED for him, else remand (no
       sentence to plan a release from).
    """
    legal_status = _text(record, "legalStatus").upper()
    if _flag(record, "indeterminateSentence") or legal_status == "INDETERMINATE_SENTENCE":
        return SentenceType.INDETERMINATE
    if _flag(record, "recall") or legal_status == "RECALL":
        return SentenceType.RECALL
    if legal_status == "SENTENCED":
        return SentenceType.DETERMINATE
    if legal_status in {"REMAND", "CONVICTED_UNSENTENCED"}:
        return SentenceType.REMAND
    if any(parse_api_date(record.get(name), name) for name in SENTENCE_EVIDENCE):
        return SentenceType.DETERMINATE
    return SentenceType.REMAND


def custody(record: Mapping[str, Any]) -> Custody:
    status = _text(record, "status").upper()
    if status == "INACTIVE OUT":
        return Custody.RELEASED
    if status == "INACTIVE TRN":
        return Custody.IN_TRANSFER
    return Custody.HELD


def _left_on(record: Mapping[str, Any], state: Custody, as_of: dt.date) -> dt.date | None:
    """The date he left: his last movement's date; for a release, else the release date
    NOMIS holds if it has passed; else ``as_of`` (the day the sync saw it)."""
    if state == Custody.HELD:
        return None
    moved = parse_api_date(record.get("lastMovementDate"), "lastMovementDate")
    if moved is not None and moved <= as_of:
        return moved
    if state == Custody.RELEASED:
        for name in ("releaseDate", "confirmedReleaseDate"):
            released = parse_api_date(record.get(name), name)
            if released is not None and released <= as_of:
                return released
    return as_of


#: The ``Prisoner`` fields this mapping reads (the rest are ignored, and reported).
READ_FIELDS: Final = frozenset(
    {
        "prisonerNumber",
        "firstName",
        "lastName",
        "dateOfBirth",
        "prisonId",
        "status",
        "legalStatus",
        "indeterminateSentence",
        "recall",
        "mostSeriousOffence",
        "lastMovementDate",
        "releaseDate",
        *RECEPTION_SOURCES,
        *DATE_FIELDS.values(),
    }
)


def map_prisoner(record: Mapping[str, Any], *, as_of: dt.date) -> MappedPrisoner:
    """Our fields for one ``Prisoner`` object; :class:`MappingError` if it cannot be
    stored (no prisoner number, name or date of birth, or a date that is not a date)."""
    number = _text(record, "prisonerNumber").upper()
    if not PRISON_NUMBER_RE.match(number):
        raise MappingError(f"prisonerNumber {number or 'missing'!s} is not like A1234BC")
    given, family = _text(record, "firstName"), _text(record, "lastName")
    if not given or not family:
        raise MappingError(f"{number}: firstName and lastName are required")
    try:
        birth = parse_api_date(record.get("dateOfBirth"), "dateOfBirth")
        if birth is None:
            raise MappingError("dateOfBirth is required")
        values: dict[str, Any] = {
            "given_name": given[:NAME_LENGTH],
            "family_name": family[:NAME_LENGTH],
            "date_of_birth": birth,
            "sentence_type": str(sentence_type(record)),
        }
        for ours, theirs in DATE_FIELDS.items():
            values[ours] = parse_api_date(record.get(theirs), theirs)
        for name in RECEPTION_SOURCES:
            reception = parse_api_date(record.get(name), name)
            if reception is not None:
                values["reception_date"] = reception
                break
        values["most_serious_offence"] = _text(record, "mostSeriousOffence")[
            :MOST_SERIOUS_OFFENCE_LENGTH
        ]
        state = custody(record)
        left_on = _left_on(record, state, as_of)
    except MappingError as error:
        raise MappingError(f"{number}: {error}") from None
    return MappedPrisoner(
        prison_number=number,
        values=values,
        custody=state,
        prison_id=_text(record, "prisonId").upper(),
        left_on=left_on,
        unknown_fields=frozenset(record) - READ_FIELDS,
    )
