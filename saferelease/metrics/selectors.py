"""Reads for the metrics: scoped through the establishments selector, one query per scope
and window, counted in one pass by :func:`.counting.tally` (per establishment, per
month or for the whole window)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.http import Http404

from saferelease.accounts.actors import Viewer
from saferelease.accounts.capabilities import Capability, has
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishments_visible_to
from saferelease.metrics.catalogue import METRICS_BY_CODE, Metric, Value, Values
from saferelease.metrics.change import ChangeTest, windows
from saferelease.metrics.counting import ROW_FIELDS, Tally, tally
from saferelease.metrics.periods import Period
from saferelease.release_planning.models import Prisoner


@dataclass(frozen=True)
class Scope:
    """The establishments a set of figures covers."""

    establishments: tuple[Establishment, ...]
    #: True when the scope is every establishment (no filter in the query).
    everything: bool = False

    @property
    def label(self) -> str:
        if self.everything:
            return "All establishments"
        if len(self.establishments) == 1:
            return self.establishments[0].name
        return f"{len(self.establishments)} establishments"

    @property
    def codes(self) -> list[str]:
        return [e.code for e in self.establishments]

    @property
    def programme_places(self) -> int | None:
        places = [e.programme_places for e in self.establishments if e.programme_places is not None]
        return sum(places) if places else None


def _scope(establishments: Any, codes: Sequence[str] | None, everything: bool) -> Scope:
    wanted = sorted({code.strip().upper() for code in codes or () if code.strip()})
    if not wanted:
        return Scope(tuple(establishments.order_by("name")), everything=everything)
    found = tuple(establishments.filter(code__in=wanted).order_by("name"))
    if len(found) != len(wanted):
        raise Http404("No such establishment")
    return Scope(found)


def scope_for(user: Viewer, codes: Sequence[str] | None = None) -> Scope:
    """The establishments asked for, if the user may see every one (else Http404); with no
    codes, every establishment the user may see."""
    return _scope(
        establishments_visible_to(user), codes, has(user, Capability.SEE_ALL_ESTABLISHMENTS)
    )


def scope_of(establishment: Establishment) -> Scope:
    """One establishment the caller has already scoped (for example an action plan's)."""
    return Scope((establishment,))


def scope_unscoped(codes: Sequence[str] | None = None) -> Scope:
    """For trusted callers only (the command line): unknown codes raise Http404."""
    return _scope(Establishment.objects.all(), codes, everything=True)


@dataclass(frozen=True)
class Population:
    """The counts for a scope over a window, per establishment id and per bucket (each
    calendar month of the window, or the whole window)."""

    window: Period
    buckets: list[Period]
    tallies: dict[int, Tally]

    def total(self) -> Tally:
        return Tally.total(self.tallies.values(), len(self.buckets))


def load(scope: Scope, window: Period, *, monthly: bool = False) -> Population:
    """One query: men received by the window's end and not released before its start,
    counted month by month (``monthly``) or over the whole window."""
    prisoners = Prisoner.objects.filter(reception_date__lte=window.end).filter(
        Q(released_on__isnull=True) | Q(released_on__gte=window.start)
    )
    if not scope.everything:
        prisoners = prisoners.filter(establishment__in=[e.id for e in scope.establishments])
    buckets = window.monthly() if monthly else [window]
    rows = prisoners.order_by().values_list(*ROW_FIELDS)
    return Population(window, buckets, tally(rows, buckets))


@dataclass(frozen=True)
class MonthValues:
    period: Period
    values: Values


@dataclass(frozen=True)
class Report:
    """Everything a dashboard, export or the API shows for one scope and period."""

    scope: Scope
    period: Period
    values: Values
    months: list[MonthValues]


def metric_values(scope: Scope, period: Period) -> Values:
    """Every metric for the scope over the period (the CLI and API object)."""
    return load(scope, period).total().window_values(period, scope.programme_places)


def _report(scope: Scope, population: Population) -> Report:
    total = population.total()
    places = scope.programme_places
    months = total.bucket_values(population.buckets, places)
    return Report(
        scope,
        population.window,
        total.window_values(population.window, places),
        [MonthValues(m, v) for m, v in zip(population.buckets, months, strict=True)],
    )


def metric_report(scope: Scope, period: Period) -> Report:
    """The period's figures and the same figures month by month, from one query."""
    return _report(scope, load(scope, period, monthly=True))


@dataclass(frozen=True)
class EstablishmentValues:
    establishment: Establishment
    values: Values


def establishment_comparison(scope: Scope, period: Period) -> list[EstablishmentValues]:
    """Each establishment in the scope that has prisoner records in the period, side by
    side, in name order (one query)."""
    return _comparison(scope, load(scope, period))


def national_report(scope: Scope, period: Period) -> tuple[Report, list[EstablishmentValues]]:
    """The report and the establishments side by side, from one query."""
    population = load(scope, period, monthly=True)
    return _report(scope, population), _comparison(scope, population)


def _comparison(scope: Scope, population: Population) -> list[EstablishmentValues]:
    return [
        EstablishmentValues(
            establishment,
            population.tallies[establishment.id].window_values(
                population.window, establishment.programme_places
            ),
        )
        for establishment in scope.establishments
        if establishment.id in population.tallies
    ]


# -----------------------------------------------------------------------------------------
# Metrics tied to recommendations
# -----------------------------------------------------------------------------------------


class UnknownMetric(ValueError):
    pass


def metric_get(code: str) -> Metric:
    try:
        return METRICS_BY_CODE[code]
    except KeyError:
        raise UnknownMetric(f"Unknown metric code: {code}") from None


@dataclass(frozen=True)
class TrendPoint:
    period: Period
    value: Value


@dataclass(frozen=True)
class MetricTrend:
    metric: Metric
    establishment: Establishment
    points: list[TrendPoint]


def metric_trend_since(
    code: str, establishment: Establishment, since: dt.date, as_of: dt.date
) -> MetricTrend:
    """One metric month by month from ``since``'s month to ``as_of`` at one establishment
    the caller has already scoped. Raises :class:`UnknownMetric`."""
    metric = metric_get(code)
    scope = scope_of(establishment)
    report = metric_report(scope, Period(min(since, as_of), as_of))
    points = [TrendPoint(m.period, m.values[metric.code]) for m in report.months]
    return MetricTrend(metric, establishment, points)


def _value_over(scope: Scope, metric: Metric, period: Period) -> Value:
    return metric_values(scope, period)[metric.code]


def marked_complete_no_change(
    code: str,
    establishment: Establishment,
    inspection_date: dt.date,
    as_of: dt.date,
    *,
    claimed_complete: bool = True,
) -> ChangeTest:
    """The "marked complete but nothing changed" test (:mod:`.change`) for one metric at an
    establishment the caller has already scoped. ``.flagged`` is the flag; ``.no_change``
    the metric's verdict whatever the claim. Raises :class:`UnknownMetric`."""
    metric = metric_get(code)
    scope = scope_of(establishment)
    spans = windows(inspection_date, as_of)
    before_value = after_value = None
    if spans is not None:
        before_value = _value_over(scope, metric, spans[0])
        after_value = _value_over(scope, metric, spans[1])
    return ChangeTest(
        metric=metric,
        inspection_date=inspection_date,
        as_of=as_of,
        before=spans[0] if spans else None,
        after=spans[1] if spans else None,
        before_value=before_value,
        after_value=after_value,
        claimed_complete=claimed_complete,
    )
