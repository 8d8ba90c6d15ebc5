"""The deadline engine's vocabularies: the values a prisoner's facts and a rule's result
take, with their en-GB labels.

Plain Python enums (:class:`enum.StrEnum` / :class:`enum.IntEnum`) so a Django model can
reuse them as choices: ``choices=SentenceType.choices()``. Plain strings from a database
compare equal to the string members.
"""

from __future__ import annotations

import enum
from typing import Final

__all__ = [
    "SENTENCED",
    "AccommodationStatus",
    "Anchor",
    "Authority",
    "Direction",
    "ErdSource",
    "EteArranged",
    "HealthNeed",
    "MappaCategory",
    "MappaLevel",
    "OffenceCategory",
    "RiskLevel",
    "SentenceType",
    "Severity",
    "Status",
]

_LABELS: Final[dict[tuple[str, str], str]] = {
    ("AccommodationStatus", "cas3"): "CAS3 transitional accommodation",
    ("AccommodationStatus", "none"): "None (no fixed abode)",
    ("AccommodationStatus", "approved_premises"): "Approved premises",
    ("ErdSource", "confirmed_release_date"): "confirmed release date",
    ("ErdSource", "ped"): "PED",
    ("ErdSource", "ard"): "ARD",
    ("ErdSource", "crd"): "CRD",
    ("ErdSource", "ted"): "TED",
    ("ErdSource", "thd"): "THD",
    ("HealthNeed", "physical"): "Physical health",
    ("HealthNeed", "mental"): "Mental health",
    ("HealthNeed", "substance"): "Substance misuse",
    ("HealthNeed", "social_care"): "Social care",
    ("EteArranged", "yes"): "Yes",
    ("EteArranged", "no"): "No",
    ("EteArranged", "not_applicable"): "Not applicable (retired, unfit for work or similar)",
    ("Anchor", "erd"): "earliest release date (ERD)",
    ("Anchor", "reception"): "reception date",
    ("Anchor", "oasys"): "last OASys assessment",
}


class _Choices(enum.StrEnum):
    """A string enum with en-GB labels and Django-style ``choices()``."""

    @property
    def label(self) -> str:
        key = (type(self).__name__, self.value)
        return _LABELS.get(key, self.value.replace("_", " ").capitalize())

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        """``[(value, label), ...]`` for a model field's ``choices``."""
        return [(member.value, member.label) for member in cls]


class SentenceType(_Choices):
    DETERMINATE = "determinate"
    INDETERMINATE = "indeterminate"
    RECALL = "recall"
    REMAND = "remand"


class OffenceCategory(_Choices):
    SEXUAL = "sexual"
    VIOLENT = "violent"
    OTHER = "other"


class RiskLevel(_Choices):
    """RoSH (risk of serious harm) and OSP (sexual reoffending predictor) levels."""

    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    VERY_HIGH = "very_high"


class AccommodationStatus(_Choices):
    SETTLED = "settled"
    TEMPORARY = "temporary"
    APPROVED_PREMISES = "approved_premises"
    CAS3 = "cas3"
    NONE = "none"
    UNKNOWN = "unknown"


class HealthNeed(_Choices):
    """A health or care need that continues after release (several may be recorded)."""

    PHYSICAL = "physical"
    MENTAL = "mental"
    SUBSTANCE = "substance"
    SOCIAL_CARE = "social_care"


class EteArranged(_Choices):
    """Whether employment, training or education was arranged for release."""

    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"


class ErdSource(_Choices):
    """Which date the earliest release date came from."""

    CONFIRMED_RELEASE_DATE = "confirmed_release_date"
    PED = "ped"
    ARD = "ard"
    CRD = "crd"
    TED = "ted"
    THD = "thd"


class Status(_Choices):
    NOT_APPLICABLE = "not_applicable"
    MET = "met"
    MET_LATE = "met_late"
    EXEMPT = "exempt"
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    NOT_YET_DUE = "not_yet_due"


class Authority(_Choices):
    """Whether a deadline is national policy or a local default the prison may change."""

    NATIONAL_POLICY = "national_policy"
    LOCAL_DEFAULT = "local_default"


class Severity(_Choices):
    """How much a missed deadline matters, used to order alerts (high first): high for
    public protection, licence and housing on release; low for what can slip without
    putting anyone at risk."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def rank(self) -> int:
        """0 for high, 1 for medium, 2 for low (sorts the most severe first)."""
        return _SEVERITY_RANK[self]


_SEVERITY_RANK: Final = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


class Anchor(_Choices):
    """What a rule counts from."""

    ERD = "erd"
    RECEPTION = "reception"
    OASYS = "oasys"


class Direction(_Choices):
    BEFORE = "before"
    AFTER = "after"


_INT_LABELS: Final[dict[tuple[str, int], str]] = {
    ("MappaCategory", 1): "Category 1: registered sexual offenders",
    ("MappaCategory", 2): "Category 2: violent offenders",
    ("MappaCategory", 3): "Category 3: other dangerous offenders",
    ("MappaLevel", 1): "Level 1: ordinary agency management",
    ("MappaLevel", 2): "Level 2: multi-agency management",
    ("MappaLevel", 3): "Level 3: multi-agency management with senior oversight",
}


class _IntChoices(enum.IntEnum):
    """An integer enum with en-GB labels and Django-style ``choices()``."""

    @property
    def label(self) -> str:
        return _INT_LABELS[(type(self).__name__, self.value)]

    @classmethod
    def choices(cls) -> list[tuple[int, str]]:
        """``[(value, label), ...]`` for a model field's ``choices``."""
        return [(member.value, member.label) for member in cls]


class MappaCategory(_IntChoices):
    CATEGORY_1 = 1
    CATEGORY_2 = 2
    CATEGORY_3 = 3


class MappaLevel(_IntChoices):
    LEVEL_1 = 1
    LEVEL_2 = 2
    LEVEL_3 = 3


#: Sentence types that count as sentenced (remand does not).
SENTENCED: Final = frozenset(
    {SentenceType.DETERMINATE, SentenceType.INDETERMINATE, SentenceType.RECALL}
)
