"""The demo world: Littlehey, Stafford and Dartmoor calibrated to figures published about
them (``docs/demo-data.md``, "Calibration"), and two designated resettlement prisons men
transfer to.

``docs/demo-data.md`` explains each figure and its source. Everything is fictional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from saferelease.demo.generator import (
    PrisonNumbers,
    PrisonProfile,
    Trend,
    allocate_poms,
    flat,
    generate_establishment,
)
from saferelease.demo.users import DEMO_POM_TEAM, DEMO_USERS

#: Designated resettlement prisons men transfer to (real active male establishments).
RESETTLEMENT_PRISONS: Final = ("PBI", "NMI")

LITTLEHEY: Final = PrisonProfile(
    # "more than 1,200 men convicted of sex offences"; ~30 discharged a month; nearly half
    # 4-10 years, over a third over 10; ~150 indeterminate; nearly half over 50; three
    # quarters high or very high RoSH; 252 of 575 not in treatment (men in denial).
    code="LTI",
    population=1215,
    releases_per_month=30,
    sexual_share=0.99,
    over_50_share=0.47,
    indeterminate=140,
    bands=(0.05, 0.68, 0.27),
    recall_share=0.01,
    high_rosh_share=0.75,
    mappa_share_non_sexual=0.6,
    maintains_innocence_share=0.42,
    not_suitable_share=0.2,
    # Littlehey improves: a new OASys process, MAPPA levels set earlier, fewer homeless.
    denial_work=Trend(0.04, 0.25),
    homeless_on_release=Trend(0.10, 0.03),
    temporary_on_release=Trend(0.16, 0.08),
    mappa_on_time=Trend(0.30, 0.75),
    oasys_current=Trend(0.50, 0.85),
    on_time=Trend(0.45, 0.75),
    transfer_rate=Trend(0.03, 0.12),
    exemption_share=0.08,
    # An older population: more physical and social care needs, fewer substance misuse;
    # discharge clinics started after 2015 (5.56), so plans are more often on time.
    health_needs=(0.2, 0.18, 0.06, 0.04),
    discharge_plan_on_time=Trend(0.4, 0.8),
    # Links between the careers service and the OMU were weak in 2015 (5.54) and improve.
    careers_advice=Trend(0.35, 0.7),
    ete_arranged=Trend(0.15, 0.35),
)

STAFFORD: Final = PrisonProfile(
    # 20-25 released a month; more than 10% of discharges homeless (one a high-risk sex
    # offender); two thirds ineligible for the treatment programme. No improvement.
    code="SFI",
    population=750,
    releases_per_month=22.5,
    sexual_share=0.9,
    over_50_share=0.38,
    indeterminate=60,
    bands=(0.28, 0.5, 0.22),
    recall_share=0.03,
    high_rosh_share=0.55,
    mappa_share_non_sexual=0.45,
    maintains_innocence_share=0.38,
    not_suitable_share=0.48,
    denial_work=flat(0.04),
    homeless_on_release=flat(0.14),
    temporary_on_release=flat(0.22),
    mappa_on_time=flat(0.42),
    oasys_current=flat(0.6),
    on_time=flat(0.5),
    transfer_rate=flat(0.03),
    exemption_share=0.05,
    discharge_plan_on_time=flat(0.45),
)

DARTMOOR: Final = PrisonProfile(
    # About 633 men, 440 (70%) sexual offences; over 200 released a year; nearly one in
    # five not under MAPPA; not a resettlement prison and no transfers; many homeless.
    code="DAI",
    population=633,
    releases_per_month=18.5,
    sexual_share=0.695,
    over_50_share=0.33,
    indeterminate=55,
    bands=(0.3, 0.48, 0.22),
    recall_share=0.03,
    high_rosh_share=0.6,
    mappa_share_non_sexual=0.4,
    maintains_innocence_share=0.35,
    not_suitable_share=0.4,
    denial_work=flat(0.03),
    homeless_on_release=Trend(0.12, 0.15),
    temporary_on_release=flat(0.25),
    mappa_on_time=Trend(0.40, 0.33),
    oasys_current=flat(0.5),
    on_time=Trend(0.50, 0.45),
    transfer_rate=flat(0.01),
    exemption_share=0.04,
)


def _resettlement_profile(code: str) -> PrisonProfile:
    return PrisonProfile(
        code=code,
        population=330,
        releases_per_month=24,
        sexual_share=0.12,
        violent_share_of_rest=0.45,
        over_50_share=0.15,
        indeterminate=8,
        bands=(0.7, 0.25, 0.05),
        recall_share=0.12,
        remand_share=0.2,
        high_rosh_share=0.3,
        mappa_share_non_sexual=0.15,
        maintains_innocence_share=0.2,
        homeless_on_release=flat(0.08),
        temporary_on_release=flat(0.15),
        mappa_on_time=flat(0.6),
        oasys_current=flat(0.7),
        on_time=flat(0.65),
        designated_resettlement=True,
        local=True,
    )


PETERBOROUGH: Final = _resettlement_profile("PBI")
NOTTINGHAM: Final = _resettlement_profile("NMI")

SEED_PRISONS: Final = (LITTLEHEY, STAFFORD, DARTMOOR)
PROFILES: Final = (*SEED_PRISONS, PETERBOROUGH, NOTTINGHAM)
DEMO_CODES: Final = tuple(p.code for p in PROFILES)


@dataclass(frozen=True)
class EstablishmentSettings:
    designated_resettlement: bool
    programme_places: int | None


#: What the demo sets on each establishment. Littlehey's places are the 2015 action plan's
#: 54 core SOTP + 9 extended + 3 HSP + 70 TSP; the others are fictional demo values.
ESTABLISHMENT_SETTINGS: Final = {
    "LTI": EstablishmentSettings(False, 54 + 9 + 3 + 70),
    "SFI": EstablishmentSettings(False, 60),
    "DAI": EstablishmentSettings(False, 40),
    "PBI": EstablishmentSettings(True, 30),
    "NMI": EstablishmentSettings(True, 30),
}


def demo_poms() -> dict[str, tuple[str, ...]]:
    """Demo caseworker usernames by establishment code: the sign-in POMs and their teams."""
    poms: dict[str, list[str]] = {}
    for user in (*DEMO_USERS, *DEMO_POM_TEAM):
        if user.role == "caseworker":
            for code in user.establishments:
                poms.setdefault(code, []).append(user.username)
    return {code: tuple(names) for code, names in poms.items()}


def demo_world(as_of: dt.date) -> list[dict[str, Any]]:
    """Every prisoner of the demo world at ``as_of``: in custody and released over the last
    24 months, with POMs allocated to the demo caseworkers. Deterministic."""
    numbers = PrisonNumbers()
    rows: list[dict[str, Any]] = []
    for profile in PROFILES:
        transfers = RESETTLEMENT_PRISONS if profile in SEED_PRISONS else ()
        rows.extend(
            generate_establishment(profile, as_of=as_of, numbers=numbers, transfers_to=transfers)
        )
    allocate_poms(rows, demo_poms(), as_of)
    return rows
