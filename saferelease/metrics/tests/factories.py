"""A hand-made population for the metrics tests: fictional men, every answer known."""

from __future__ import annotations

import datetime as dt
from typing import Any

from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.tests.factories import make_prisoner

D = dt.date
#: The period every population test uses.
START, END = D(2025, 1, 1), D(2025, 12, 31)

NEUTRAL: dict[str, Any] = {
    "date_of_birth": D(1990, 6, 1),
    "reception_date": D(2024, 1, 10),
    "sentence_type": "determinate",
    "sentence_start_date": D(2024, 1, 1),
    "sed": D(2030, 1, 1),
    "crd": D(2027, 1, 1),
    "offence_category": "other",
    "rosh": "",
    "oasys_completed_date": None,
}


def man(**fields: Any) -> Prisoner:
    return make_prisoner(**(NEUTRAL | fields))


def released(on: dt.date, **fields: Any) -> Prisoner:
    """A determinate man released on his CRD, sentence start long before."""
    defaults = {"crd": on, "released_on": on, "sentence_start_date": D(2022, 1, 1)}
    return man(**(defaults | fields))


def littlehey_population() -> None:
    """Six men in custody at 31 December 2025 and four released in 2025 (see the tests)."""
    # In custody at the period end.
    man(  # A
        offence_category="sexual",
        date_of_birth=D(1970, 1, 1),
        sentence_start_date=D(2024, 1, 1),
        sed=D(2027, 12, 31),
        rosh="high",
        oasys_completed_date=D(2025, 6, 1),
        maintains_innocence=True,
        programme_status="alternative_work",
    )
    man(  # B
        offence_category="sexual",
        date_of_birth=D(1976, 1, 1),
        sentence_start_date=D(2024, 1, 1),
        sed=D(2028, 1, 1),
        rosh="very_high",
        oasys_completed_date=D(2025, 1, 1),
        maintains_innocence=True,
    )
    man(  # C
        offence_category="violent",
        date_of_birth=D(1975, 12, 31),
        sentence_type="indeterminate",
        crd=None,
        sed=None,
        ted=D(2030, 1, 1),
        rosh="medium",
        oasys_completed_date=D(2024, 12, 31),
        programme_status="on_programme",
    )
    man(sentence_type="remand", sentence_start_date=None, crd=None, sed=None)  # D
    man(  # E
        offence_category="sexual",
        sentence_start_date=D(2020, 1, 1),
        sed=D(2031, 1, 2),
        rosh="low",
        oasys_completed_date=D(2026, 2, 1),
        programme_status="submitted",
    )
    man(sentence_start_date=None, offence_category="")  # F
    # Not in the period: received after it, released before it.
    man(reception_date=D(2026, 1, 5))
    released(D(2024, 12, 31))
    # Released in the period.
    released(  # R1
        D(2025, 7, 31),
        mappa_category=1,
        mappa_level=1,
        mappa_level_set_date=D(2025, 1, 31),
        accommodation_on_release="none",
        rosh="high",
        com_allocated_date=D(2024, 11, 1),
        resettlement_transfer_date=D(2025, 5, 1),
    )
    released(  # R2
        D(2025, 8, 31),
        mappa_category=2,
        mappa_level=2,
        mappa_level_set_date=D(2025, 3, 1),
        accommodation_on_release="temporary",
        com_allocated_date=D(2025, 6, 1),
        resettlement_transfer_exemption="Lives near Littlehey",
    )
    released(  # R3
        D(2025, 3, 15),
        accommodation_on_release="settled",
        rosh="low",
        resettlement_transfer_date=D(2025, 3, 1),
    )
    released(  # R4
        D(2025, 10, 1),
        mappa_category=1,
        accommodation_on_release="cas3",
        com_allocated_date=D(2025, 1, 1),
    )
