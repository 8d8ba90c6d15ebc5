"""Counting every metric of the catalogue in one pass over the men (no queries, no clock).

The selectors load one row per man (one query per scope and window, columns in
:data:`ROW_FIELDS` order) and :func:`tally` counts them, for every count that any metric
of :data:`saferelease.metrics.catalogue.METRICS` uses:

* each man's standing (:class:`~.catalogue.men.Profile`) is worked out once, and what it
  counts towards once per distinct standing; a count that depends on the day
  (:class:`~.catalogue.metric.InCustodyWhile`) becomes a range of days;
* so each man is noted once per range of days (bucket ends) over which he is in custody
  and something about him holds, and the ranges are summed per day afterwards;
* each released man's deadlines are evaluated once, by the release-planning engine, at
  ``as_of`` = his release date, and his release is counted in the bucket it fell in;
* the counts are kept per establishment and per bucket (a calendar month of a trend, or
  the whole period);
* the offender management unit's records (:mod:`.catalogue.records`) are counted by
  :func:`tally_records` into the bucket their date falls in, per establishment.

Every figure is then its metric's :data:`~.catalogue.metric.Figure` over those counts, so a
month, a whole period, one establishment and all of them are computed alike. The rules in
words are in the catalogue and ``docs/metrics.md``.

* **In custody on a day**: received on or before it, and not released or transferred out
  on or before it.
* **Released in a period**: a release date from the period's first to its last day.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from saferelease.deadlines import Status
from saferelease.metrics.catalogue import METRICS
from saferelease.metrics.catalogue.men import (
    RELEASE_FIELDS,
    Man,
    Profile,
    ReleaseOutcome,
    release_outcome,
)
from saferelease.metrics.catalogue.metric import (
    NO_STANDING,
    Count,
    Counted,
    InCustody,
    InCustodyWhile,
    Recorded,
    Released,
    Standing,
    Values,
)
from saferelease.metrics.periods import Period
from saferelease.release_planning.selectors import FACT_FIELDS


def _used(kind: type[Any]) -> tuple[Any, ...]:
    """Every count of ``kind`` some metric uses, once each, in catalogue order."""
    found: dict[Count, None] = {}
    for metric in METRICS:
        for count in metric.figure.counts():
            if isinstance(count, kind):
                found[count] = None
    return tuple(found)


CUSTODY_COUNTS: Final[tuple[InCustody, ...]] = _used(InCustody)
WHILE_COUNTS: Final[tuple[InCustodyWhile, ...]] = _used(InCustodyWhile)
RELEASE_COUNTS: Final[tuple[Released, ...]] = _used(Released)
RECORD_COUNTS: Final[tuple[Recorded, ...]] = _used(Recorded)

#: The columns :func:`tally` reads, in this order: a :class:`~.catalogue.men.Man` first,
#: then the rest of what a release outcome needs.
CUSTODY_FIELDS: Final = Man._fields
ROW_FIELDS: Final = (
    *CUSTODY_FIELDS,
    *RELEASE_FIELDS,
    *(name for name in FACT_FIELDS if name not in CUSTODY_FIELDS),
)


def values_of(counted: Counted) -> Values:
    """Every metric, keyed by code in catalogue order."""
    return {metric.code: metric.value(counted) for metric in METRICS}


def values_from_counts(
    custody: Counter[Any],
    releases: Counter[Any],
    period: Period,
    standing: Standing = NO_STANDING,
    records: Counter[Any] | None = None,
) -> Values:
    """Every metric: ``custody`` counts the men in custody at the end of the period,
    ``releases`` the men released in it, ``records`` the OMU's records dated in it."""
    return values_of(Counted(custody, releases, period.months, standing, records or Counter()))


def _by_rule_status() -> dict[tuple[str, Status], list[Released]]:
    by_status: dict[tuple[str, Status], list[Released]] = {}
    for count in RELEASE_COUNTS:
        if count.rule_statuses is not None:
            code, statuses = count.rule_statuses
            for status in statuses:
                by_status.setdefault((code, status), []).append(count)
    return by_status


#: The release counts that are a rule's outcome, by (rule code, status at release).
_BY_RULE_STATUS: Final = _by_rule_status()
#: The other release counts, asked one by one.
_TESTED: Final = tuple(count for count in RELEASE_COUNTS if count.rule_statuses is None)


