from __future__ import annotations

from django import template

from saferelease.metrics.catalogue import Metric, title_for
from saferelease.metrics.formatting import format_value

register = template.Library()


@register.filter
def metric_value(value: float | int | None, metric: Metric) -> str:
    """A figure in its metric's unit: "75%", "1,234", "30.3"."""
    return format_value(value, metric.unit)


@register.filter
def metric_title(code: str) -> str:
    """A metric's title for staff ("Released homeless"), never its code; an unknown code
    (linked before a metric was withdrawn) reads as such."""
    return title_for(code)


@register.filter
def metric_value_precise(value: float | int | None, metric: Metric) -> str:
    """As metric_value, with one decimal place for shares (for before/after comparisons)."""
    return format_value(value, metric.unit, places=1)
