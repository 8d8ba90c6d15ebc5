"""Reads for the metrics: scoped through the establishments selector, one query per scope
and window, counted in one pass by :func:`.counting.tally` (per establishment, per
month or for the whole window)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Final

from django.db.models import (
    Count,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce
from django.http import Http404

from saferelease.accounts.actors import Viewer
from saferelease.accounts.capabilities import Capability, has
from saferelease.accounts.models import User
from saferelease.accounts.roles import Role
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishments_visible_to
from saferelease.metrics.catalogue import (
    METRICS_BY_CODE,
    Counted,
    Metric,
    Standing,
    Value,
    Values,
)
from saferelease.metrics.catalogue.men import OMU_FIELDS
from saferelease.metrics.catalogue.records import (
    ComReportRecord,
    QaReviewRecord,
    SupervisionRecord,
)
from saferelease.metrics.change import ChangeTest, windows
from saferelease.metrics.counting import ROW_FIELDS, Tally, tally, tally_records
from saferelease.metrics.periods import Period
from saferelease.omu.models import (
    ComReportRequest,
    EngagementOffer,
    Programme,
    ProgrammeNeed,
    QaAnswer,
    QaReview,
    SupervisionSession,
)
from saferelease.omu.rules import qa_meets_standard
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.selectors_results import DeadlineSummary, deadline_summary


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


#: The columns of a row read from ``Prisoner`` (the OMU's dates are joined in after).
_PRISONER_FIELDS: Final = tuple(name for name in ROW_FIELDS if name not in OMU_FIELDS)
#: Where the OMU's dates go in a row (they are the last fields of a ``Man``).
_OMU_AT: Final = ROW_FIELDS.index(OMU_FIELDS[0])
_NO_OMU_DATES: Final = (None,) * len(OMU_FIELDS)


def omu_dates(prisoners: QuerySet[Prisoner]) -> dict[int, tuple[Any, ...]]:
    """What the offender management unit recorded of each of the men, as
    :class:`~.catalogue.men.Man` reads it (by prisoner id; men with nothing recorded are
    left out): first and latest engagement offer; the first assessment as needing a
    programme; and the date he had started every programme he needed (None while one is
    not started). Two grouped queries."""
    ids = prisoners.order_by().values("pk")
    found: dict[int, list[Any]] = {}
    offers = (
        EngagementOffer.objects.filter(prisoner__in=ids)
        .order_by()
        .values("prisoner")
        .annotate(first=Min("offered_on"), latest=Max("offered_on"))
        .values_list("prisoner", "first", "latest")
    )
    for pk, first, latest in offers:
        found[pk] = [first, latest, None, None]
    needs = (
        ProgrammeNeed.objects.filter(prisoner__in=ids)
        .order_by()
        .values("prisoner")
        .annotate(
            since=Min("assessed_on"),
            unstarted=Count("pk", filter=Q(started_on__isnull=True)),
            last_start=Max("started_on"),
        )
        .values_list("prisoner", "since", "unstarted", "last_start")
    )
    for pk, since, unstarted, last_start in needs:
        dates = found.setdefault(pk, [None, None, None, None])
        dates[2], dates[3] = since, None if unstarted else last_start
    return {pk: tuple(dates) for pk, dates in found.items()}


def metric_rows(prisoners: QuerySet[Prisoner]) -> Iterator[tuple[Any, ...]]:
    """The men as :func:`.counting.tally` reads them (tuples in ``ROW_FIELDS`` order):
    one query for the men and two for what the OMU recorded of them (:func:`omu_dates`),
    joined here."""
    dates = omu_dates(prisoners)
    at, none = _OMU_AT, _NO_OMU_DATES
    for pk, *row in prisoners.order_by().values_list("pk", *_PRISONER_FIELDS):
        yield (*row[:at], *dates.get(pk, none), *row[at:])


@dataclass(frozen=True)
class Population:
    """The counts for a scope over a window, per establishment id and per bucket (each
    calendar month of the window, or the whole window), and what each establishment has
    now (:class:`~.catalogue.Standing`)."""

    window: Period
    buckets: list[Period]
    tallies: dict[int, Tally]
    standing: dict[int, Standing]

    def total(self) -> Tally:
        return Tally.total(self.tallies.values(), len(self.buckets))

    def standing_of(self, establishments: Sequence[Establishment]) -> Standing:
        total = Standing()
        for establishment in establishments:
            total += self.standing.get(establishment.id, Standing())
        return total


def omu_records(scope: Scope, window: Period) -> list[Any]:
    """The OMU's records of the scope dated in the window (by any date a count reads), as
    the rows of :mod:`.catalogue.records`."""
    ids = None if scope.everything else [e.id for e in scope.establishments]
    inside = {"gte": window.start, "lte": window.end}

    def dated(queryset: QuerySet[Any], *fields: str, establishment: str) -> QuerySet[Any]:
        when = Q()
        for name in fields:
            when |= Q(**{f"{name}__{op}": day for op, day in inside.items()})
        queryset = queryset.filter(when).order_by()
        if ids is not None:
            queryset = queryset.filter(**{f"{establishment}__in": ids})
        return queryset

    reviews = list(
        dated(
            QaReview.objects.all(),
            "due_on",
            "completed_on",
            establishment="sample__establishment",
        ).values_list("pk", "sample__establishment_id", "due_on", "completed_on")
    )
    ratings: dict[int, list[str]] = {}
    for review_id, rating in QaAnswer.objects.filter(
        review__in=[pk for pk, *_ in reviews]
    ).values_list("review_id", "rating"):
        ratings.setdefault(review_id, []).append(rating)
    records: list[Any] = [
        QaReviewRecord(est, due, done, qa_meets_standard(ratings.get(pk, ())))
        for pk, est, due, done in reviews
    ]
    sessions = dated(SupervisionSession.objects.all(), "held_on", establishment="establishment")
    records.extend(
        SupervisionRecord(*row) for row in sessions.values_list("establishment_id", "held_on")
    )
    reports = dated(
        ComReportRequest.objects.all(), "due_on", establishment="prisoner__establishment"
    )
    records.extend(
        ComReportRecord(*row)
        for row in reports.values_list("prisoner__establishment_id", "due_on", "received_on", "pdu")
    )
    return records


def standing_by_establishment(scope: Scope) -> dict[int, Standing]:
    """Per establishment of the scope: its programme places, its caseworkers (POMs)
    assigned and active, and the places a year of its active programmes."""
    establishments = Establishment.objects.order_by()
    if not scope.everything:
        establishments = establishments.filter(id__in=[e.id for e in scope.establishments])
    assigned: QuerySet[Any] = User.establishments.through.objects.filter(
        establishment=OuterRef("pk"), user__is_active=True, user__role=Role.CASEWORKER
    )
    poms = (
        assigned.order_by().values("establishment").annotate(found=Count("pk")).values("found")[:1]
    )
    places = (
        Programme.objects.filter(establishment=OuterRef("pk"), active=True)
        .order_by()
        .values("establishment")
        .annotate(found=Sum("places_per_year"))
        .values("found")[:1]
    )
    rows = establishments.annotate(
        poms=Coalesce(Subquery(poms, output_field=IntegerField()), 0),
        places=Subquery(places, output_field=IntegerField()),
    ).values_list("pk", "programme_places", "poms", "places")
    return {
        pk: Standing(programme_places, poms, places)
        for pk, programme_places, poms, places in rows
        if programme_places is not None or poms or places is not None
    }


def load(scope: Scope, window: Period, *, monthly: bool = False) -> Population:
    """Men received by the window's end and neither released nor transferred out before its
    start (three queries),
    the OMU's records dated in it and what each establishment has now, counted month by month
    (``monthly``) or over the whole window."""
    prisoners = (
        Prisoner.objects.filter(reception_date__lte=window.end)
        .filter(Q(released_on__isnull=True) | Q(released_on__gte=window.start))
        .filter(Q(transferred_out_on__isnull=True) | Q(transferred_out_on__gte=window.start))
    )
    if not scope.everything:
        prisoners = prisoners.filter(establishment__in=[e.id for e in scope.establishments])
    buckets = window.monthly() if monthly else [window]
    tallies = tally(metric_rows(prisoners), buckets)
    tally_records(omu_records(scope, window), buckets, tallies)
    return Population(window, buckets, tallies, standing_by_establishment(scope))


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
    population = load(scope, period)
    return population.total().window_values(period, _standing(scope, population))


def omu_counted(scope: Scope, period: Period) -> Counted:
    """The OMU's records of the scope dated in the period and what its establishments have
    now, counted as the catalogue counts them (no men: for the OMU's pages, which show the
    counts beside the figures)."""
    tallies: dict[int, Tally] = {}
    tally_records(omu_records(scope, period), [period], tallies)
    records: Counter[Any] = Counter()
    for found in tallies.values():
        records.update(found.records[0])
    standing = Standing()
    for each in standing_by_establishment(scope).values():
        standing += each
    return Counted({}, {}, period.months, standing, records)


def _standing(scope: Scope, population: Population) -> Standing:
    if scope.everything:
        total = Standing()
        for standing in population.standing.values():
            total += standing
        return total
    return population.standing_of(scope.establishments)


def _report(scope: Scope, population: Population) -> Report:
    total = population.total()
    standing = _standing(scope, population)
    months = total.bucket_values(population.buckets, standing)
    return Report(
        scope,
        population.window,
        total.window_values(population.window, standing),
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
                population.window, population.standing_of([establishment])
            ),
        )
        for establishment in scope.establishments
        if establishment.id in population.tallies
    ]


def deadlines_now(scope: Scope, *, as_of: dt.date) -> DeadlineSummary:
    """Every deadline rule's results at ``as_of`` for the men in custody in the scope,
    establishment by establishment and in total (the stored results when they are for
    ``as_of``: ``release_planning.selectors_results``)."""
    return deadline_summary(scope.establishments, as_of=as_of, everything=scope.everything)


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


#: Every metric's values per (establishment id, window), kept by a caller that tests several
#: metrics over the same windows (a plan's recommendations), so the men are loaded once a
#: window rather than once a metric.
ValuesCache = dict[tuple[int, Period], Values]


def _value_over(
    scope: Scope, metric: Metric, period: Period, establishment_id: int, cache: ValuesCache | None
) -> Value:
    if cache is None:
        return metric_values(scope, period)[metric.code]
    key = (establishment_id, period)
    if key not in cache:
        cache[key] = metric_values(scope, period)
    return cache[key][metric.code]


def marked_complete_no_change(
    code: str,
    establishment: Establishment,
    inspection_date: dt.date,
    as_of: dt.date,
    *,
    claimed_complete: bool = True,
    values_cache: ValuesCache | None = None,
) -> ChangeTest:
    """The "marked complete but nothing changed" test (:mod:`.change`) for one metric at an
    establishment the caller has already scoped. ``.flagged`` is the flag; ``.no_change``
    the metric's verdict whatever the claim. ``values_cache``: see :data:`ValuesCache`.
    Raises :class:`UnknownMetric`."""
    metric = metric_get(code)
    scope = scope_of(establishment)
    spans = windows(inspection_date, as_of)
    before_value = after_value = None
    if spans is not None:
        before_value = _value_over(scope, metric, spans[0], establishment.pk, values_cache)
        after_value = _value_over(scope, metric, spans[1], establishment.pk, values_cache)
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
