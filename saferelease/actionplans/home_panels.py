"""Inspection panels of the home page (see saferelease/core/home.py): the governor's
current-plan delivery; the inspector's reviews due, claims awaiting a judgement and
claimed-versus-verified gaps."""

from __future__ import annotations

from typing import Any

from saferelease.accounts.roles import Role
from saferelease.actionplans import selectors_home as home
from saferelease.core.home import HomeContext, Panel, register


def _delivery(context: HomeContext) -> list[home.Delivery] | None:
    establishments = list(context.user.establishments.order_by("name"))
    deliveries = [home.delivery(context.user, e, as_of=context.as_of) for e in establishments]
    return [d for d in deliveries if d.plan is not None or d.counts.recommendations] or None


def _reviews_due(context: HomeContext) -> dict[str, Any]:
    due = home.reviews_due(context.user, as_of=context.as_of)
    return {"items": due[: home.LIST_LIMIT], "total": len(due)}


def _awaiting(context: HomeContext) -> dict[str, Any]:
    waiting = home.awaiting_judgement(context.user, as_of=context.as_of)
    return {"items": waiting[: home.LIST_LIMIT], "total": len(waiting)}


def _gaps(context: HomeContext) -> dict[str, Any]:
    gaps = home.claimed_verified_gaps(context.user, as_of=context.as_of)
    return {"items": gaps[: home.LIST_LIMIT], "total": len(gaps)}


_T = "actionplans/home/"
INSPECTOR = frozenset({Role.INSPECTOR})

register(
    Panel("governor-delivery", frozenset({Role.GOVERNOR}), _T + "delivery.html", _delivery, 60)
)
register(Panel("inspector-reviews-due", INSPECTOR, _T + "reviews_due.html", _reviews_due, 10))
register(Panel("inspector-awaiting", INSPECTOR, _T + "awaiting.html", _awaiting, 20))
register(Panel("inspector-gaps", INSPECTOR, _T + "gaps.html", _gaps, 30))
