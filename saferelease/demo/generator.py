# ruff: noqa: S311 - seeded pseudo-random numbers are the point: synthetic, reproducible data
"""The deterministic synthetic prisoner generator. Every person it makes is fictional.

Names come only from Faker (locale ``en_GB``) seeded with a fixed seed; everything else
from ``random.Random`` instances seeded from the fixed seed, the establishment code and
the prisoner's index. Nothing is read from any real record.

Every date is computed relative to ``as_of`` (the demo passes today's date), so the world
always looks current; the random draws never depend on ``as_of``, so the same seed gives
the same prison numbers and names on any day, and the same rows for the same ``as_of``.

A generated prisoner is a ``dict`` keyed by ``Prisoner`` field names (the establishment as
its code and the POM as a username or ``None``), with model-ready values: empty text fields
are ``""``. Key dates are consistent with each other (PED before CRD, CRD before SED, SED on
or before LED, HDCED before CRD, TED before the THD after tariff expiry...), and
completion dates are drawn against the due dates of the deadline engine itself
(``saferelease.deadlines.RULES``) so that every status occurs: met, met late, missing
(overdue), due soon, not yet due, exempt and not applicable.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any, Final

from faker import Faker

from saferelease.core.calendar import add_months
from saferelease.deadlines import (
    RULES,
    PrisonerFacts,
    Rule,
    earliest_release_date,
    facts_from_record,
)
from saferelease.deadlines.catalogue import FACTS_BY_NAME, RECORD, Column, Kind
from saferelease.deadlines.rules import (
    health_discharge_plan,
    licence_approved,
    mappa_level_set,
    oasys_current,
    release_address,
    resettlement_transfer,
)
from saferelease.deadlines.vocabularies import HealthNeed
from saferelease.release_planning.models import HEALTH_NEEDS_SEPARATOR, ProgrammeStatus

#: The fixed seed of the whole synthetic world.
SEED: Final = 20160531
FAKER_LOCALE: Final = "en_GB"
YEAR: Final = 365.25

#: Every field a generated prisoner carries: the facts a ``Prisoner`` record holds, in the
#: catalogue's order (``saferelease/deadlines/catalogue.py``).
FIELDS: Final[tuple[str, ...]] = RECORD
#: Text fields, which a model stores as "" when nothing is recorded.
_TEXT_FIELDS: Final = tuple(
    name
    for name in FIELDS
    if FACTS_BY_NAME[name].kind in (Kind.TEXT, Kind.CHOICE, Kind.CHOICES)
    and FACTS_BY_NAME[name].column != Column.REQUIRED
)
#: Rules whose completion has a step of its own (OASys in ``_oasys``, MAPPA with the level it
#: sets, the release address for the accommodation it needs, the transfer itself in
#: ``generate_establishment``, the health discharge plan with the needs it plans for in
#: ``_health``, from a random stream of its own so the rest of the world is unchanged);
#: every other rule's completion is drawn against its due date
#: in ``_completions``, in ``RULES`` order, so a new rule gets completions without a change
#: here.
_OWN_STEPS: Final = frozenset(
    {
        oasys_current.RULE,
        mappa_level_set.RULE,
        release_address.RULE,
        resettlement_transfer.RULE,
        health_discharge_plan.RULE,
    }
)
#: Exemption reasons recorded for the resettlement-transfer rule (fictional, typical).
TRANSFER_EXEMPTIONS: Final = (
    "Release area is local to this prison",
    "MAPPA level 3: kept here for IRMT oversight before release",
    "Parole hearing pending: transfer would delay the hearing",
    "Programme place: completing treatment before release",
    "No place at the resettlement prison for the release area",
)
COM_TEAMS: Final = (
    "Cambridgeshire and Peterborough PDU",
    "Staffordshire North PDU",
    "Devon and Torbay PDU",
    "Nottingham City PDU",
    "Birmingham Central PDU",
    "Bristol and South Gloucestershire PDU",
    "Norfolk PDU",
    "Plymouth PDU",
)


@dataclass(frozen=True)
class Trend:
    """A share that moves linearly from ``start`` (24 months ago) to ``end`` (now)."""

    start: float
    end: float

    def at(self, t: float) -> float:
        return self.start + (self.end - self.start) * min(max(t, 0.0), 1.0)


def flat(value: float) -> Trend:
    return Trend(value, value)


@dataclass(frozen=True)
class PrisonProfile:
    """How to generate one establishment's population and release history."""

    code: str
    population: int
    releases_per_month: float
    sexual_share: float
    violent_share_of_rest: float = 0.6
    over_50_share: float = 0.2
    indeterminate: int = 0
    #: Shares of determinate sentences: under 4 years, 4 to 10, over 10.
    bands: tuple[float, float, float] = (0.5, 0.35, 0.15)
    recall_share: float = 0.02
    remand_share: float = 0.0
    high_rosh_share: float = 0.4
    #: Share of non-sexual offenders managed under MAPPA (category 2 or 3).
    mappa_share_non_sexual: float = 0.3
    maintains_innocence_share: float = 0.3  # of sexual offenders
    not_suitable_share: float = 0.35  # of men not maintaining innocence
    denial_work: Trend = field(default_factory=lambda: flat(0.05))
    homeless_on_release: Trend = field(default_factory=lambda: flat(0.1))
    temporary_on_release: Trend = field(default_factory=lambda: flat(0.15))
    mappa_on_time: Trend = field(default_factory=lambda: flat(0.5))
    oasys_current: Trend = field(default_factory=lambda: flat(0.7))
    on_time: Trend = field(default_factory=lambda: flat(0.6))
    #: Share of determinate releases that went through a resettlement prison.
    transfer_rate: Trend = field(default_factory=lambda: flat(0.05))
    exemption_share: float = 0.08
    designated_resettlement: bool = False
    #: Cat C training prisons receive men after sentence; locals receive them on remand.
    local: bool = False
    female: bool = False
    history_months: int = 24
    #: Shares of men with each health need continuing after release (physical, mental,
    #: substance, social care); physical needs and social care are twice as common over 50.
    health_needs: tuple[float, float, float, float] = (0.14, 0.2, 0.12, 0.02)
    #: Share of health discharge plans complete by their due date.
    discharge_plan_on_time: Trend = field(default_factory=lambda: flat(0.55))
    #: Share of men who saw a careers adviser before release, and of releases (of men
    #: able to work) with employment, training or education arranged.
    careers_advice: Trend = field(default_factory=lambda: flat(0.6))
    ete_arranged: Trend = field(default_factory=lambda: flat(0.3))


