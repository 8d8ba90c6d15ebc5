"""Every public-protection metric, declared once: its words next to its counting.

One module per family of metrics (the groups the dashboards show), each with ``METRICS``,
its declarations (:class:`~.metric.Metric`: code, title, definition, better direction,
group and the :data:`~.metric.Figure` that counts it). :data:`METRICS` lists the families
in the order everything shows them: the dashboards, charts, exports, API, the
``saferelease metrics`` command and the tables in ``docs/metrics.md``
(:func:`~.docs.metrics_markdown_tables`). Adding a metric:
``docs/how-to/add-a-metric.md``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from saferelease.metrics.catalogue import (
    deadlines,
    health_and_work,
    offender_management,
    population,
    programmes,
    public_protection,
    releases,
    risk,
)
from saferelease.metrics.catalogue.deadlines import OUTCOMES, rule_metric_code
from saferelease.metrics.catalogue.metric import (
    Better,
    Count,
    Counted,
    Figure,
    Group,
    InCustody,
    InCustodyWhile,
    Metric,
    Recorded,
    Released,
    Standing,
    Unit,
    Value,
    Values,
    share,
)

__all__ = [
    "CONTRACT_CODES",
    "METRICS",
    "METRICS_BY_CODE",
    "OUTCOMES",
    "Better",
    "Count",
    "Counted",
    "Figure",
    "Group",
    "InCustody",
    "InCustodyWhile",
    "Metric",
    "Recorded",
    "Released",
    "Standing",
    "Unit",
    "Value",
    "Values",
    "rule_metric_code",
    "share",
    "title_for",
]

#: Every metric, family by family, in the order they are shown.
METRICS: Final[tuple[Metric, ...]] = (
    *population.METRICS,
    *risk.METRICS,
    *releases.METRICS,
    *public_protection.METRICS,
    *health_and_work.METRICS,
    *programmes.METRICS,
    *offender_management.METRICS,
    *deadlines.METRICS,
)
METRICS_BY_CODE: Final = MappingProxyType({metric.code: metric for metric in METRICS})

#: The command line's minimum set of metrics (docs/metrics.md), in this order.
CONTRACT_CODES: Final = (
    "population",
    "sexual_offence_share",
    "over_50_share",
    "indeterminate_count",
    "high_rosh_share",
    "releases_per_month",
    "released_homeless_share",
    "oasys_current_share",
    "mappa_set_on_time_share",
)


def title_for(code: str) -> str:
    """How staff see a metric: its title ("Released homeless"), never its code. A code no
    longer defined (linked before the metric was withdrawn) reads as such."""
    metric = METRICS_BY_CODE.get(code)
    return metric.title if metric else "A metric no longer computed"
