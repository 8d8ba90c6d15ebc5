"""What the dashboards, the PDF report and the recommendation include show: figures with
their definitions, trend charts with their tables, and the side-by-side comparison."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from saferelease.core.dates import format_date
from saferelease.deadlines import RULES
from saferelease.establishments.models import Establishment
from saferelease.metrics import selectors
from saferelease.metrics.catalogue import (
    CONTRACT_CODES,
    METRICS,
    METRICS_BY_CODE,
    OUTCOMES,
    Group,
    Metric,
    Value,
    Values,
    rule_metric_code,
)
from saferelease.metrics.change import ChangeTest
from saferelease.metrics.charts import Chart, bar_chart, line_chart
from saferelease.metrics.formatting import format_value, month_label, month_name
from saferelease.metrics.periods import Period
from saferelease.metrics.selectors import EstablishmentValues, MonthValues, Report


@dataclass(frozen=True)
class Figure:
    metric: Metric
    value: Value


@dataclass(frozen=True)
class FigureGroup:
    title: str
    figures: list[Figure]


def figure_groups(values: Values) -> list[FigureGroup]:
    """Every metric except the per-rule deadline shares, grouped as on screen."""
    return [
        FigureGroup(
            group.value,
            [Figure(m, values[m.code]) for m in METRICS if m.group == group],
        )
        for group in Group
        if group != Group.DEADLINES
    ]


@dataclass(frozen=True)
class DeadlineRow:
    title: str
    description: str
    on_time: Value
    late: Value
    missed: Value


def deadline_rows(values: Values) -> list[DeadlineRow]:
    """For every deadline rule: the share met on time, late and missed at release."""
    rows = []
    for rule in RULES:
        shares = [values[rule_metric_code(rule.code, outcome)] for outcome in OUTCOMES]
        rows.append(DeadlineRow(rule.title, rule.description, *shares))
    return rows


@dataclass(frozen=True)
class TrendChart:
    """A chart and the table of the same figures."""

    chart_id: str
    metric: Metric
    chart: Chart
    rows: list[tuple[str, str]]  # (month, formatted value)

    @property
    def svg(self) -> str:
        return self.chart.svg(self.chart_id)


def _describe(metric: Metric, months: Sequence[MonthValues]) -> str:
    first, last = months[0].period, months[-1].period
    return (
        f"{metric.title}, month by month from {month_name(first.start)} to "
        f"{month_name(last.start)}. The table after the chart gives every figure."
    )


def _in_progress(period: Period) -> bool:
    """The period stops before the end of its month: the month in progress."""
    return (period.end + dt.timedelta(days=1)).day != 1


def trend_chart(metric: Metric, months: Sequence[MonthValues], prefix: str = "trend") -> TrendChart:
    values = [m.values[metric.code] for m in months]
    partial = bool(months) and _in_progress(months[-1].period)
    description = _describe(metric, months)
    if partial:
        description += (
            f" {month_name(months[-1].period.start)} is the month to date, drawn dashed: "
            "not a whole month's figure."
        )
    chart = line_chart(
        metric.title,
        description,
        [month_label(m.period.start) for m in months],
        values,
        metric.unit,
        last_partial=partial,
    )
    rows = [
        (_month_words(m.period), format_value(v, metric.unit, places=1))
        for m, v in zip(months, values, strict=True)
    ]
    return TrendChart(f"{prefix}-{metric.code.replace('_', '-')}", metric, chart, rows)


def _month_words(period: Period) -> str:
    words = month_name(period.start)
    if period.start.day != 1 or _in_progress(period):
        dates = f"{format_date(period.start)} to {format_date(period.end)}"
        if _in_progress(period):
            return f"{words}, month to date ({dates})"
        return f"{words} ({dates})"
    return words


def trend_charts(report: Report) -> list[TrendChart]:
    charted = [m for m in METRICS if m.charted]
    return [trend_chart(metric, report.months) for metric in charted]


# -----------------------------------------------------------------------------------------
# Establishments side by side
# -----------------------------------------------------------------------------------------

COMPARISON_CODES = CONTRACT_CODES
BAR_CHART_LIMIT = 25


def comparison_sort(
    rows: list[EstablishmentValues], sort: str
) -> tuple[list[EstablishmentValues], str]:
    """Sort by establishment ``name`` or by a metric code; ``-`` in front for descending.
    Missing figures sort last. Unknown keys fall back to name."""
    key = sort.lstrip("-")
    descending = sort.startswith("-")
    if key not in COMPARISON_CODES:
        return sorted(rows, key=lambda r: r.establishment.name, reverse=descending), (
            "-name" if descending else "name"
        )
    present = [r for r in rows if r.values[key] is not None]
    missing = [r for r in rows if r.values[key] is None]
    present.sort(
        key=lambda r: (float(r.values[key] or 0), r.establishment.name), reverse=descending
    )
    return present + sorted(missing, key=lambda r: r.establishment.name), sort


def comparison_chart(rows: Sequence[EstablishmentValues], code: str) -> TrendChart:
    metric = METRICS_BY_CODE[code if code in COMPARISON_CODES else "population"]
    shown = list(rows)[:BAR_CHART_LIMIT]
    chart = bar_chart(
        f"{metric.title} by establishment",
        f"{metric.title} for {len(shown)} establishments, in the order of the table. "
        "The table gives every figure.",
        [r.establishment.name for r in shown],
        [r.values[metric.code] for r in shown],
        metric.unit,
    )
    return TrendChart(
        "comparison",
        metric,
        chart,
        [
            (r.establishment.name, format_value(r.values[metric.code], metric.unit, places=1))
            for r in shown
        ],
    )


@dataclass(frozen=True)
class Column:
    title: str
    next_sort: str
    aria_sort: str
    numeric: bool


def comparison_columns(sort: str) -> list[Column]:
    """Sortable headings: selecting the current column reverses it; others start with the
    largest first (name: A to Z)."""
    columns = []
    for key, title in [("name", "Establishment")] + [
        (code, METRICS_BY_CODE[code].title) for code in COMPARISON_CODES
    ]:
        current = sort.lstrip("-") == key
        descending = sort.startswith("-")
        if current:
            aria = "descending" if descending else "ascending"
            next_sort = key if descending else f"-{key}"
        else:
            aria = "none"
            next_sort = key if key == "name" else f"-{key}"
        columns.append(Column(title, next_sort, aria, key != "name"))
    return columns


# -----------------------------------------------------------------------------------------
# A recommendation's linked metric (templates/metrics/includes/recommendation_trend.html)
# -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecommendationTrend:
    metric: Metric
    chart: TrendChart
    test: ChangeTest


def recommendation_trend(
    code: str,
    establishment: Establishment,
    inspection_date: dt.date,
    as_of: dt.date,
    *,
    claimed_complete: bool,
    chart_id: str = "",
) -> RecommendationTrend | None:
    """The metric's monthly trend since the inspection and the "marked complete but nothing
    changed" test, for an establishment the caller has already scoped. None for an unknown
    metric code. ``chart_id`` keeps ids unique when a page shows several."""
    try:
        trend = selectors.metric_trend_since(code, establishment, inspection_date, as_of)
    except selectors.UnknownMetric:
        return None
    months = [selectors.MonthValues(p.period, {code: p.value}) for p in trend.points]
    chart = trend_chart(
        trend.metric, months, prefix=chart_id or f"recommendation-{establishment.code}"
    )
    test = selectors.marked_complete_no_change(
        code, establishment, inspection_date, as_of, claimed_complete=claimed_complete
    )
    return RecommendationTrend(trend.metric, chart, test)
