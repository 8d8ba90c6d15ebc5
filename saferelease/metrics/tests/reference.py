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

from saferelease.core.calendar import add_months
from saferelease.deadlines import (
    RULES,
    AccommodationStatus,
    RiskLevel,
    SentenceType,
    Status,
)
from saferelease.metrics.catalogue import (
    METRICS,
    OUTCOMES,
    Standing,
    Values,
    rule_metric_code,
    share,
)
from saferelease.metrics.catalogue.men import ReleaseOutcome, release_outcome, sentence_band
from saferelease.metrics.catalogue.population import age_on
from saferelease.metrics.catalogue.public_protection import mappa_set_on_time
from saferelease.metrics.catalogue.records import (
    ComReportRecord,
    QaReviewRecord,
    SupervisionRecord,
)
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
    released, transferred = row["released_on"], row["transferred_out_on"]
    return (
        row["reception_date"] <= day
        and (released is None or released > day)
        and (transferred is None or transferred > day)
    )


def oasys_current(row: Row, day: dt.date) -> bool | None:
    completed = row["oasys_completed_date"]
    if completed is None:
        return False
    if completed > day:
        return None
    return (day - completed).days <= 364


def custody_metrics(rows: Iterable[Row], day: dt.date, standing: Standing) -> Values:
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
        # Offender management unit (docs/omu.md): offers, programme need.
        if row["maintains_innocence"]:
            first, latest = row["engagement_first_offered_on"], row["engagement_last_offered_on"]
            offered = first is not None and first <= day and latest >= add_months(day, -12)
            counts["innocence_no_offer"] += not offered
        since, met = row["programme_need_since"], row["programme_need_met_on"]
        counts["waiting"] += since is not None and since <= day and not (met and met <= day)
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
        "innocence_without_offer_count": counts["innocence_no_offer"],
    }
    places = standing.places_per_year
    values["programme_places_against_need"] = (
        places / counts["waiting"] if places is not None and counts["waiting"] else None
    )
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
        "programme_need_unmet_at_release_share": share(
            sum(
                o.programme_need_since is not None
                and o.programme_need_since <= o.released_on
                and not (o.programme_need_met_on and o.programme_need_met_on <= o.released_on)
                for o in released
            ),
            sum(
                o.programme_need_since is not None and o.programme_need_since <= o.released_on
                for o in released
            ),
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


def record_metrics(records: Sequence[Any], period: Period, standing: Standing) -> Values:
    """The offender management unit's figures (docs/omu.md), record by record."""
    reviews = [r for r in records if isinstance(r, QaReviewRecord)]
    due = [r for r in reviews if period.contains(r.due_on)]
    done = [r for r in reviews if period.contains(r.completed_on)]
    sessions = [r for r in records if isinstance(r, SupervisionRecord)]
    held = sum(period.contains(r.held_on) for r in sessions)
    reports = [r for r in records if isinstance(r, ComReportRecord) and period.contains(r.due_on)]
    return {
        "qa_completed_on_time_share": share(
            sum(r.completed_on is not None and r.completed_on <= r.due_on for r in due), len(due)
        ),
        "qa_meeting_standard_share": share(sum(r.meets_standard is True for r in done), len(done)),
        "supervision_sessions_per_pom_per_quarter": (
            held / standing.poms / (period.months / 3) if standing.poms else None
        ),
        "com_reports_on_time_share": share(
            sum(r.received_on is not None and r.received_on <= r.due_on for r in reports),
            len(reports),
        ),
    }


def compute(
    rows: Sequence[Row],
    period: Period,
    standing: Standing | None = None,
    records: Sequence[Any] = (),
) -> Values:
    """Every metric for ``rows`` (all the men of the scope) and the OMU's ``records`` over
    ``period``."""
    standing = standing or Standing()
    outcomes = [release_outcome(row) for row in rows if period.contains(row["released_on"])]
    values = {
        **custody_metrics(rows, period.end, standing),
        **release_metrics(outcomes, period),
        **record_metrics(records, period, standing),
        "programme_places": standing.programme_places,
    }
    return {metric.code: values[metric.code] for metric in METRICS}