def released_counts(outcome: ReleaseOutcome) -> list[Released]:
    """What one release counts towards."""
    counts = [count for count in _TESTED if count.holds(outcome)]
    for key in outcome.statuses.items():
        counts.extend(_BY_RULE_STATUS.get(key, ()))
    return counts


def release_metrics(outcomes: Iterable[ReleaseOutcome], period: Period) -> Values:
    """The release figures for the men released in ``period`` (custody figures of nobody)."""
    counts: Counter[Released] = Counter()
    for outcome in outcomes:
        if period.contains(outcome.released_on):
            counts.update(released_counts(outcome))
    values = values_from_counts(Counter(), counts, period)
    release_codes = {
        metric.code
        for metric in METRICS
        if any(isinstance(count, Released) for count in metric.figure.counts())
    }
    return {code: value for code, value in values.items() if code in release_codes}


@dataclass(frozen=True, slots=True)
class Tally:
    """Counts for one establishment, or several added together, in each of a list of
    buckets: consecutive periods, in order, that together make up a window."""

    #: The men in custody at the end of each bucket's last day.
    custody: list[Counter[Any]]
    #: The men released in each bucket.
    releases: list[Counter[Any]]
    #: The OMU's records dated in each bucket (:func:`tally_records`).
    records: list[Counter[Any]]

    @classmethod
    def total(cls, tallies: Iterable[Tally], buckets: int) -> Tally:
        """The tallies added together (all zero when there are none)."""
        total = cls(_zeros(buckets), _zeros(buckets), _zeros(buckets))
        for tally in tallies:
            for mine, theirs in zip(total.custody, tally.custody, strict=True):
                mine.update(theirs)
            for mine, theirs in zip(total.releases, tally.releases, strict=True):
                mine.update(theirs)
            for mine, theirs in zip(total.records, tally.records, strict=True):
                mine.update(theirs)
        return total

    def bucket_values(
        self, buckets: Sequence[Period], standing: Standing = NO_STANDING
    ) -> list[Values]:
        """Every metric for each bucket, computed as for a period of its own."""
        return [
            values_from_counts(custody, releases, bucket, standing, records)
            for custody, releases, records, bucket in zip(
                self.custody, self.releases, self.records, buckets, strict=True
            )
        ]

    def window_values(self, window: Period, standing: Standing = NO_STANDING) -> Values:
        """Every metric over the whole window: the men in custody at the end of its last
        bucket, the releases and records in all of them."""
        releases: Counter[Any] = Counter()
        for counts in self.releases:
            releases.update(counts)
        records: Counter[Any] = Counter()
        for counts in self.records:
            records.update(counts)
        return values_from_counts(self.custody[-1], releases, window, standing, records)


#: Men counted over a range of days: (establishment id, index of the first day, index
#: after the last, what they count towards).
_Span = tuple[int, int, int, tuple[InCustody | InCustodyWhile, ...]]


@dataclass(frozen=True, slots=True)
class _OnDays:
    """An :class:`InCustodyWhile` count with its bounds on each of the days (sorted like
    the days, so a man's date finds its range of days by binary search)."""

    date: Callable[[Man], Any]
    latest: list[Any] | None
    earliest: list[Any] | None
    undated: bool
    alone: tuple[InCustodyWhile]

    @classmethod
    def of(cls, count: InCustodyWhile, days: Sequence[Any]) -> _OnDays:
        latest = None if count.latest is None else [count.latest(day) for day in days]
        earliest = None if count.earliest is None else [count.earliest(day) for day in days]
        return cls(count.date, latest, earliest, count.undated, (count,))


#: What a man of some standing counts towards on every day he is in custody, and the
#: counts that also depend on the day.
_Plan = tuple[tuple[InCustody, ...], tuple[_OnDays, ...]]


def _plan(profile: Profile, on_days: dict[InCustodyWhile, _OnDays]) -> _Plan:
    return (
        tuple(count for count in CUSTODY_COUNTS if count.holds(profile)),
        tuple(on_days[count] for count in WHILE_COUNTS if count.holds(profile)),
    )


