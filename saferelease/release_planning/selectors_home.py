"""Reads for the home pages: what a POM, a head of OMU and a governor must do now.

Every item is named ("MAPPA level not set: due 3 November 2026, 31 days overdue") and
links to the man's record; lists come most urgent first. Scoped like every other read
(prisoners_visible_to), evaluated at ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from saferelease.accounts.actors import Actor
from saferelease.accounts.models import User
from saferelease.audit.models import AuditAction, AuditEntry
from saferelease.core.dates import format_date
from saferelease.deadlines import AccommodationStatus, RuleResult, Status
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import HELD, Prisoner
from saferelease.release_planning.quality import QUALITY_CHECKS, data_quality_flags
from saferelease.release_planning.selectors import (
    FACT_FIELDS,
    ROW_FIELDS,
    Case,
    CaseRow,
    _case,
    _past_order,
    facts_from_values,
    prisoners_visible_to,
)

#: How far ahead "due soon" looks on the home page.
HORIZON_DAYS = 28
#: How far back "released without an address" looks.
RELEASED_DAYS = 7
#: Items shown in a list before "and N more" links to the full list.
LIST_LIMIT = 15

#: Accommodation on release that means "no address to go to".
NO_ADDRESS = (AccommodationStatus.NONE.value, AccommodationStatus.UNKNOWN.value, "")


def outstanding_words(rule: str) -> str:
    """The rule's outstanding item as staff say it (its declaration's ``outstanding``)."""
    from saferelease.deadlines import RULES_BY_CODE

    return RULES_BY_CODE[rule].outstanding


def item_text(result: RuleResult) -> str:
    """ "MAPPA level not set: due 3 November 2026, 31 days overdue"."""
    words = outstanding_words(result.rule)
    due = format_date(result.due_date) if result.due_date else "no due date"
    if result.status == Status.OVERDUE:
        days = result.days_overdue or 0
        return f"{words}: due {due}, {days} day{'s' if days != 1 else ''} overdue"
    left = result.days_until_due or 0
    if left == 0:
        return f"{words}: due today"
    return f"{words}: due {due}, in {left} day{'s' if left != 1 else ''}"


@dataclass(frozen=True)
class DueItem:
    result: RuleResult
    text: str

    @property
    def overdue(self) -> bool:
        return self.result.status == Status.OVERDUE


@dataclass
class ManDue:
    """A man with what is overdue or due within the horizon, most urgent first."""

    case: Case
    items: list[DueItem]

    @property
    def urgency(self) -> tuple[int, int, dt.date]:
        worst = (
            max((i.result.days_overdue or 0) for i in self.items if i.overdue)
            if any(i.overdue for i in self.items)
            else None
        )
        first_due = min((i.result.due_date or dt.date.max) for i in self.items)
        return (0, -worst, first_due) if worst is not None else (1, 0, first_due)


@dataclass
class Overview:
    """One establishment's (or one POM's) caseload as the home page reads it."""

    establishment: Establishment
    cases: list[Case]
    flags: dict[int, list[Any]] = field(default_factory=dict)

    @property
    def in_custody(self) -> int:
        return len(self.cases)


def overview(
    user: Actor, *, establishment: Establishment, as_of: dt.date, pom: User | None = None
) -> Overview:
    """Every man in custody at ``establishment`` (or only ``pom``'s) with his deadlines and
    data-quality flags, from one ``.values()`` query."""
    prisoners = prisoners_visible_to(user).filter(HELD).filter(establishment=establishment)
    if pom is not None:
        prisoners = prisoners.filter(pom=pom)
    rows = list(
        prisoners.values(*ROW_FIELDS, "establishment__designated_resettlement", *FACT_FIELDS)
    )
    poms = {u.pk: u for u in User.objects.filter(pk__in={r["pom_id"] for r in rows if r["pom_id"]})}
    result = Overview(establishment, [])
    for row in rows:
        display = CaseRow(
            id=row["id"],
            prison_number=row["prison_number"],
            given_name=row["given_name"],
            family_name=row["family_name"],
            rosh=row["rosh"] or "",
            mappa_category=row["mappa_category"],
            mappa_level=row["mappa_level"],
            pom=poms.get(row["pom_id"]),
            establishment=establishment,
        )
        facts = facts_from_values(row)
        result.cases.append(_case(display, facts, as_of))
        flags = data_quality_flags(facts, as_of)
        if flags:
            result.flags[row["id"]] = flags
    return result


def men_with_work_due(cases: list[Case], *, as_of: dt.date) -> list[ManDue]:
    """Men with a deadline overdue or due within HORIZON_DAYS, most urgent first: the
    longest overdue, then the soonest due."""
    horizon = as_of + dt.timedelta(days=HORIZON_DAYS)
    men = []
    for case in cases:
        items = [
            DueItem(result, item_text(result))
            for result in case.outstanding
            if result.status == Status.OVERDUE
            or (result.due_date is not None and result.due_date <= horizon)
        ]
        if items:
            men.append(ManDue(case, items))
    return sorted(men, key=lambda man: (*man.urgency, man.case.prisoner.family_name))


@dataclass(frozen=True)
class PastRelease:
    case: Case
    text: str
    days: int


def past_release_date(cases: list[Case], *, as_of: dt.date) -> list[PastRelease]:
    """Men still in custody whose earliest release date has passed: a release date
    (confirmed, ARD or CRD: the ``release-date-passed`` alert) first, then a passed PED or
    THD with nothing later to fall back on; longest ago first (the order of the releases
    board's first section, ``selectors._past_order``)."""
    men = []
    for case in sorted((c for c in cases if c.erd_passed), key=_past_order):
        assert case.erd is not None
        days = case.days_past_release
        ago = f"{days} day{'s' if days != 1 else ''} ago"
        if case.release_date_passed:
            text = (
                f"release date ({case.erd.label}) {format_date(case.erd.date)} passed {ago}: "
                "record the release or correct the date"
            )
        else:
            text = (
                f"{case.erd.label} {format_date(case.erd.date)} passed {ago} with no later "
                "release date recorded: check his key dates"
            )
        men.append(PastRelease(case, text, days))
    return men


@dataclass(frozen=True)
class RecentRelease:
    prisoner: Prisoner
    accommodation: str


def released_without_address(
    user: Actor, *, establishment: Establishment, as_of: dt.date, pom: User | None = None
) -> list[RecentRelease]:
    """Men released in the last RELEASED_DAYS days with no address to go to (none,
    unknown or not recorded), most recent first."""
    prisoners = prisoners_visible_to(user).filter(
        establishment=establishment,
        released_on__gte=as_of - dt.timedelta(days=RELEASED_DAYS),
        released_on__lte=as_of,
        accommodation_on_release__in=NO_ADDRESS,
    )
    if pom is not None:
        prisoners = prisoners.filter(pom=pom)
    return [
        RecentRelease(p, p.get_accommodation_on_release_display() or "Not recorded")
        for p in prisoners.order_by("-released_on", "family_name")
    ]


def unallocated(cases: list[Case]) -> list[Case]:
    """Men with no POM, soonest release first."""
    return sorted(
        (c for c in cases if c.prisoner.pom is None),
        key=lambda c: (c.erd.date if c.erd else dt.date.max, c.prisoner.family_name),
    )


@dataclass(frozen=True)
class PomLoad:
    pom: Any
    men: int
    men_overdue: int
    overdue: int
    due_soon: int


def overdue_by_pom(cases: list[Case]) -> list[PomLoad]:
    """Each POM's caseload and its overdue deadlines, most overdue first."""
    by_pom: dict[Any, list[Case]] = {}
    for case in cases:
        if case.prisoner.pom is not None:
            by_pom.setdefault(case.prisoner.pom, []).append(case)
    loads = [
        PomLoad(
            pom,
            len(men),
            sum(1 for c in men if c.overdue),
            sum(c.overdue for c in men),
            sum(c.due_soon for c in men),
        )
        for pom, men in by_pom.items()
    ]
    return sorted(loads, key=lambda load: (-load.overdue, str(load.pom)))


@dataclass(frozen=True)
class QualityKind:
    code: str
    title: str
    count: int
    examples: list[Case]


def quality_by_kind(view: Overview) -> list[QualityKind]:
    """Data-quality problems by kind, most frequent first, with the first few men."""
    counts: Counter[str] = Counter()
    examples: dict[str, list[Case]] = {}
    by_id = {case.prisoner.pk: case for case in view.cases}
    for prisoner_id, flags in view.flags.items():
        for flag in flags:
            counts[flag.code] += 1
            found = examples.setdefault(flag.code, [])
            if len(found) < 3:
                found.append(by_id[prisoner_id])
    titles = {check.code: check.title for check in QUALITY_CHECKS}
    return [
        QualityKind(code, titles.get(code, code), count, examples[code])
        for code, count in counts.most_common()
    ]


@dataclass(frozen=True)
class LastImport:
    at: dt.datetime
    by: str
    summary: str


def last_import(establishment: Establishment) -> LastImport | None:
    """The latest prisoner file imported for the establishment (or for several)."""
    entry = (
        AuditEntry.objects.filter(
            action=AuditAction.IMPORT,
            object_type=Prisoner._meta.label_lower,
            establishment_code__in=[establishment.code, ""],
        )
        .order_by("-at")
        .first()
    )
    if entry is None:
        return None
    return LastImport(entry.at, entry.actor_username, entry.summary)


def records_last_changed(establishment: Establishment) -> dt.datetime | None:
    from django.db.models import Max

    last: dt.datetime | None = Prisoner.objects.filter(establishment=establishment).aggregate(
        last=Max("updated_at")
    )["last"]
    return last