# =========================================================================================
# Helpers
# =========================================================================================


def _days(n: float) -> dt.timedelta:
    return dt.timedelta(days=round(n))


def _years(n: float) -> dt.timedelta:
    return dt.timedelta(days=round(n * YEAR))


def prisoner_rng(code: str, index: int, salt: str = "") -> random.Random:
    """The random stream of one prisoner (string seeds are hashed stably by Python)."""
    return random.Random(f"{SEED}:{code}:{salt}:{index}")


@dataclass(frozen=True)
class NamePool:
    """Fictional names made by Faker (en_GB) with the fixed seed, drawn per prisoner.

    Faker's weighted draws are slow at national scale, so Faker fills the pools once and
    each prisoner draws from them with his own random stream: his name then does not
    depend on how many people were generated before him.
    """

    male: tuple[str, ...]
    female: tuple[str, ...]
    family: tuple[str, ...]

    def person(self, rng: random.Random, *, female: bool = False) -> tuple[str, str]:
        given = rng.choice(self.female if female else self.male)
        return given, rng.choice(self.family)


@cache
def name_pool(seed: int = SEED) -> NamePool:
    """The name pools: Faker, locale en_GB, seeded with ``seed``; nothing else."""
    fake = Faker(FAKER_LOCALE)
    fake.seed_instance(seed)
    return NamePool(
        male=tuple(fake.first_name_male() for _ in range(1500)),
        female=tuple(fake.first_name_female() for _ in range(800)),
        family=tuple(fake.last_name() for _ in range(4000)),
    )


