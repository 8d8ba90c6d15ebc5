"""The home page: each role's first screen, made of panels.

A panel is one selector and one template include. Each app declares its panels in its own
``home_panels.py`` (found at first use, as Django finds ``admin.py``), so a new panel is a
new ``register(Panel(...))`` call and a template, without editing this module or another
app's panels. The home view asks every panel for the signed-in role, in ``order``; a
panel whose ``build`` returns None is left out (nothing to say, or nothing visible).

Panel orders by convention: 10-29 what needs doing now, 30-59 the establishment's
position, 60-89 inspection delivery and comparisons, 90+ reference.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.module_loading import autodiscover_modules

from saferelease.accounts.roles import Role

if TYPE_CHECKING:
    from saferelease.accounts.models import User


@dataclass
class HomeContext:
    """What every panel's selector gets: the user, the date, the request's query (for
    pickers), and a memo so that panels can share one evaluation of a caseload."""

    user: User
    as_of: dt.date
    query: Any = None
    memo: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.memo:
            self.memo[key] = compute()
        return self.memo[key]


@dataclass(frozen=True)
class Panel:
    key: str
    roles: frozenset[Role]
    template: str
    build: Callable[[HomeContext], Any]
    order: int = 50


@dataclass(frozen=True)
class ShownPanel:
    panel: Panel
    data: Any


_PANELS: dict[str, Panel] = {}
_discovered = False


def register(panel: Panel) -> Panel:
    """Add (or replace, by key) a panel."""
    _PANELS[panel.key] = panel
    return panel


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("home_panels")
        _discovered = True


def panels_for(role: Role) -> list[Panel]:
    _discover()
    return sorted(
        (panel for panel in _PANELS.values() if role in panel.roles),
        key=lambda panel: (panel.order, panel.key),
    )


def build_home(context: HomeContext) -> list[ShownPanel]:
    shown = []
    for panel in panels_for(context.user.role_enum):
        data = panel.build(context)
        if data is not None:
            shown.append(ShownPanel(panel, data))
    return shown
