"""The managers' league table on the home page (see saferelease/core/home.py)."""

from __future__ import annotations

from typing import Any

from saferelease.accounts.roles import Role
from saferelease.core.home import HomeContext, Panel, register
from saferelease.establishments.models import Region
from saferelease.metrics import league


def _league(context: HomeContext) -> dict[str, Any]:
    region = league.region_from_query(context.query)
    return {
        "league": league.league(context.user, as_of=context.as_of, region=region),
        "regions": list(Region.objects.all()),
    }


register(
    Panel(
        "manager-league-table",
        frozenset({Role.REGIONAL_MANAGER, Role.NATIONAL_MANAGER}),
        "metrics/home/league.html",
        _league,
        10,
    )
)