class PrisonNumbers:
    """Unique NOMIS-format prison numbers (A1234BC), deterministic per seed."""

    def __init__(self, seed: int = SEED) -> None:
        self._rng = random.Random(seed)
        self._used: set[str] = set()

    def next(self) -> str:
        letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
        while True:
            number = (
                self._rng.choice("AAAAGGGB")
                + f"{self._rng.randrange(10000):04d}"
                + self._rng.choice(letters)
                + self._rng.choice(letters)
            )
            if number not in self._used:
                self._used.add(number)
                return number


def _facts(p: dict[str, Any], *, in_resettlement_prison: bool) -> PrisonerFacts:
    return facts_from_record(p, in_resettlement_prison=in_resettlement_prison)


def _complete(
    rng: random.Random,
    *,
    due: dt.date,
    ref: dt.date,
    floor: dt.date,
    on_time: float,
    late_fraction: float = 0.6,
    early: float = 0.12,
    early_horizon: int = 120,
) -> dt.date | None:
    """A completion date drawn against a due date, as known at ``ref``: on time, late or
    missing once due; occasionally early when not yet due. Never after ``ref``."""
    if due <= ref:
        u = rng.random()
        if u < on_time:
            done = due - _days(rng.randint(0, 45))
            return min(max(done, floor), due, ref)
        if u < on_time + (1 - on_time) * late_fraction and ref > due:
            return due + _days(rng.randint(1, min(150, (ref - due).days)))
        return None
    if (due - ref).days < early_horizon and rng.random() < early:
        done = ref - _days(rng.randint(0, 25))
        return done if done >= floor else None
    return None


# =========================================================================================
# One prisoner
# =========================================================================================


def _sentence(
    rng: random.Random, profile: PrisonProfile, p: dict[str, Any], *, ref: dt.date, released: bool
) -> None:
    """Sentence type and key dates, consistent with each other and with ``ref`` (as_of for
    men in custody, the release date for released men)."""
    sexual = p["offence_category"] == "sexual"
    violent = p["offence_category"] == "violent"
    u = rng.random()
    indeterminate_share = profile.indeterminate / max(profile.population, 1)
    remand = 0.0 if released else profile.remand_share
    if u < remand:
        p["sentence_type"] = "remand"
        p["reception_date"] = ref - _days(rng.randint(1, 320))
        return
    u = rng.random()
    if u < (indeterminate_share * (0.15 if released else 1.0)):
        _indeterminate(rng, profile, p, ref=ref, released=released)
        return
    if rng.random() < profile.recall_share:
        _recall(rng, p, ref=ref, released=released)
        return
    p["sentence_type"] = "determinate"
    band = rng.choices((0, 1, 2), weights=profile.bands)[0]
    length = (rng.uniform(0.4, 4.0), rng.uniform(4.0, 10.0), rng.uniform(10.0, 20.0))[band]
    extended = (sexual or violent) and band >= 1 and rng.random() < 0.25
    if extended:
        custodial = length
        extension = rng.uniform(2.0, 8.0)
        release_fraction = 1.0
    else:
        custodial = length
        extension = 0.0
        release_fraction = 2 / 3 if (sexual or violent) and length >= 7 else 0.5
    custodial_days = custodial * release_fraction * YEAR
    parole_days = custodial * (2 / 3) * YEAR if extended else None
    erd_days = parole_days if parole_days is not None else custodial_days
    # Where the ERD falls relative to ref.
    if released:
        erd_offset = 0
        if extended and rng.random() < 0.5:
            erd_offset = -rng.randint(0, 400)  # released on parole after the PED
    else:
        near = min(0.9, profile.releases_per_month * 12 / max(profile.population, 1))
        if rng.random() < near or erd_days < 430:
            low = -300 if extended else 1
            erd_offset = rng.randint(low, min(365, max(2, int(erd_days) - 30)))
        else:
            erd_offset = rng.randint(366, int(erd_days) - 30)
    erd = ref + _days(erd_offset)
    start = erd - _days(erd_days)
    p["sentence_start_date"] = start
    if extended:
        p["ped"] = erd
        p["crd"] = start + _days(custodial * YEAR)
        p["sed"] = start + _years(custodial + extension)
        if released:
            p["confirmed_release_date"] = ref
    else:
        release = start + _days(custodial_days)
        if length < 1.0:
            p["ard"] = release
        else:
            p["crd"] = release
        p["sed"] = start + _years(length)
        if not sexual and length < 4.0 and rng.random() < 0.7:
            p["hdced"] = release - _days(min(custodial_days / 2, 180))
        if length < 2.0:
            p["tused"] = add_months(release, 12)
    p["led"] = p["sed"]
    _reception(rng, profile, p, start=start, ref=ref)


