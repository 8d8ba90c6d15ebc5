"""The columns of the prisoner file, as ``docs/prisoner-csv.md`` documents them."""

from __future__ import annotations

import re
from typing import Final

#: Every column of the contract, in the documented order. Each is a ``Prisoner`` field.
COLUMNS: Final[tuple[str, ...]] = (
    "prison_number",
    "given_name",
    "family_name",
    "date_of_birth",
    "establishment",
    "reception_date",
    "sentence_type",
    "sentence_start_date",
    "sed",
    "led",
    "crd",
    "ard",
    "ped",
    "hdced",
    "ted",
    "thd",
    "tused",
    "confirmed_release_date",
    "offence_category",
    "rosh",
    "osp",
    "oasys_completed_date",
    "mappa_category",
    "mappa_level",
    "mappa_level_set_date",
    "com_allocated_date",
    "irmt_review_date",
    "accommodation_status",
    "accommodation_confirmed_date",
    "ap_application_date",
    "duty_to_refer_date",
    "resettlement_plan_date",
    "resettlement_transfer_date",
    "resettlement_transfer_exemption",
    "licence_approved_date",
    "maintains_innocence",
    "programme_status",
    "released_on",
    "accommodation_on_release",
)
#: Columns every file must have (``establishment`` may be left out when a default
#: establishment is given: every row then takes the default).
REQUIRED_COLUMNS: Final[tuple[str, ...]] = COLUMNS[:7]
#: Columns that must have a value in every row (``establishment`` may be empty when a
#: default establishment is given).
REQUIRED_VALUES: Final[frozenset[str]] = frozenset(REQUIRED_COLUMNS)

DATE_COLUMNS: Final[frozenset[str]] = frozenset(
    name for name in COLUMNS if name.endswith("_date") or name in {"date_of_birth", "released_on"}
) | frozenset({"sed", "led", "crd", "ard", "ped", "hdced", "ted", "thd", "tused"})

#: The two columns read by name rather than converted: they key the row.
KEY_COLUMNS: Final[frozenset[str]] = frozenset({"prison_number", "establishment"})

#: The shape of an agency code, as ``Establishment.code`` validates it (most are three
#: letters; the register also has STC3, ZZGHI). Whether it exists is for the service.
ESTABLISHMENT_CODE_RE: Final = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
