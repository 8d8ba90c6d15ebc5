"""How each metric is computed, from rows and dates (no queries, no clock).

The selectors load one row per man (one query per scope and window, columns in
:data:`ROW_FIELDS` order) and :func:`tally` counts them in a single pass:

* each man's fixed attributes are derived once: his sentence band, the day he turns 50,
  the days his last OASys is current, and from those the range of days (month ends) on
  which he is in custody and each attribute holds;
* each released man's deadlines are evaluated once, by the release-planning engine, at
  ``as_of`` = his release date, and his release is counted in the month it fell in;
* the counts are kept per establishment and per bucket (a calendar month of a trend, or
  the whole period).

Every figure is then a ratio of counts (:func:`custody_values`, :func:`release_values`),
so a month, a whole period, one establishment and all of them are computed alike.
Definitions in words are in :mod:`saferelease.metrics.definitions` and ``docs/metrics.md``.

* **In custody on a day**: received on or before it, and not released on or before it.
* **Released in a period**: a release date from the period's first to its last day.
* **Deadlines at release**: met → on time; met_late → late; overdue, due soon or not yet
  due → missed; exempt and not_applicable are left out.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from saferelease.core.calendar import add_months
from saferelease.deadlines import (
    RULES,
    AccommodationStatus,
    RiskLevel,
    SentenceType,
    Status,
    evaluate,
)
from saferelease.deadlines.rules import com_allocated, resettlement_transfer
from saferelease.metrics.definitions import METRICS, OUTCOMES, rule_metric_code
from saferelease.release_planning.models import OFFENDING_BEHAVIOUR_WORK, PROGRAMME_NEED
from saferelease.release_planning.selectors import FACT_FIELDS, facts_from_values

Value = float | int | None
Values = dict[str, Value]
Row = dict[str, Any]

_ONE_DAY: Final = dt.timedelta(days=1)
_HIGH_ROSH: Final = frozenset({RiskLevel.HIGH, RiskLevel.VERY_HIGH})
_TEMPORARY: Final = frozenset({AccommodationStatus.TEMPORARY, AccommodationStatus.CAS3})
_DETERMINATE: Final = frozenset({SentenceType.DETERMINATE, SentenceType.RECALL})
_OASYS_CURRENT: Final = dt.timedelta(days=364)
_OUTCOME_OF: Final = {
    Status.MET: "on_time",
    Status.MET_LATE: "late",
    Status.OVERDUE: "missed",
    Status.DUE_SOON: "missed",
    Status.NOT_YET_DUE: "missed",
}

#: The columns :func:`tally` reads, in this order: first what the custody figures need
#: (:data:`CUSTODY_FIELDS`), then the rest of what a release outcome needs.
CUSTODY_FIELDS: Final = (
    "establishment_id",
    "reception_date",
    "released_on",
    "date_of_birth",
    "offence_category",
    "sentence_type",
    "sentence_start_date",
    "sed",
    "rosh",
    "oasys_completed_date",
    "maintains_innocence",
    "programme_status",
)
ROW_FIELDS: Final = (
    *CUSTODY_FIELDS,
    "establishment__designated_resettlement",
    "accommodation_on_release",
    *(name for name in FACT_FIELDS if name not in CUSTODY_FIELDS),
)


def share(numerator: int, denominator: int) -> float | None:
    """A fraction between 0 and 1, or None when the denominator is 0."""
    return numerator / denominator if denominator else None


# -----------------------------------------------------------------------------------------
# Periods
# -----------------------------------------------------------------------------------------


def months_in(start: dt.date, end: dt.date) -> float:
    """Calendar months from ``start`` to ``end`` inclusive: whole months, then the part
    month as a fraction of its length (1 January to 31 March is 3.0)."""
    after = end + _ONE_DAY
    whole = 0
    while add_months(start, whole + 1) <= after:
        whole += 1
    base, following = add_months(start, whole), add_months(start, whole + 1)
    return whole + (after - base).days / (following - base).days


@dataclass(frozen=True, slots=True)
class Period:
    """From ``start`` to ``end``, both inclusive."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("The end date must be the same as or after the start date")

    @property
    def months(self) -> float:
        return months_in(self.start, self.end)

    def contains(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def monthly(self) -> list[Period]:
        """The calendar months overlapping this period, each clamped to it."""
        result = []
        first = self.start.replace(day=1)
        while first <= self.end:
            following = add_months(first, 1)
            result.append(Period(max(first, self.start), min(following - _ONE_DAY, self.end)))
            first = following
        return result


def default_period(today: dt.date) -> Period:
    """The last 12 months up to and including ``today``."""
    return Period(add_months(today, -12) + _ONE_DAY, today)


def last_months(end: dt.date, months: int) -> Period:
    """The last ``months`` calendar months up to ``end``, the month of ``end`` counting as
    one (3 months to 15 March: 1 January to 15 March)."""
    return Period(add_months(end.replace(day=1), 1 - months), end)


# -----------------------------------------------------------------------------------------
# A man's fixed attributes (derived once, whatever the day)
# -----------------------------------------------------------------------------------------


def age_on(date_of_birth: dt.date, day: dt.date) -> int:
    before_birthday = (day.month, day.day) < (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - before_birthday


def latest_birth_date_aged_50(day: dt.date) -> dt.date:
    """The latest date of birth of a man aged 50 or over on ``day`` (:func:`age_on`): the
    same day 50 years earlier, or 28 February when ``day`` is 29 February."""
    try:
        return day.replace(year=day.year - 50)
    except ValueError:
        return dt.date(day.year - 50, 2, 28)


def oasys_current_since(day: dt.date) -> dt.date:
    """The earliest last-OASys date that is current on ``day`` (364 days before it)."""
    return day - _OASYS_CURRENT


def band_of(sentence_type: str, start: dt.date | None, sed: dt.date | None) -> str | None:
    """``under_4_years``, ``4_to_10_years``, ``over_10_years``, ``indeterminate`` or
    ``length_not_recorded`` for a sentenced man; None for remand.

    Length is the sentence expiry date minus the sentence start, in calendar months:
    under 4 years if the SED is before start + 48 months; over 10 years if it is after
    start + 120 months; otherwise 4 to 10 years (both ends included).
    """
    if sentence_type == SentenceType.INDETERMINATE:
        return "indeterminate"
    if sentence_type not in _DETERMINATE:
        return None
    if start is None or sed is None:
        return "length_not_recorded"
    if sed < add_months(start, 48):
        return "under_4_years"
    if sed > add_months(start, 120):
        return "over_10_years"
    return "4_to_10_years"


def sentence_band(row: Row) -> str | None:
    """:func:`band_of` for a row with ``sentence_type``, ``sentence_start_date`` and
    ``sed``."""
    return band_of(row["sentence_type"], row["sentence_start_date"], row["sed"])


_BANDS: Final = (
    "under_4_years",
    "4_to_10_years",
    "over_10_years",
    "indeterminate",
    "length_not_recorded",
)


@cache
def _custody_keys(
    sexual: bool, sentence_type: str, band: str | None, rosh: str, innocent: bool, programme: str
) -> tuple[str, ...]:
    """What a man in custody counts towards on any day (memoised: few combinations).
    ``rosh:`` is "no RoSH recorded"; a band makes him sentenced."""
    keys = ["population", f"rosh:{rosh}"]
    if sexual:
        keys.append("sexual")
    if sentence_type == SentenceType.INDETERMINATE:
        keys.append("indeterminate")
    if band is not None:
        keys.append(f"band:{band}")
    if innocent:
        keys.append("innocence")
        if programme in OFFENDING_BEHAVIOUR_WORK:
            keys.append("innocence_work")
    if programme in PROGRAMME_NEED:
        keys.append("programme_need")
    return tuple(keys)


_OVER_50: Final = ("over_50",)
#: Sentenced, with an OASys date on or before the day (or none at all): the denominator.
_OASYS_KNOWN: Final = ("oasys_known",)
#: ... and the last OASys within the 364 days up to the day.
_OASYS_CURRENT_KEYS: Final = ("oasys_current",)


def custody_values(counts: Counter[str]) -> Values:
    """The custody figures from the counts of the men in custody at the end of a day."""
    population = counts["population"]
    not_recorded = counts["rosh:"]
    rosh_recorded = population - not_recorded
    sentenced = sum(counts[f"band:{band}"] for band in _BANDS)
    values: Values = {
        "population": population,
        "sexual_offence_share": share(counts["sexual"], population),
        "over_50_share": share(counts["over_50"], population),
        "indeterminate_count": counts["indeterminate"],
        "high_rosh_share": share(
            counts[f"rosh:{RiskLevel.HIGH}"] + counts[f"rosh:{RiskLevel.VERY_HIGH}"], rosh_recorded
        ),
        "rosh_not_recorded_count": not_recorded,
        "oasys_current_share": share(counts["oasys_current"], counts["oasys_known"]),
        "maintaining_innocence_count": counts["innocence"],
        "maintaining_innocence_with_work_share": share(
            counts["innocence_work"], counts["innocence"]
        ),
        "programme_need_count": counts["programme_need"],
    }
    for level in RiskLevel:
        values[f"rosh_{level.value}_share"] = share(counts[f"rosh:{level.value}"], rosh_recorded)
    for band in _BANDS:
        values[f"sentence_{band}_share"] = share(counts[f"band:{band}"], sentenced)
    return values


# -----------------------------------------------------------------------------------------
# Men released in a period
# -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReleaseOutcome:
    """What a released man's release looked like, with his deadlines judged at release."""

    released_on: dt.date
    accommodation: str
    rosh: str
    mappa_category: int | None
    mappa_level_set_date: dt.date | None
    statuses: Mapping[str, Status] = field(default_factory=dict)


def release_outcome(row: Row) -> ReleaseOutcome:
    """Evaluate every rule at ``as_of`` = the release date (the row must be released)."""
    released_on = row["released_on"]
    results = evaluate(facts_from_values(row), released_on)
    return ReleaseOutcome(
        released_on=released_on,
        accommodation=row["accommodation_on_release"] or "",
        rosh=row["rosh"] or "",
        mappa_category=row["mappa_category"],
        mappa_level_set_date=row["mappa_level_set_date"],
        statuses={result.rule: result.status for result in results},
    )


def mappa_set_on_time(outcome: ReleaseOutcome) -> bool:
    """Level set on or before the release date minus 6 calendar months (clamped)."""
    set_on = outcome.mappa_level_set_date
    return set_on is not None and set_on <= add_months(outcome.released_on, -6)


#: The count a rule's status at release goes to, e.g. ``rule:com-allocated:late``.
_RULE_KEYS: Final = {
    (rule.code, status): f"rule:{rule.code}:{outcome}"
    for rule in RULES
    for status, outcome in _OUTCOME_OF.items()
}


def release_keys(outcome: ReleaseOutcome) -> list[str]:
    """What one release counts towards."""
    keys = ["releases"]
    if outcome.accommodation == AccommodationStatus.NONE:
        keys.append("homeless")
        if outcome.rosh in _HIGH_ROSH:
            keys.append("high_risk_homeless")
    elif outcome.accommodation in _TEMPORARY:
        keys.append("temporary")
    if outcome.mappa_category is not None:
        keys.append("mappa")
        if mappa_set_on_time(outcome):
            keys.append("mappa_on_time")
    for code, status in outcome.statuses.items():
        key = _RULE_KEYS.get((code, status))
        if key is not None:
            keys.append(key)
    return keys


def release_values(counts: Counter[str], months: float) -> Values:
    """The release figures from the counts of the releases in a period of ``months``."""
    total = counts["releases"]
    by_rule = {
        rule.code: {outcome: counts[f"rule:{rule.code}:{outcome}"] for outcome in OUTCOMES}
        for rule in RULES
    }
    transfers = by_rule[resettlement_transfer.RULE.code]
    needed = sum(transfers.values())
    achieved = transfers["on_time"] + transfers["late"]
    com = by_rule[com_allocated.RULE.code]
    values: Values = {
        "releases_count": total,
        "releases_per_month": total / months,
        "released_homeless_share": share(counts["homeless"], total),
        "released_temporary_share": share(counts["temporary"], total),
        "high_risk_released_homeless_count": counts["high_risk_homeless"],
        "mappa_set_on_time_share": share(counts["mappa_on_time"], counts["mappa"]),
        "com_allocated_on_time_share": share(com["on_time"], sum(com.values())),
        "resettlement_transfers_needed_count": needed,
        "resettlement_transfers_achieved_count": achieved,
        "resettlement_transfers_achieved_share": share(achieved, needed),
    }
    for code, outcomes in by_rule.items():
        applicable = sum(outcomes.values())
        for outcome, count in outcomes.items():
            values[rule_metric_code(code, outcome)] = share(count, applicable)
    return values


def release_metrics(outcomes: Iterable[ReleaseOutcome], period: Period) -> Values:
    """The release figures for the men released in ``period``."""
    counts: Counter[str] = Counter()
    for outcome in outcomes:
        if period.contains(outcome.released_on):
            counts.update(release_keys(outcome))
    return release_values(counts, period.months)


# -----------------------------------------------------------------------------------------
# Counting every man once
# -----------------------------------------------------------------------------------------


def values_from_counts(
    custody: Counter[str], releases: Counter[str], period: Period, programme_places: int | None
) -> Values:
    """Every metric, keyed by code in :data:`METRICS` order: ``custody`` counts the men in
    custody at the end of the period, ``releases`` the men released in it."""
    values = {
        **custody_values(custody),
        **release_values(releases, period.months),
        "programme_places": programme_places,
    }
    return {metric.code: values[metric.code] for metric in METRICS}


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts for one establishment, or several added together, in each of a list of
    buckets: consecutive periods, in order, that together make up a window."""

    #: The men in custody at the end of each bucket's last day.
    custody: list[Counter[str]]
    #: The men released in each bucket.
    releases: list[Counter[str]]

    @classmethod
    def total(cls, tallies: Iterable[Tally], buckets: int) -> Tally:
        """The tallies added together (all zero when there are none)."""
        total = cls(_zeros(buckets), _zeros(buckets))
        for tally in tallies:
            for mine, theirs in zip(total.custody, tally.custody, strict=True):
                mine.update(theirs)
            for mine, theirs in zip(total.releases, tally.releases, strict=True):
                mine.update(theirs)
        return total

    def bucket_values(
        self, buckets: Sequence[Period], programme_places: int | None
    ) -> list[Values]:
        """Every metric for each bucket, computed as for a period of its own."""
        return [
            values_from_counts(custody, releases, bucket, programme_places)
            for custody, releases, bucket in zip(self.custody, self.releases, buckets, strict=True)
        ]

    def window_values(self, window: Period, programme_places: int | None) -> Values:
        """Every metric over the whole window: the men in custody at the end of its last
        bucket, the releases in all of them."""
        releases: Counter[str] = Counter()
        for counts in self.releases:
            releases.update(counts)
        return values_from_counts(self.custody[-1], releases, window, programme_places)


#: Men counted over a range of days: (establishment id, index of the first day, index
#: after the last, what they count towards).
_Span = tuple[int, int, int, tuple[str, ...]]


def tally(rows: Iterable[Sequence[Any]], buckets: Sequence[Period]) -> dict[int, Tally]:
    """Count ``rows`` (tuples in :data:`ROW_FIELDS` order) per establishment id into
    ``buckets`` (consecutive periods, in order): every establishment with a row has a
    tally, even if nobody there was in custody or released in any bucket.

    One pass: a man in custody is noted once per range of bucket ends over which
    something about him holds (he is in custody from the first bucket end on or after his
    reception to the last before his release; over 50 from the first on which
    :func:`age_on` is 50; his last OASys known from its date and current for 364 days),
    and the ranges are summed per day afterwards. A man released in a bucket has his
    release outcome worked out once.
    """
    days = [bucket.end for bucket in buckets]
    starts = [bucket.start for bucket in buckets]
    # Per day, sorted like the days, to look each man up in with a binary search.
    born_by = [latest_birth_date_aged_50(day) for day in days]
    oasys_since = [oasys_current_since(day) for day in days]
    first_day, last_day, count = starts[0], days[-1], len(days)
    spans: list[_Span] = []
    note = spans.append
    # Every establishment with a row gets an entry here, released men or not.
    releases: dict[int, list[Counter[str]]] = {}
    width = len(CUSTODY_FIELDS)
    for row in rows:
        (
            establishment,
            received,
            released,
            born,
            offence,
            sentence_type,
            sentence_start,
            sed,
            rosh,
            oasys,
            innocent,
            programme,
        ) = row[:width]
        if establishment not in releases:
            releases[establishment] = _zeros(count)
        first = bisect_left(days, received)
        stop = count if released is None else bisect_left(days, released)
        if first < stop:
            band = band_of(sentence_type, sentence_start, sed)
            keys = _custody_keys(
                offence == "sexual", sentence_type, band, rosh or "", innocent, programme
            )
            note((establishment, first, stop, keys))
            over_50 = bisect_left(born_by, born)
            if over_50 < stop:
                note((establishment, max(first, over_50), stop, _OVER_50))
            if band is not None and oasys is None:
                note((establishment, first, stop, _OASYS_KNOWN))
            elif band is not None:
                known = max(first, bisect_left(days, oasys))
                current_stop = min(stop, bisect_right(oasys_since, oasys))
                if known < stop:
                    note((establishment, known, stop, _OASYS_KNOWN))
                if known < current_stop:
                    note((establishment, known, current_stop, _OASYS_CURRENT_KEYS))
        if released is not None and first_day <= released <= last_day:
            outcome = release_outcome(dict(zip(ROW_FIELDS, row, strict=True)))
            bucket = bisect_right(starts, released) - 1
            releases[establishment][bucket].update(release_keys(outcome))
    custody = _per_day(Counter(spans), count)
    return {
        establishment: Tally(custody.get(establishment) or _zeros(count), counts)
        for establishment, counts in releases.items()
    }


def _zeros(days: int) -> list[Counter[str]]:
    """Nothing counted yet, for each of ``days`` days (or buckets)."""
    return [Counter() for _ in range(days)]


def _per_day(spans: Counter[_Span], days: int) -> dict[int, list[Counter[str]]]:
    """Per establishment, the counts on each day: where a range starts its keys go up by
    its number of men, where it stops they go down, and a running sum gives each day."""
    changes: dict[int, list[Counter[str]]] = {}
    for (establishment, first, stop, keys), men in spans.items():
        if establishment not in changes:
            changes[establishment] = _zeros(days + 1)
        at = changes[establishment]
        for key in keys:
            at[first][key] += men
            at[stop][key] -= men
    per_day: dict[int, list[Counter[str]]] = {}
    for establishment, at in changes.items():
        running: Counter[str] = Counter()
        per_day[establishment] = []
        for change in at[:days]:
            running.update(change)
            per_day[establishment].append(running.copy())
    return per_day