def _reception(
    rng: random.Random, profile: PrisonProfile, p: dict[str, Any], *, start: dt.date, ref: dt.date
) -> None:
    if profile.local:
        reception = start - _days(rng.randint(0, 180))
    else:
        served = max((ref - start).days, 0)
        reception = start + _days(served * rng.uniform(0.05, 0.85))
    p["reception_date"] = min(reception, ref - _days(rng.randint(1, 20)))


def _indeterminate(
    rng: random.Random,
    profile: PrisonProfile,
    p: dict[str, Any],
    *,
    ref: dt.date,
    released: bool,
) -> None:
    p["sentence_type"] = "indeterminate"
    tariff = rng.uniform(3.0, 18.0)
    if released:
        ted = ref - _days(rng.randint(30, 2500))
        p["thd"] = ref - _days(rng.randint(30, 120))
        p["confirmed_release_date"] = ref
    elif rng.random() < 0.4:
        ted = ref - _days(rng.randint(1, 3500))  # post-tariff: the next hearing matters
        if rng.random() > 0.03:  # a few have no hearing date (no ERD: a data-quality flag)
            p["thd"] = ref + _days(rng.randint(-40, 540))
    else:
        ted = ref + _days(rng.randint(20, max(30, int((tariff - 0.5) * YEAR))))
        if rng.random() < 0.5:
            p["thd"] = ted - _days(rng.randint(0, 150))
    start = ted - _years(tariff)
    p["ted"] = ted
    p["sentence_start_date"] = start
    _reception(rng, profile, p, start=start, ref=ref)


def _recall(rng: random.Random, p: dict[str, Any], *, ref: dt.date, released: bool) -> None:
    p["sentence_type"] = "recall"
    length = rng.uniform(1.0, 6.0)
    recalled = ref - _days(rng.randint(3, 25) if released else rng.randint(3, 400))
    fixed_term = rng.random() < 0.35 and (released or recalled + _days(28) > ref)
    original_release = recalled - _days(rng.randint(20, int(length * YEAR / 2) - 10))
    start = original_release - _days(length * YEAR / 2)
    sed = start + _years(length)
    if fixed_term:
        confirmed = recalled + _days(28)
        if released:
            confirmed = ref
    else:
        confirmed = sed if not released else ref
    if sed <= max(ref, confirmed):
        sed = max(ref, confirmed) + _days(rng.randint(30, 400))
    p.update(
        sentence_start_date=start,
        crd=original_release,
        sed=sed,
        led=sed,
        confirmed_release_date=confirmed,
        reception_date=recalled,
    )


