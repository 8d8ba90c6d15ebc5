"""The generator: deterministic, consistent, fictional, and calibrated to the seeds."""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

from faker import Faker

from saferelease.deadlines import PrisonerFacts, Status, evaluate, facts_from_record
from saferelease.demo import generator
from saferelease.demo.generator import (
    FAKER_LOCALE,
    SEED,
    PrisonNumbers,
    generate_establishment,
    name_pool,
)
from saferelease.demo.tests.conftest import AS_OF
from saferelease.demo.world import LITTLEHEY, demo_world
from saferelease.release_planning.models import PRISON_NUMBER_RE

Rows = tuple[dict[str, Any], ...]
DEMO_ESTABLISHMENTS_RESETTLEMENT = {"PBI", "NMI"}


def _small(as_of: dt.date) -> list[dict[str, Any]]:
    profile = replace(LITTLEHEY, population=60, releases_per_month=3)
    return list(generate_establishment(profile, as_of=as_of, numbers=PrisonNumbers()))


def _in_custody(rows: Rows, code: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["establishment"] == code and r["released_on"] is None]


def _released(rows: Rows, code: str) -> list[dict[str, Any]]:
    return [r for r in rows if r["establishment"] == code and r["released_on"] is not None]


def _facts(row: dict[str, Any]) -> PrisonerFacts:
    return facts_from_record(
        row, in_resettlement_prison=row["establishment"] in DEMO_ESTABLISHMENTS_RESETTLEMENT
    )


# --- determinism -------------------------------------------------------------------------


def test_same_seed_same_rows() -> None:
    assert _small(AS_OF) == _small(AS_OF)


def test_people_do_not_depend_on_the_date() -> None:
    """The world is relative to as_of: another day, the same prison numbers and names."""
    first = _small(AS_OF)
    later = _small(AS_OF + dt.timedelta(days=40))
    assert [(r["prison_number"], r["given_name"], r["family_name"]) for r in first] == [
        (r["prison_number"], r["given_name"], r["family_name"]) for r in later
    ]


def test_demo_world_is_deterministic(world: Rows) -> None:
    again = demo_world(AS_OF)
    assert len(again) == len(world)
    assert again[:200] == list(world[:200])
    assert again[-200:] == list(world[-200:])


# --- fictional people --------------------------------------------------------------------


def test_names_come_only_from_seeded_faker(world: Rows) -> None:
    fake = Faker(FAKER_LOCALE)
    fake.seed_instance(SEED)
    assert name_pool().male[:50] == tuple(fake.first_name_male() for _ in range(50))
    pool = name_pool()
    assert {r["given_name"] for r in world} <= set(pool.male) | set(pool.female)
    assert {r["family_name"] for r in world} <= set(pool.family)


def test_generator_reads_no_data_but_faker() -> None:
    """The generator imports Faker and the project's own rules; it opens no file."""
    source = Path(generator.__file__).read_text()
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in (
            node.names if isinstance(node, ast.Import) else [ast.alias(node.module or "")]
        )
    }
    assert imported <= {
        "__future__",
        "datetime",
        "random",
        "collections",
        "dataclasses",
        "functools",
        "typing",
        "faker",
        "saferelease",
    }
    assert "open(" not in source


# --- consistency -------------------------------------------------------------------------


def test_prison_numbers_unique_and_nomis_format(world: Rows) -> None:
    numbers = [r["prison_number"] for r in world]
    assert len(set(numbers)) == len(numbers)
    assert all(re.fullmatch(PRISON_NUMBER_RE, n) for n in numbers)


def test_key_dates_consistent(world: Rows) -> None:
    for r in world:
        ref = r["released_on"] or AS_OF
        where = r["prison_number"]
        assert r["reception_date"] <= ref, where
        assert r["released_on"] is None or r["released_on"] <= AS_OF
        if r["sentence_type"] == "remand":
            assert r["sentence_start_date"] is None and r["sed"] is None, where
            continue
        start = r["sentence_start_date"]
        assert start is not None and start <= ref, where
        assert (start - r["date_of_birth"]).days >= 18 * 365, where
        if r["sed"]:
            assert r["led"] is None or r["sed"] <= r["led"], where
            for name in ("crd", "ard", "ped", "hdced", "confirmed_release_date"):
                if r[name]:
                    assert start < r[name] <= r["sed"], (where, name)
        if r["ped"] and r["crd"]:
            assert r["ped"] < r["crd"], where
        if r["hdced"]:
            assert r["hdced"] < (r["crd"] or r["ard"]), where
            assert r["offence_category"] != "sexual", where
        if r["sentence_type"] == "indeterminate":
            assert r["ted"] and r["crd"] is None and r["sed"] is None, where
        if r["sentence_type"] == "determinate":
            assert r["crd"] or r["ard"], where
        completions = (
            "mappa_level_set_date",
            "com_allocated_date",
            "irmt_review_date",
            "accommodation_confirmed_date",
            "ap_application_date",
            "duty_to_refer_date",
            "resettlement_plan_date",
            "licence_approved_date",
            "oasys_completed_date",
            "resettlement_transfer_date",
        )
        for name in completions:
            assert r[name] is None or r[name] <= ref, (where, name)
        assert (r["mappa_level"] is None) == (r["mappa_level_set_date"] is None), where
        if r["mappa_level"] is not None:
            assert r["mappa_category"] is not None, where
        if r["released_on"]:
            assert r["accommodation_on_release"], where