def tally(rows: Iterable[Sequence[Any]], buckets: Sequence[Period]) -> dict[int, Tally]:
    """Count ``rows`` (tuples in :data:`ROW_FIELDS` order) per establishment id into
    ``buckets`` (consecutive periods, in order): every establishment with a row has a
    tally, even if nobody there was in custody or released in any bucket.

    One pass: a man in custody is noted once per range of bucket ends over which
    something about him holds (he is in custody from the first bucket end on or after his
    reception to the last before his release or transfer out; a count that depends on the
    day, from the first bucket end whose bounds let his date in to the last), and the ranges
    are summed per day afterwards. A man released in a bucket has his release outcome worked out
    once.
    """
    days = [bucket.end for bucket in buckets]
    starts = [bucket.start for bucket in buckets]
    on_days = {held: _OnDays.of(held, days) for held in WHILE_COUNTS}
    # Per standing, worked out once (few combinations).
    plans: dict[Profile, _Plan] = {}
    first_day, last_day, count = starts[0], days[-1], len(days)
    spans: list[_Span] = []
    note = spans.append
    # Every establishment with a row gets an entry here, released men or not.
    releases: dict[int, list[Counter[Any]]] = {}
    width = len(CUSTODY_FIELDS)
    # tuple.__new__: a Man from the first columns of the row, without _make's checks.
    new, standing = tuple.__new__, Profile.of
    for row in rows:
        man: Man = new(Man, row[:width])
        establishment = man.establishment_id
        if establishment not in releases:
            releases[establishment] = _zeros(count)
        first = bisect_left(days, man.reception_date)
        released = man.released_on
        # He leaves custody on the first of his release and his transfer out.
        left, transferred = released, man.transferred_out_on
        if transferred is not None and (left is None or transferred < left):
            left = transferred
        stop = count if left is None else bisect_left(days, left)
        if first < stop:
            profile = standing(man)
            plan = plans.get(profile)
            if plan is None:
                plan = plans[profile] = _plan(profile, on_days)
            always, dated = plan
            note((establishment, first, stop, always))
            for held in dated:
                date = held.date(man)
                if date is None:
                    if held.undated:
                        note((establishment, first, stop, held.alone))
                    continue
                since = first if held.latest is None else max(first, bisect_left(held.latest, date))
                until = (
                    stop if held.earliest is None else min(stop, bisect_right(held.earliest, date))
                )
                if since < until:
                    note((establishment, since, until, held.alone))
        if released is not None and first_day <= released <= last_day:
            outcome = release_outcome(dict(zip(ROW_FIELDS, row, strict=True)))
            bucket = bisect_right(starts, released) - 1
            releases[establishment][bucket].update(released_counts(outcome))
    custody = _per_day(Counter(spans), count)
    return {
        establishment: Tally(custody.get(establishment) or _zeros(count), counts, _zeros(count))
        for establishment, counts in releases.items()
    }


def tally_records(
    records: Iterable[Any], buckets: Sequence[Period], tallies: dict[int, Tally]
) -> None:
    """Count the OMU's ``records`` (rows of :mod:`.catalogue.records`, any kinds) into the
    bucket each count's date falls in, per establishment, adding to ``tallies`` (an
    establishment with records and no men gets a tally of its own)."""
    starts = [bucket.start for bucket in buckets]
    first_day, last_day = buckets[0].start, buckets[-1].end
    by_kind: dict[type, list[Recorded]] = {}
    for counted in RECORD_COUNTS:
        by_kind.setdefault(counted.record, []).append(counted)
    for record in records:
        for counted in by_kind.get(type(record), ()):
            day = counted.date(record)
            if day is None or not first_day <= day <= last_day or not counted.holds(record):
                continue
            establishment = record.establishment_id
            found = tallies.get(establishment)
            if found is None:
                size = len(buckets)
                found = tallies[establishment] = Tally(_zeros(size), _zeros(size), _zeros(size))
            found.records[bisect_right(starts, day) - 1][counted] += 1


def _zeros(days: int) -> list[Counter[Any]]:
    """Nothing counted yet, for each of ``days`` days (or buckets)."""
    return [Counter() for _ in range(days)]


def _per_day(spans: Counter[_Span], days: int) -> dict[int, list[Counter[Any]]]:
    """Per establishment, the counts on each day: where a range starts its counts go up by
    its number of men, where it stops they go down, and a running sum gives each day."""
    changes: dict[int, list[Counter[Any]]] = {}
    for (establishment, first, stop, counts), men in spans.items():
        if establishment not in changes:
            changes[establishment] = _zeros(days + 1)
        at = changes[establishment]
        for counted in counts:
            at[first][counted] += men
            at[stop][counted] -= men
    per_day: dict[int, list[Counter[Any]]] = {}
    for establishment, at in changes.items():
        running: Counter[Any] = Counter()
        per_day[establishment] = []
        for change in at[:days]:
            running.update(change)
            per_day[establishment].append(running.copy())
    return per_day