def _age_and_birth(
    rng: random.Random, profile: PrisonProfile, p: dict[str, Any], *, ref: dt.date
) -> None:
    if rng.random() < profile.over_50_share:
        age = 50 + rng.triangular(0.0, 36.0, 4.0)
    else:
        age = rng.uniform(21.0, 49.9)
    birth = ref - _years(age)
    start = p.get("sentence_start_date") or p["reception_date"]
    if (start - birth).days < 18 * YEAR:
        birth = start - _years(18 + rng.uniform(0.0, 3.0))
    p["date_of_birth"] = birth


def _risk(rng: random.Random, profile: PrisonProfile, p: dict[str, Any]) -> None:
    sexual = p["offence_category"] == "sexual"
    if rng.random() < profile.high_rosh_share:
        p["rosh"] = "very_high" if rng.random() < 0.12 else "high"
    else:
        p["rosh"] = "medium" if rng.random() < 0.8 else "low"
    if sexual:
        bias = {"very_high": 2, "high": 1, "medium": 0, "low": -1}[p["rosh"]]
        levels = ("low", "medium", "high", "very_high")
        index = min(max(rng.choice((0, 1, 1, 2)) + (1 if bias > 0 else 0) + (bias > 1), 0), 3)
        p["osp"] = levels[index]
    if sexual:
        if rng.random() > 0.01:  # about 1% of sexual offenders lack a category: a flag
            p["mappa_category"] = 1
    elif rng.random() < profile.mappa_share_non_sexual:
        p["mappa_category"] = 2 if p["offence_category"] == "violent" else 3


def _programme(rng: random.Random, profile: PrisonProfile, p: dict[str, Any], t: float) -> None:
    sexual = p["offence_category"] == "sexual"
    p["maintains_innocence"] = sexual and rng.random() < profile.maintains_innocence_share
    if p["maintains_innocence"]:
        if rng.random() < profile.denial_work.at(t):
            p["programme_status"] = ProgrammeStatus.ALTERNATIVE_WORK.value
        else:
            p["programme_status"] = rng.choice(
                ("none", "none", "none", "not_suitable", "not_suitable", "withdrawn")
            )
        return
    if rng.random() < profile.not_suitable_share or p["rosh"] == "low":
        p["programme_status"] = "not_suitable"
        return
    p["programme_status"] = rng.choices(
        (
            "none",
            "submitted",
            "awaiting_assessment",
            "assessed_suitable",
            "suitable_not_ready",
            "on_programme",
            "complete",
            "deselected",
            "withdrawn",
        ),
        weights=(10, 8, 10, 8, 5, 14, 30, 3, 4),
    )[0]


def _accommodation(
    rng: random.Random,
    profile: PrisonProfile,
    p: dict[str, Any],
    *,
    erd: dt.date | None,
    ref: dt.date,
    released: bool,
    t: float,
) -> None:
    high = p["rosh"] in {"high", "very_high"}

    def outcome() -> str:
        u = rng.random()
        homeless = profile.homeless_on_release.at(t)
        temporary = profile.temporary_on_release.at(t)
        if u < homeless:
            return "none"
        if u < homeless + temporary:
            return "temporary"
        v = rng.random()
        if high and v < 0.45:
            return "approved_premises"
        if v < 0.55:
            return "cas3" if rng.random() < 0.15 else "settled"
        return "settled"

    if released:
        p["accommodation_on_release"] = outcome()
        p["accommodation_status"] = p["accommodation_on_release"]
        return
    if erd is None or (erd - ref).days > 270:
        p["accommodation_status"] = rng.choice(("", "", "unknown", "unknown", "settled"))
        return
    status = outcome()
    if status == "none" or ((erd - ref).days > 60 and rng.random() < 0.3):
        status = rng.choice(("none", "unknown"))
    p["accommodation_status"] = status


def _oasys(
    rng: random.Random, profile: PrisonProfile, p: dict[str, Any], *, ref: dt.date, t: float
) -> None:
    if p["sentence_type"] == "remand" and rng.random() < 0.7:
        return
    u = rng.random()
    recent = (ref - p["reception_date"]).days < 56
    if u < 0.03 or (recent and rng.random() < 0.5):
        return  # none yet
    current = u < 0.03 + profile.oasys_current.at(t)
    age = rng.randint(0, 360) if current else rng.randint(365, 1000)
    floor = (p.get("sentence_start_date") or p["reception_date"]) - _days(60)
    p["oasys_completed_date"] = max(ref - _days(age), floor)


