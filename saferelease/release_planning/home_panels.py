"""Release-planning panels of the home page (see saferelease/core/home.py).

POM: my men with work overdue or due in the next 28 days, men past their release date,
men released in the last week without an address. Head of OMU: the same for the whole
prison, plus unallocated men, overdue work by POM, data-quality problems by kind and the
last prisoner import. Governor: the same in figures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from saferelease.accounts.roles import Role
from saferelease.core.home import HomeContext, Panel, register
from saferelease.establishments.models import Establishment
from saferelease.release_planning import selectors_home as home
from saferelease.release_planning.selectors import prisoners_visible_to

POM = frozenset({Role.CASEWORKER})
OMU = frozenset({Role.OMU_MANAGER})
GOVERNOR = frozenset({Role.GOVERNOR})


def _establishments(context: HomeContext) -> list[Establishment]:
    """The user's assigned establishments that hold prisoners."""

    def find() -> list[Establishment]:
        with_prisoners = set(
            prisoners_visible_to(context.user).values_list("establishment_id", flat=True).distinct()
        )
        return [e for e in context.user.establishments.order_by("name") if e.pk in with_prisoners]

    return list(context.once("home:establishments", find))


def _overview(context: HomeContext, establishment: Establishment, *, mine: bool) -> home.Overview:
    pom = context.user if mine else None
    key = f"home:overview:{establishment.pk}:{'mine' if mine else 'all'}"
    return context.once(
        key,
        lambda: home.overview(
            context.user, establishment=establishment, as_of=context.as_of, pom=pom
        ),
    )


@dataclass(frozen=True)
class Block:
    """One establishment's part of a panel."""

    establishment: Establishment
    items: list[Any]
    total: int
    mine: bool


def _blocks(context: HomeContext, compute: Any, *, mine: bool) -> list[Block] | None:
    establishments = _establishments(context)
    if not establishments:
        return None
    blocks = []
    for establishment in establishments:
        items = compute(establishment)
        blocks.append(Block(establishment, items[: home.LIST_LIMIT], len(items), mine))
    return blocks


def work_due(mine: bool) -> Any:
    def build(context: HomeContext) -> list[Block] | None:
        return _blocks(
            context,
            lambda e: home.men_with_work_due(
                _overview(context, e, mine=mine).cases, as_of=context.as_of
            ),
            mine=mine,
        )

    return build


def past_release(mine: bool) -> Any:
    def build(context: HomeContext) -> list[Block] | None:
        return _blocks(
            context,
            lambda e: home.past_release_date(
                _overview(context, e, mine=mine).cases, as_of=context.as_of
            ),
            mine=mine,
        )

    return build


def released_no_address(mine: bool) -> Any:
    def build(context: HomeContext) -> list[Block] | None:
        return _blocks(
            context,
            lambda e: home.released_without_address(
                context.user,
                establishment=e,
                as_of=context.as_of,
                pom=context.user if mine else None,
            ),
            mine=mine,
        )

    return build


def _unallocated(context: HomeContext) -> list[Block] | None:
    return _blocks(
        context,
        lambda e: home.unallocated(_overview(context, e, mine=False).cases),
        mine=False,
    )


def _by_pom(context: HomeContext) -> list[Block] | None:
    return _blocks(
        context, lambda e: home.overdue_by_pom(_overview(context, e, mine=False).cases), mine=False
    )


def _quality(context: HomeContext) -> list[Block] | None:
    return _blocks(
        context, lambda e: home.quality_by_kind(_overview(context, e, mine=False)), mine=False
    )


def _imports(context: HomeContext) -> list[dict[str, Any]] | None:
    establishments = _establishments(context)
    if not establishments:
        return None
    return [
        {
            "establishment": e,
            "last_import": home.last_import(e),
            "last_changed": home.records_last_changed(e),
        }
        for e in establishments
    ]


@dataclass(frozen=True)
class Figures:
    establishment: Establishment
    in_custody: int
    men_overdue: int
    overdue: int
    due_soon: int
    past_release: int
    released_no_address: int
    unallocated: int
    quality_problems: int
    men_with_quality_problems: int
    last_import: home.LastImport | None


def _figures(context: HomeContext) -> list[Figures] | None:
    establishments = _establishments(context)
    if not establishments:
        return None
    figures = []
    for e in establishments:
        view = _overview(context, e, mine=False)
        due = home.men_with_work_due(view.cases, as_of=context.as_of)
        figures.append(
            Figures(
                establishment=e,
                in_custody=view.in_custody,
                men_overdue=sum(1 for c in view.cases if c.overdue),
                overdue=sum(c.overdue for c in view.cases),
                due_soon=sum(len([i for i in m.items if not i.overdue]) for m in due),
                past_release=len(home.past_release_date(view.cases, as_of=context.as_of)),
                released_no_address=len(
                    home.released_without_address(
                        context.user, establishment=e, as_of=context.as_of
                    )
                ),
                unallocated=len(home.unallocated(view.cases)),
                quality_problems=sum(len(flags) for flags in view.flags.values()),
                men_with_quality_problems=len(view.flags),
                last_import=home.last_import(e),
            )
        )
    return figures


_T = "release_planning/home/"

register(Panel("pom-work-due", POM, _T + "work_due.html", work_due(True), 12))
register(Panel("pom-past-release", POM, _T + "past_release.html", past_release(True), 10))
register(Panel("pom-released-no-address", POM, _T + "released.html", released_no_address(True), 14))
register(Panel("omu-past-release", OMU, _T + "past_release.html", past_release(False), 10))
register(Panel("omu-work-due", OMU, _T + "work_due.html", work_due(False), 12))
register(
    Panel("omu-released-no-address", OMU, _T + "released.html", released_no_address(False), 14)
)
register(Panel("omu-unallocated", OMU, _T + "unallocated.html", _unallocated, 20))
register(Panel("omu-overdue-by-pom", OMU, _T + "by_pom.html", _by_pom, 30))
register(Panel("omu-data-quality", OMU, _T + "quality.html", _quality, 40))
register(Panel("omu-last-import", OMU, _T + "last_import.html", _imports, 50))
register(Panel("governor-figures", GOVERNOR, _T + "figures.html", _figures, 10))
