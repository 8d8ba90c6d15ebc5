"""The league table of establishments for regional and national managers (home page and
PDF): each establishment's release-planning deadlines met on time by rule, released
homeless, resettlement transfers achieved, and its current action plan's recommendations
claimed complete and verified, over the last 12 complete months.

One query for every establishment's metrics (``selectors.establishment_comparison``) and
one for the recommendations; see docs/benchmarks.md for its time on the demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from saferelease.accounts.actors import Actor
from saferelease.core.calendar import add_months
from saferelease.deadlines import RULES
from saferelease.establishments.models import Establishment, Region
from saferelease.metrics import selectors
from saferelease.metrics.catalogue import METRICS_BY_CODE, Metric
from saferelease.metrics.catalogue.deadlines import rule_metric_code
from saferelease.metrics.change import last_complete_day
from saferelease.metrics.periods import Period


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    metric: Metric | None  # None: a recommendations column


def columns() -> list[Column]:
    metric_columns = [
        ("released_homeless_share", "Released homeless"),
        ("resettlement_transfers_achieved_share", "Transfers achieved"),
    ]
    cols = [Column(code, heading, METRICS_BY_CODE[code]) for code, heading in metric_columns]
    cols += [
        Column(
            rule_metric_code(rule.code, "on_time"),
            f"{rule.item} on time",
            METRICS_BY_CODE[rule_metric_code(rule.code, "on_time")],
        )
        for rule in RULES
    ]
    cols += [
        Column("recs_claimed", "Recommendations claimed complete", None),
        Column("recs_verified", "Recommendations verified", None),
    ]
    return cols


@dataclass(frozen=True)
class LeagueRow:
    establishment: Establishment
    values: dict[str, Any]


@dataclass(frozen=True)
class League:
    period: Period
    region: Region | None
    columns: list[Column]
    rows: list[LeagueRow]


def league_period(as_of: dt.date) -> Period:
    """The last 12 complete calendar months."""
    end = last_complete_day(as_of)
    return Period(add_months(end + dt.timedelta(days=1), -12), end)


def league(user: Actor, *, as_of: dt.date, region: Region | None = None) -> League:
    from saferelease.actionplans.selectors_home import claimed_verified_by_establishment

    codes = list(region.establishments.values_list("code", flat=True)) if region else None
    scope = selectors.scope_for(user, codes)
    period = league_period(as_of)
    cols = columns()
    cvv = claimed_verified_by_establishment(user, as_of=as_of)
    rows = []
    for entry in selectors.establishment_comparison(scope, period):
        values: dict[str, Any] = {
            c.key: entry.values.get(c.key) for c in cols if c.metric is not None
        }
        found = cvv.get(entry.establishment.pk)
        values["recs_claimed"] = found.claimed_share if found else None
        values["recs_verified"] = found.verified_share if found else None
        rows.append(LeagueRow(entry.establishment, values))
    return League(period, region, cols, rows)


def region_from_query(query: Any) -> Region | None:
    """The region a picker chose (``?region=<id>``); None (all establishments) when absent
    or unknown."""
    raw = (query.get("region") if query is not None else "") or ""
    if not raw.isdigit():
        return None
    return Region.objects.filter(pk=int(raw)).first()