def _completions(
    rng: random.Random,
    profile: PrisonProfile,
    p: dict[str, Any],
    names: NamePool,
    *,
    base_facts: PrisonerFacts,
    ref: dt.date,
    t: float,
    in_resettlement_prison: bool,
) -> None:
    """Completion dates against the engine's due dates. ``base_facts`` holds the sentence
    and risk facts (enough for the ERD and the MAPPA rule's population)."""
    facts = base_facts
    erd = earliest_release_date(facts, ref)
    floor = p.get("sentence_start_date") or p["reception_date"]
    on_time = profile.on_time.at(t)

    def due(rule: Rule) -> dt.date | None:
        return rule.due_date(facts, erd, ref) if rule.applies(facts) else None

    # MAPPA level, set (or not) against ERD - 6 months; the level is known once set.
    mappa_due = due(mappa_level_set.RULE)
    if mappa_due is not None:
        done = _complete(
            rng,
            due=mappa_due,
            ref=ref,
            floor=floor,
            on_time=profile.mappa_on_time.at(t),
            late_fraction=0.75,
        )
        if done is not None:
            p[mappa_level_set.RULE.completed_by] = done
            weights = (55, 35, 10) if p["rosh"] == "very_high" else (82, 16, 2)
            p["mappa_level"] = rng.choices((1, 2, 3), weights=weights)[0]
    facts = _facts(p, in_resettlement_prison=in_resettlement_prison)
    for rule in RULES:
        if rule in _OWN_STEPS:
            continue
        when = due(rule)
        if when is None:
            continue
        # Licences are approved more reliably than the rest (the release depends on it).
        rate = min(0.97, on_time + 0.25) if rule is licence_approved.RULE else on_time
        done = _complete(rng, due=when, ref=ref, floor=floor, on_time=rate)
        if done is not None:
            p[rule.completed_by] = done
    if p.get("com_allocated_date"):
        given, family = names.person(rng, female=rng.random() < 0.6)
        p["com_name"] = f"{given} {family}"
        p["com_team"] = rng.choice(COM_TEAMS)
    # Release address: confirmed for settled, AP and CAS3 (never for "none").
    address_due = due(release_address.RULE)
    if address_due is not None and p.get("accommodation_status") in {
        "settled",
        "approved_premises",
        "cas3",
        "temporary",
    }:
        done = _complete(
            rng,
            due=address_due,
            ref=ref,
            floor=floor,
            on_time=min(0.95, on_time + 0.15),
            early=0.6,
        )
        if done is not None:
            p["accommodation_confirmed_date"] = done
    transfer_due = due(resettlement_transfer.RULE)
    if transfer_due is not None and rng.random() < profile.exemption_share:
        p["resettlement_transfer_exemption"] = rng.choice(TRANSFER_EXEMPTIONS)


def _health(
    rng: random.Random,
    profile: PrisonProfile,
    p: dict[str, Any],
    *,
    ref: dt.date,
    t: float,
    in_resettlement_prison: bool,
) -> None:
    """Health needs continuing after release and, against its due date, the discharge plan.
    ``rng`` is the prisoner's health stream (salted), not his main one."""
    older = (ref - p["date_of_birth"]).days >= 50 * YEAR
    boost = (2.0 if older else 1.0, 1.0, 1.0, 2.0 if older else 1.0)
    needs = [
        need.value
        for need, share, factor in zip(HealthNeed, profile.health_needs, boost, strict=True)
        if rng.random() < share * factor
    ]
    p["health_needs"] = HEALTH_NEEDS_SEPARATOR.join(needs)
    facts = _facts(p, in_resettlement_prison=in_resettlement_prison)
    rule = health_discharge_plan.RULE
    if not needs or not rule.applies(facts):
        return
    erd = earliest_release_date(facts, ref)
    due = rule.due_date(facts, erd, ref)
    if due is None:
        return
    floor = p.get("sentence_start_date") or p["reception_date"]
    done = _complete(
        rng, due=due, ref=ref, floor=floor, on_time=profile.discharge_plan_on_time.at(t)
    )
    if done is not None:
        p[rule.completed_by] = done


