"""The metrics computed the plain way, man by man and day by day, for the tests to check the
one-pass counting in :mod:`saferelease.metrics.counting` against.

Deliberately slow and literal: every man is looked at again for every day and every
period, exactly as ``docs/metrics.md`` words it. Not used by the application.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

from saferelease.deadlines import (
    RULES,
    AccommodationStatus,
    RiskLevel,
    SentenceType,
    Status,
)
from saferelease.metrics.catalogue import METRICS, OUTCOMES, Values, rule_metric_code, share
from saferelease.metrics.catalogue.men import ReleaseOutcome, release_outcome, sentence_band
from saferelease.metrics.catalogue.population import age_on
from saferelease.metrics.catalogue.public_protection import mappa_set_on_time
from saferelease.metrics.periods import Period
from saferelease.release_planning.models import OFFENDING_BEHAVIOUR_WORK, PROGRAMME_NEED

Row = dict[str, Any]

_BANDS = ("under_4_years", "4_to_10_years", "over_10_years", "indeterminate", "length_not_recorded")
_OUTCOME_OF = {
    Status.MET: "on_time",
    Status.MET_LATE: "late",
    Status.OVERDUE: "missed",
    Status.DUE_SOON: "missed",
    Status.NOT_YET_DUE: "missed",
}


def in_custody_on(row: Row, day: dt.date) -> bool:
    released = row["released_on"]
    return row["reception_date"] <= day and (released is None or released > day)


def oasys_current(row: Row, day: dt.date) -> bool | None:
    completed = row["oasys_completed_date"]
    if completed is None:
        return False
    if completed > day:
        return None
    return (day - completed).days <= 364


def custody_metrics(rows: Iterable[Row], day: dt.date) -> Values:
    men = [row for row in rows if in_custody_on(row, day)]
    population = len(men)
    counts: Counter[str] = Counter()
    rosh: Counter[str] = Counter()
    bands: Counter[str] = Counter()
    for row in men:
        counts["sexual"] += row["offence_category"] == "sexual"
        counts["over_50"] += age_on(row["date_of_birth"], day) >= 50
        counts["indeterminate"] += row["sentence_type"] == SentenceType.INDETERMINATE
        rosh[row["rosh"] or ""] += 1
        band = sentence_band(row)
        if band is not None:
            bands[band] += 1
            current = oasys_current(row, day)
            if current is not None:
                counts["oasys_known"] += 1
                counts["oasys_current"] += current
        if row["maintains_innocence"]:
            counts["innocence"] += 1
            counts["innocence_work"] += row["programme_status"] in OFFENDING_BEHAVIOUR_WORK
        counts["programme_need"] += row["programme_status"] in PROGRAMME_NEED
    sentenced = sum(bands.values())
    rosh_recorded = population - rosh[""]
    values: Values = {
        "population": population,
        "sexual_offence_share": share(counts["sexual"], population),
        "over_50_share": share(counts["over_50"], population),
        "indeterminate_count": counts["indeterminate"],
        "high_rosh_share": share(rosh[RiskLevel.HIGH] + rosh[RiskLevel.VERY_HIGH], rosh_recorded),
        "rosh_not_recorded_count": rosh[""],
        "oasys_current_share": share(counts["oasys_current"], counts["oasys_known"]),
        "maintaining_innocence_count": counts["innocence"],
        "maintaining_innocence_with_work_share": share(
            counts["innocence_work"], counts["innocence"]
        ),
        "programme_need_count": counts["programme_need"],
    }
    for level in RiskLevel:
        values[f"rosh_{level.value}_share"] = share(rosh[level.value], rosh_recorded)
    for band in _BANDS:
        values[f"sentence_{band}_share"] = share(bands[band], sentenced)
    return values


def release_metrics(outcomes: Sequence[ReleaseOutcome], period: Period) -> Values:
    released = [o for o in outcomes if period.contains(o.released_on)]
    total = len(released)
    homeless = [o for o in released if o.accommodation == AccommodationStatus.NONE]
    mappa = [o for o in released if o.mappa_category is not None]
    by_rule: dict[str, Counter[str]] = {rule.code: Counter() for rule in RULES}
    for release in released:
        for code, status in release.statuses.items():
            bucket = _OUTCOME_OF.get(status)
            if bucket is not None:
                by_rule[code][bucket] += 1
    transfers = by_rule["resettlement-transfer"]
    health = by_rule["health-discharge-plan"]
    needed = sum(transfers.values())
    achieved = transfers["on_time"] + transfers["late"]
    temporary = {AccommodationStatus.TEMPORARY, AccommodationStatus.CAS3}
    high = {RiskLevel.HIGH, RiskLevel.VERY_HIGH}
    values: Values = {
        "releases_count": total,
        "releases_per_month": total / period.months,
        "released_homeless_share": share(len(homeless), total),
        "released_temporary_share": share(
            sum(o.accommodation in temporary for o in released), total
        ),
        "high_risk_released_homeless_count": sum(o.rosh in high for o in homeless),
        "mappa_set_on_time_share": share(sum(map(mappa_set_on_time, mappa)), len(mappa)),
        "com_allocated_on_time_share": share(
            by_rule["com-allocated"]["on_time"], sum(by_rule["com-allocated"].values())
        ),
        "resettlement_transfers_needed_count": needed,
        "resettlement_transfers_achieved_count": achieved,
        "resettlement_transfers_achieved_share": share(achieved, needed),
        # Health and work on release (written from the definitions).
        "health_discharge_plan_before_release_share": share(
            health["on_time"] + health["late"], sum(health.values())
        ),
        "careers_advice_before_release_share": share(
            sum(
                o.facts is not None
                and o.facts.careers_advice_date is not None
                and o.facts.careers_advice_date <= o.released_on
                for o in released
            ),
            total,
        ),
        "ete_arranged_share": share(
            sum(bool(o.facts and o.facts.ete_on_release == "yes") for o in released),
            sum(not (o.facts and o.facts.ete_on_release == "not_applicable") for o in released),
        ),
    }
    for code, counts in by_rule.items():
        applicable = sum(counts.values())
        for name in OUTCOMES:
            values[rule_metric_code(code, name)] = share(counts[name], applicable)
    return values


def compute(rows: Sequence[Row], period: Period, programme_places: int | None) -> Values:
    """Every metric for ``rows`` (all the men of the scope) over ``period``."""
    outcomes = [release_outcome(row) for row in rows if period.contains(row["released_on"])]
    values = {
        **custody_metrics(rows, period.end),
        **release_metrics(outcomes, period),
        "programme_places": programme_places,
    }
    return {metric.code: values[metric.code] for metric in METRICS}