def test_every_status_occurs_at_as_of(world: Rows) -> None:
    statuses: Counter[str] = Counter()
    for r in world:
        if r["released_on"] is None:
            statuses.update(result.status for result in evaluate(_facts(r), AS_OF))
    assert set(statuses) == set(Status), statuses


def test_poms_allocated_to_demo_caseworkers(world: Rows) -> None:
    at_littlehey = [r["pom"] for r in _in_custody(world, "LTI")]
    team = {f"pom{n:02d}.littlehey" for n in range(3, 15)}
    assert set(at_littlehey) == {"pom.littlehey", "pom2.littlehey", None} | team
    # Caseloads the size of a real POM's (about 85 men), not half a prison each.
    per_pom = Counter(pom for pom in at_littlehey if pom)
    assert min(per_pom.values()) >= 60 and max(per_pom.values()) <= 110


def test_resettlement_transfers_recorded(world: Rows) -> None:
    transferred = [r for r in world if r["resettlement_transfer_date"]]
    assert transferred
    assert {r["establishment"] for r in transferred} <= {"PBI", "NMI"}
    assert all(r["reception_date"] == r["resettlement_transfer_date"] for r in transferred)


# --- calibration (docs/demo-data.md, "Calibration") --------------------------------------


def _share(rows: list[dict[str, Any]], test: Any) -> float:
    return sum(1 for r in rows if test(r)) / len(rows)


def _age(r: dict[str, Any], on: dt.date) -> float:
    return (on - r["date_of_birth"]).days / 365.25


def test_littlehey_calibration(world: Rows) -> None:
    men = _in_custody(world, "LTI")
    assert 1140 <= len(men) <= 1260
    assert sum(1 for r in men if r["offence_category"] == "sexual") > 1150
    indeterminate = sum(1 for r in men if r["sentence_type"] == "indeterminate")
    assert 130 <= indeterminate <= 170
    assert 0.40 <= _share(men, lambda r: _age(r, AS_OF) > 50) <= 0.55
    assert 0.70 <= _share(men, lambda r: r["rosh"] in {"high", "very_high"}) <= 0.80
    determinate = [r for r in men if r["sentence_type"] != "indeterminate" and r["sed"]]
    years = [(r["sed"] - r["sentence_start_date"]).days / 365.25 for r in determinate]
    assert 0.40 <= sum(1 for y in years if 4 <= y <= 10) / len(men) <= 0.55
    assert sum(1 for y in years if y > 10) / len(men) > 1 / 3
    sexual = [r for r in men if r["offence_category"] == "sexual"]
    assert 0.35 <= _share(sexual, lambda r: r["maintains_innocence"]) <= 0.50
    releases = _released(world, "LTI")
    assert 25 <= len(releases) / 24 <= 35


def test_stafford_homeless_share(world: Rows) -> None:
    releases = _released(world, "SFI")
    assert 20 <= len(releases) / 24 <= 25
    assert _share(releases, lambda r: r["accommodation_on_release"] == "none") > 0.10
    men = _in_custody(world, "SFI")
    # Two thirds ineligible for the treatment programme: assessed not suitable, or in denial.
    ineligible = _share(
        men, lambda r: r["programme_status"] == "not_suitable" or r["maintains_innocence"]
    )
    assert 0.60 <= ineligible <= 0.73


def test_dartmoor_calibration(world: Rows) -> None:
    men = _in_custody(world, "DAI")
    assert 600 <= len(men) <= 665
    assert 0.65 <= _share(men, lambda r: r["offence_category"] == "sexual") <= 0.75
    assert 0.15 <= _share(men, lambda r: r["mappa_category"] is None) <= 0.25
    releases = _released(world, "DAI")
    assert len([r for r in releases if (AS_OF - r["released_on"]).days <= 365]) > 200


def test_littlehey_improves_and_dartmoor_does_not(world: Rows) -> None:
    def homeless(code: str, first_year: bool) -> float:
        rows = [
            r
            for r in _released(world, code)
            if ((AS_OF - r["released_on"]).days > 365) == first_year
        ]
        return _share(rows, lambda r: r["accommodation_on_release"] == "none")

    assert homeless("LTI", first_year=False) < homeless("LTI", first_year=True)
    assert homeless("DAI", first_year=False) >= homeless("DAI", first_year=True) - 0.02
