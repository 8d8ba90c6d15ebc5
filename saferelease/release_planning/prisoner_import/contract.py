"""The columns of the prisoner file, as ``docs/prisoner-csv.md`` documents them: derived from
the prisoner facts catalogue (``saferelease/deadlines/catalogue.py``)."""

from __future__ import annotations

import re
from typing import Final

from saferelease.deadlines.catalogue import CSV_COLUMNS, CSV_REQUIRED_COLUMNS, FACTS_BY_NAME, Kind

#: Every column of the contract, in the documented order (the prisoner facts catalogue's
#: columns). Each is a ``Prisoner`` field.
COLUMNS: Final[tuple[str, ...]] = CSV_COLUMNS
#: Columns every file must have (``establishment`` may be left out when a default
#: establishment is given: every row then takes the default).
REQUIRED_COLUMNS: Final[tuple[str, ...]] = CSV_REQUIRED_COLUMNS
#: Columns that must have a value in every row (``establishment`` may be empty when a
#: default establishment is given).
REQUIRED_VALUES: Final[frozenset[str]] = frozenset(REQUIRED_COLUMNS)

DATE_COLUMNS: Final[frozenset[str]] = frozenset(
    name for name in COLUMNS if FACTS_BY_NAME[name].kind == Kind.DATE
)

#: The two columns read by name rather than converted: they key the row.
KEY_COLUMNS: Final[frozenset[str]] = frozenset({"prison_number", "establishment"})

#: The shape of an agency code, as ``Establishment.code`` validates it (most are three
#: letters; the register also has STC3, ZZGHI). Whether it exists is for the service.
ESTABLISHMENT_CODE_RE: Final = re.compile(r"^[A-Z][A-Z0-9]{1,9}$")
