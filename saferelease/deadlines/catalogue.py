"""Every fact about a prisoner the product stores, declared once, in :data:`FACTS`.

A :class:`Fact` says what kind of value it is, how screens label it, whether it is a
column of the prisoner file (``docs/prisoner-csv.md``) and a required one, whether staff
may change it through forms and the API, whether it is a key date from sentence
calculation (changes to key dates are kept), and whether the deadline rules read it.

Everything else is derived from this list: the prisoner file's columns and required
columns (``release_planning/prisoner_import/contract.py``), the editable fields
(``release_planning/services.py``), the key dates and their labels
(``release_planning/models.py``), the fields of :class:`PrisonerFacts` (generated into
``facts.py``), the data-quality checks' short names (``release_planning/quality.py``) and
the fields of a generated demo prisoner (``demo/generator.py``). The order is the prisoner
file's, with what the file does not carry (COM name and team, POM) before the release
outcome. ``test_catalogue.py`` checks the list against the ``Prisoner`` model.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

__all__ = [
    "CSV_COLUMNS",
    "CSV_REQUIRED_COLUMNS",
    "EDITABLE",
    "FACTS",
    "FACTS_BY_NAME",
    "KEY_DATES",
    "RECORD",
    "RULE_FACTS",
    "Column",
    "Fact",
    "Kind",
    "Read",
]


class Kind(enum.StrEnum):
    """What kind of value a fact holds."""

    TEXT = "text"  # free text; "" when not recorded
    CHOICE = "choice"  # one value of a vocabulary, stored as text; "" when not recorded
    #: any number of values of a vocabulary, stored as text separated by ";" in the
    #: vocabulary's order; "" for none
    CHOICES = "choices"
    NUMBER = "number"  # a small whole number from a vocabulary (MAPPA); None when not recorded
    DATE = "date"  # None when not recorded
    YES_NO = "yes_no"
    REFERENCE = "reference"  # another record: the establishment, the POM


class Column(enum.StrEnum):
    """Whether a fact is a column of the prisoner file (named as the fact)."""

    NONE = "none"
    OPTIONAL = "optional"
    REQUIRED = "required"  # every file has the column and every row a value


class Read(enum.StrEnum):
    """Whether the deadline rules read a fact (it is then a :class:`PrisonerFacts` field)."""

    NO = "no"
    YES = "yes"  # may be unknown: None, or "" for free text, False for yes/no
    REQUIRED = "required"  # no rule can be evaluated without it


@dataclass(frozen=True, slots=True)
class Fact:
    """One fact about a prisoner. ``name`` is the ``Prisoner`` field (and the file's column
    and the :class:`PrisonerFacts` field); ``label`` is how screens name it; ``short`` is
    its abbreviation, for key dates ("SED"). ``on_record`` is False for a fact that comes
    from elsewhere (whether his prison is a resettlement prison)."""

    name: str
    kind: Kind
    label: str
    column: Column = Column.OPTIONAL
    editable: bool = False
    key_date: bool = False
    read: Read = Read.NO
    short: str = ""
    on_record: bool = True


def _key_date(name: str, label: str, short: str) -> Fact:
    """A key date from sentence calculation: stored as given, editable, its changes kept,
    read by the rules."""
    return Fact(name, Kind.DATE, label, editable=True, key_date=True, read=Read.YES, short=short)


def _completion(name: str, label: str) -> Fact:
    """The date something was done (a rule's completion): editable, read by the rules."""
    return Fact(name, Kind.DATE, label, editable=True, read=Read.YES)


#: Every fact, in the prisoner file's order.
FACTS: Final[tuple[Fact, ...]] = (
    # Who he is and where.
    Fact("prison_number", Kind.TEXT, "Prison number", Column.REQUIRED),
    Fact("given_name", Kind.TEXT, "Given name", Column.REQUIRED),
    Fact("family_name", Kind.TEXT, "Family name", Column.REQUIRED),
    Fact("date_of_birth", Kind.DATE, "Date of birth", Column.REQUIRED),
    Fact("establishment", Kind.REFERENCE, "Establishment", Column.REQUIRED),
    Fact("reception_date", Kind.DATE, "Reception date", Column.REQUIRED, read=Read.YES),
    # His sentence.
    Fact("sentence_type", Kind.CHOICE, "Sentence type", Column.REQUIRED, read=Read.REQUIRED),
    Fact("sentence_start_date", Kind.DATE, "Sentence start date", editable=True, read=Read.YES),
    _key_date("sed", "Sentence expiry date (SED)", "SED"),
    _key_date("led", "Licence expiry date (LED)", "LED"),
    _key_date("crd", "Conditional release date (CRD)", "CRD"),
    _key_date("ard", "Automatic release date (ARD)", "ARD"),
    _key_date("ped", "Parole eligibility date (PED)", "PED"),
    _key_date("hdced", "Home detention curfew eligibility date (HDCED)", "HDCED"),
    _key_date("ted", "Tariff expiry date (TED)", "TED"),
    _key_date("thd", "Target hearing date (THD)", "THD"),
    _key_date("tused", "Top-up supervision expiry date (TUSED)", "TUSED"),
    _key_date("confirmed_release_date", "Confirmed release date", ""),
    # Risk and public protection.
    Fact("offence_category", Kind.CHOICE, "Offence category", editable=True, read=Read.YES),
    Fact("rosh", Kind.CHOICE, "RoSH", editable=True, read=Read.YES),
    Fact("osp", Kind.CHOICE, "OSP", editable=True, read=Read.YES),
    _completion("oasys_completed_date", "OASys last completed"),
    Fact("mappa_category", Kind.NUMBER, "Mappa category", editable=True, read=Read.YES),
    Fact("mappa_level", Kind.NUMBER, "Mappa level", editable=True, read=Read.YES),
    _completion("mappa_level_set_date", "Mappa level set date"),
    _completion("com_allocated_date", "COM allocated"),
    _completion("irmt_review_date", "IRMT review"),
    # Accommodation and resettlement.
    Fact("accommodation_status", Kind.CHOICE, "Accommodation status", editable=True, read=Read.YES),
    _completion("accommodation_confirmed_date", "Release address confirmed"),
    _completion("ap_application_date", "Approved premises application"),
    _completion("duty_to_refer_date", "Duty to refer"),
    _completion("resettlement_plan_date", "Resettlement plan"),
    _completion("resettlement_transfer_date", "Resettlement transfer"),
    Fact(
        "resettlement_transfer_exemption",
        Kind.TEXT,
        "Resettlement transfer exemption reason",
        editable=True,
        read=Read.YES,
    ),
    _completion("licence_approved_date", "Licence approved"),
    # Offending behaviour.
    Fact("maintains_innocence", Kind.YES_NO, "Maintains innocence", editable=True),
    Fact("programme_status", Kind.CHOICE, "Programme status", editable=True),
    # Health and care needs that continue after release, and the discharge plan for them.
    Fact("health_needs", Kind.CHOICES, "Health needs", editable=True, read=Read.YES),
    _completion("discharge_plan_date", "Health discharge plan"),
    # Work on release: careers advice and employment, training or education arranged.
    _completion("careers_advice_date", "Careers advice"),
    Fact("ete_on_release", Kind.CHOICE, "ETE arranged at release", editable=True, read=Read.YES),
    # Not in the prisoner file: the community offender manager and the POM.
    Fact("com_name", Kind.TEXT, "COM name", Column.NONE, editable=True),
    Fact("com_team", Kind.TEXT, "COM team", Column.NONE, editable=True),
    Fact("pom", Kind.REFERENCE, "POM", Column.NONE),
    # From NOMIS through the Prisoner Search sync only (docs/prisoner-search-sync.md).
    Fact("most_serious_offence", Kind.TEXT, "Most serious offence", Column.NONE),
    # The outcome, kept after release.
    Fact("released_on", Kind.DATE, "Released on", read=Read.YES),
    Fact("accommodation_on_release", Kind.CHOICE, "Accommodation on release"),
    # No longer held at his establishment (set by the Prisoner Search sync): kept, not deleted.
    Fact("transferred_out_on", Kind.DATE, "Transferred out on", Column.NONE),
    # From his establishment's designation, not his record.
    Fact(
        "in_resettlement_prison",
        Kind.YES_NO,
        "Held in a designated resettlement prison",
        Column.NONE,
        read=Read.YES,
        on_record=False,
    ),
)

#: The same facts by name.
FACTS_BY_NAME: Final[MappingProxyType[str, Fact]] = MappingProxyType(
    {fact.name: fact for fact in FACTS}
)
#: The prisoner file's columns, in the documented order.
CSV_COLUMNS: Final[tuple[str, ...]] = tuple(f.name for f in FACTS if f.column != Column.NONE)
#: Columns every file must have, with a value in every row.
CSV_REQUIRED_COLUMNS: Final[tuple[str, ...]] = tuple(
    f.name for f in FACTS if f.column == Column.REQUIRED
)
#: What staff may change through forms and the API (identity, establishment and the
#: sentence type are changed by import only; the POM and the release by their own forms).
EDITABLE: Final[frozenset[str]] = frozenset(f.name for f in FACTS if f.editable)
#: Key dates from sentence calculation, whose changes are kept.
KEY_DATES: Final[tuple[str, ...]] = tuple(f.name for f in FACTS if f.key_date)
#: The facts a ``Prisoner`` record holds (model field names).
RECORD: Final[tuple[str, ...]] = tuple(f.name for f in FACTS if f.on_record)
#: The facts the deadline rules read, in :class:`PrisonerFacts` order: those the rules
#: require first, then the others in the list's order.
RULE_FACTS: Final[tuple[Fact, ...]] = tuple(
    sorted(
        (f for f in FACTS if f.read != Read.NO),
        key=lambda f: f.read != Read.REQUIRED,
    )
)


def _field_type(fact: Fact) -> str:
    """The annotation (and default) of a fact's :class:`PrisonerFacts` field."""
    if fact.read == Read.REQUIRED and fact.kind in (Kind.TEXT, Kind.CHOICE):
        return "str"
    unknown = {
        Kind.DATE: "dt.date | None = None",
        Kind.CHOICE: "str | None = None",
        Kind.NUMBER: "int | None = None",
        Kind.TEXT: 'str = ""',
        Kind.CHOICES: 'str = ""',
        Kind.YES_NO: "bool = False",
    }
    if fact.read != Read.YES or fact.kind not in unknown:
        raise ValueError(f"{fact.name}: the rules cannot read a {fact.kind} fact this way")
    return unknown[fact.kind]


def prisoner_facts_fields() -> str:
    """The fields of :class:`PrisonerFacts`, as they are written between the markers in
    ``facts.py`` (``test_catalogue.py`` checks they match)."""
    return "\n".join(f"    {fact.name}: {_field_type(fact)}" for fact in RULE_FACTS)