def _work(
    rng: random.Random, profile: PrisonProfile, p: dict[str, Any], *, ref: dt.date, t: float
) -> None:
    """Careers advice and ETE at release, for released men and men within 12 weeks of
    release. ``rng`` is the prisoner's work stream (salted), not his main one."""
    facts = _facts(p, in_resettlement_prison=False)
    erd = earliest_release_date(facts, ref)
    released = p.get("released_on") is not None or (erd is not None and erd.date <= ref)
    near = erd is not None and (erd.date - ref).days <= 84
    if not (released or near):
        return
    if rng.random() < profile.careers_advice.at(t):
        floor = p.get("sentence_start_date") or p["reception_date"]
        p["careers_advice_date"] = max(ref - _days(rng.randint(5, 150)), floor)
    age = (ref - p["date_of_birth"]).days / YEAR
    if age >= 66 or rng.random() < 0.04:
        p["ete_on_release"] = "not_applicable"
        return
    if not released and rng.random() < 0.5:
        return  # not decided yet
    arranged = profile.ete_arranged.at(t) * (1.3 if p.get("careers_advice_date") else 0.6)
    p["ete_on_release"] = "yes" if rng.random() < arranged else "no"


def generate_prisoner(
    *,
    profile: PrisonProfile,
    index: int,
    ref: dt.date,
    as_of: dt.date,
    released: bool,
    prison_number: str,
    names: NamePool | None = None,
    establishment_code: str | None = None,
    transferred: bool = False,
    salt: str = "",
) -> dict[str, Any]:
    """One fictional prisoner at ``profile``'s establishment (or ``establishment_code``).

    ``ref`` is ``as_of`` for a man in custody, or his release date. ``transferred`` makes a
    man who moved to a resettlement prison 12 weeks or more before his release.
    """
    rng = prisoner_rng(profile.code, index, salt)
    names = names or name_pool()
    given, family = names.person(rng, female=profile.female)
    t = 1.0 - (as_of - ref).days / (profile.history_months * 30.44)
    p: dict[str, Any] = dict.fromkeys(FIELDS)
    p.update(
        prison_number=prison_number,
        given_name=given,
        family_name=family,
        establishment=establishment_code or profile.code,
        maintains_innocence=False,
        programme_status="none",
    )
    u = rng.random()
    if u < profile.sexual_share:
        p["offence_category"] = "sexual"
    elif rng.random() < profile.violent_share_of_rest:
        p["offence_category"] = "violent"
    else:
        p["offence_category"] = "other"
    _sentence(rng, profile, p, ref=ref, released=released)
    if transferred and p["sentence_type"] != "determinate":
        transferred = False
    _age_and_birth(rng, profile, p, ref=ref)
    _risk(rng, profile, p)
    _programme(rng, profile, p, t)
    facts = _facts(p, in_resettlement_prison=False)
    erd = earliest_release_date(facts, ref)
    in_resettlement = profile.designated_resettlement
    if transferred and erd is not None:
        moved = erd.date - _days(84 + rng.randint(-40, 60))
        moved = min(moved, ref - _days(rng.randint(1, 10)))
        moved = max(moved, p["sentence_start_date"] + _days(7))
        p["resettlement_transfer_date"] = moved
        p["reception_date"] = moved
        in_resettlement = True
    _accommodation(rng, profile, p, erd=erd.date if erd else None, ref=ref, released=released, t=t)
    _oasys(rng, profile, p, ref=ref, t=t)
    _completions(
        rng,
        profile,
        p,
        names,
        base_facts=facts,
        ref=ref,
        t=t,
        in_resettlement_prison=in_resettlement,
    )
    _health(
        prisoner_rng(profile.code, index, f"{salt}:health"),
        profile,
        p,
        ref=ref,
        t=t,
        in_resettlement_prison=in_resettlement,
    )
    if released:
        p["released_on"] = ref
    _work(prisoner_rng(profile.code, index, f"{salt}:work"), profile, p, ref=ref, t=t)
    for name in _TEXT_FIELDS:
        if p[name] is None:
            p[name] = ""
    return p


