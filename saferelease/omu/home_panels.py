"""The OMU's panels of the home page (see saferelease/core/home.py): for the head of OMU,
overdue COM report requests and quality assurance reviews not yet done at his
establishments; for a POM, his men's overdue COM reports and the QA reviews assigned to
him."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from saferelease.accounts.capabilities import Capability, has
from saferelease.accounts.roles import Role
from saferelease.core.home import HomeContext, Panel, register
from saferelease.omu import selectors

POM = frozenset({Role.CASEWORKER})
OMU = frozenset({Role.OMU_MANAGER})
LIMIT = 10
_T = "omu/home/"


@dataclass(frozen=True)
class Listing:
    items: list[Any]
    total: int
    mine: bool


def _ids(context: HomeContext) -> Any:
    return context.user.establishments.values("id")


def com_reports(mine: bool) -> Any:
    def build(context: HomeContext) -> Listing | None:
        if not has(context.user, Capability.VIEW_PRISONER_RECORDS):
            return None
        if mine:
            rows = selectors.overdue_com_reports(as_of=context.as_of, pom=context.user)
        else:
            rows = selectors.overdue_com_reports(
                as_of=context.as_of, establishment_ids=_ids(context)
            )
        return Listing(rows[:LIMIT], len(rows), mine)

    return build


def qa_due(mine: bool) -> Any:
    def build(context: HomeContext) -> Listing | None:
        if not has(context.user, Capability.VIEW_PRISONER_RECORDS):
            return None
        reviews = selectors.qa_work_due(
            establishment_ids=_ids(context),
            as_of=context.as_of,
            reviewer=context.user if mine else None,
        )
        if mine and not reviews:
            return None  # a POM who is not a reviewer sees nothing
        return Listing(reviews[:LIMIT], len(reviews), mine)

    return build


register(Panel("omu-com-reports", OMU, _T + "com_reports.html", com_reports(False), 16))
register(Panel("omu-qa-due", OMU, _T + "qa_due.html", qa_due(False), 18))
register(Panel("pom-com-reports", POM, _T + "com_reports.html", com_reports(True), 16))
register(Panel("pom-qa-due", POM, _T + "qa_due.html", qa_due(True), 18))
