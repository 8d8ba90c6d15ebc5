# ruff: noqa: S311 - seeded pseudo-random numbers: synthetic, reproducible data
"""The national synthetic population (about 90,000 men and women in custody across the
active establishments of the prison register) for ``saferelease bench``.

The same generator as the demo world (``saferelease.demo.generator.generate_prisoner``);
establishment sizes vary with their security categories; Littlehey, Stafford and Dartmoor keep their
calibrated profiles, so the benchmark's caseload page is a 1,200-man establishment.
Rows come out as ``dict`` (``national_rows``) or as a CSV file in the prisoner import
contract (``national_csv_write``; header: ``prisoner_import.COLUMNS``). All fictional.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import IO, Any, Final

from saferelease.core.spreadsheets import csv_writer
from saferelease.demo.generator import SEED, PrisonNumbers, PrisonProfile, generate_prisoner
from saferelease.demo.world import DARTMOOR, LITTLEHEY, STAFFORD
from saferelease.establishments.models import Establishment
from saferelease.release_planning.prisoner_import import COLUMNS

NATIONAL_POPULATION: Final = 90_000
_CALIBRATED: Final = {p.code: p for p in (LITTLEHEY, STAFFORD, DARTMOOR)}


def _profile_for(establishment: Establishment, size: int) -> PrisonProfile:
    """A plausible profile from the register's categories (B locals hold remand)."""
    if establishment.code in _CALIBRATED:
        return replace(_CALIBRATED[establishment.code], population=size)
    categories = set(establishment.category_list)
    female = establishment.female and not establishment.male
    local = "B" in categories or not categories
    return PrisonProfile(
        code=establishment.code,
        population=size,
        releases_per_month=size / (12 if local else 30),
        sexual_share=0.03 if female else (0.12 if local else 0.2),
        over_50_share=0.1 if local else 0.17,
        indeterminate=round(size * (0.02 if local else (0.15 if "A" in categories else 0.07))),
        bands=(0.65, 0.27, 0.08) if local else (0.4, 0.4, 0.2),
        recall_share=0.12 if local else 0.06,
        remand_share=0.25 if local else 0.0,
        high_rosh_share=0.45 if "A" in categories else 0.3,
        local=local,
        female=female,
    )


def national_sizes(
    establishments: Sequence[Establishment], total: int, seed: int = SEED
) -> dict[str, int]:
    """How many people each establishment holds: varied by category, summing to ``total``
    (Littlehey 1,215, Stafford 750, Dartmoor 633 when the total allows)."""
    rng = random.Random(f"{seed}:sizes")
    weights: dict[str, float] = {}
    fixed: dict[str, int] = {}
    for e in establishments:
        if e.code in _CALIBRATED and total >= 20_000:
            fixed[e.code] = _CALIBRATED[e.code].population
            continue
        categories = set(e.category_list)
        if e.female and not e.male:
            base = 350.0
        elif "A" in categories:
            base = 950.0
        elif "B" in categories:
            base = 1150.0
        elif "C" in categories:
            base = 800.0
        else:
            base = 650.0
        weights[e.code] = base * rng.uniform(0.5, 1.6)
    remaining = max(total - sum(fixed.values()), 0)
    scale = remaining / sum(weights.values()) if weights else 0.0
    sizes = {code: int(w * scale) for code, w in weights.items()}
    # Hand out the rounding remainder one by one, in code order.
    shortfall = remaining - sum(sizes.values())
    for code in sorted(sizes)[:shortfall]:
        sizes[code] += 1
    return {**sizes, **fixed}


def national_establishments() -> list[Establishment]:
    """Active establishments holding men or women, in code order."""
    return list(
        Establishment.objects.filter(active=True).exclude(male=False, female=False).order_by("code")
    )


def national_rows(
    *,
    as_of: dt.date,
    total: int = NATIONAL_POPULATION,
    establishments: Sequence[Establishment] | None = None,
) -> Iterator[dict[str, Any]]:
    """``total`` people in custody at ``as_of``, as generator rows (model field names)."""
    chosen = list(establishments) if establishments is not None else national_establishments()
    sizes = national_sizes(chosen, total)
    numbers = PrisonNumbers(SEED + 1)
    for establishment in chosen:
        profile = replace(
            _profile_for(establishment, sizes[establishment.code]),
            designated_resettlement=establishment.designated_resettlement,
        )
        for index in range(profile.population):
            yield generate_prisoner(
                profile=profile,
                index=index,
                ref=as_of,
                as_of=as_of,
                released=False,
                prison_number=numbers.next(),
                salt="national",
            )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def rows_csv_write(rows: Iterator[dict[str, Any]] | Sequence[dict[str, Any]], out: IO[str]) -> int:
    """Write rows in the prisoner import contract (``COLUMNS``); return the count."""
    writer = csv_writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    count = 0
    for row in rows:
        writer.writerow([_cell(row[name]) for name in COLUMNS])
        count += 1
    return count


def national_csv_write(path: Path, *, as_of: dt.date, total: int = NATIONAL_POPULATION) -> int:
    """Write the national population to ``path`` as a prisoner import file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as out:
        return rows_csv_write(national_rows(as_of=as_of, total=total), out)