# =========================================================================================
# Establishments
# =========================================================================================


def release_dates(
    profile: PrisonProfile, as_of: dt.date, rng: random.Random, count: int | None = None
) -> list[dt.date]:
    """Release dates over the history window, about ``releases_per_month`` a month."""
    days = round(profile.history_months * 30.44)
    total = count if count is not None else round(profile.releases_per_month * days / 30.44)
    return sorted((as_of - _days(rng.randint(1, days)) for _ in range(total)), reverse=True)


def generate_establishment(
    profile: PrisonProfile,
    *,
    as_of: dt.date,
    numbers: PrisonNumbers,
    with_releases: bool = True,
    transfers_to: Sequence[str] = (),
) -> Iterator[dict[str, Any]]:
    """The men in custody at ``as_of`` and (``with_releases``) those released over the
    history window; with ``transfers_to``, the men who moved to one of those resettlement
    prisons before release (placed at that prison, with their transfer date)."""
    for index in range(profile.population):
        yield generate_prisoner(
            profile=profile,
            index=index,
            ref=as_of,
            as_of=as_of,
            released=False,
            prison_number=numbers.next(),
        )
    if not with_releases:
        return
    dates_rng = random.Random(f"{SEED}:{profile.code}:releases")
    for index, released_on in enumerate(release_dates(profile, as_of, dates_rng)):
        yield generate_prisoner(
            profile=profile,
            index=index,
            ref=released_on,
            as_of=as_of,
            released=True,
            prison_number=numbers.next(),
            salt="released",
        )
    if not transfers_to:
        return
    # Men who moved to a resettlement prison: some still there, some released from it.
    history_days = round(profile.history_months * 30.44)
    transfer_rng = random.Random(f"{SEED}:{profile.code}:transfers")
    count = round(profile.releases_per_month * profile.history_months)
    for index in range(count):
        days_ago = transfer_rng.randint(-80, history_days)
        t = 1.0 - max(days_ago, 0) / history_days
        chosen = transfer_rng.random() < profile.transfer_rate.at(t)
        target = transfers_to[index % len(transfers_to)]
        if not chosen:
            continue
        released = days_ago > 0
        ref = as_of - _days(days_ago) if released else as_of
        # A man still at the resettlement prison has his release in the coming months.
        source = profile if released else replace(profile, releases_per_month=10**6)
        yield generate_prisoner(
            profile=source,
            index=index,
            ref=ref,
            as_of=as_of,
            released=released,
            prison_number=numbers.next(),
            establishment_code=target,
            transferred=True,
            salt="transferred",
        )


def allocate_poms(
    rows: Sequence[dict[str, Any]], poms_by_code: Mapping[str, Sequence[str]], as_of: dt.date
) -> None:
    """Allocate each man to one of his establishment's POMs (about 4% await allocation,
    as do men received in the last three weeks)."""
    rng = random.Random(f"{SEED}:poms")
    for row in rows:
        poms = poms_by_code.get(row["establishment"])
        draw = rng.random()
        pick = rng.randrange(1 << 16)
        if not poms:
            continue
        recent = (as_of - row["reception_date"]).days < 21 and row["released_on"] is None
        if draw < 0.04 or recent:
            continue
        row["pom"] = poms[pick % len(poms)]
