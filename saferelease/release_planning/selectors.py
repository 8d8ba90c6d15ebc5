"""Reads for release planning, always scoped through the establishments selector.

Deadlines are computed here from stored facts for the `as_of` date passed in; the results
kept for the deadline summaries are read in ``selectors_results``, never here.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

from django.db.models import QuerySet, Value
from django.db.models.functions import NullIf
from django.http import Http404

from saferelease.accounts.actors import Actor, Viewer
from saferelease.accounts.capabilities import Capability, has
from saferelease.accounts.models import User
from saferelease.core.calendar import add_months
from saferelease.deadlines import (
    RECORD_FACTS,
    RULES,
    RULES_BY_CODE,
    TEXT_FACTS,
    Erd,
    LocalRule,
    LocalSettings,
    PrisonerFacts,
    RiskLevel,
    Rule,
    RuleResult,
    Status,
    earliest_release_date,
    evaluate,
    facts_from_record,
    may_change_offset,
    may_switch_off,
    passed_ped,
)
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishment_get, establishments_visible_to
from saferelease.release_planning import quality
from saferelease.release_planning.models import HELD, Prisoner, RuleSetting

#: Statuses that still need action, worst first.
OUTSTANDING = (Status.OVERDUE, Status.DUE_SOON, Status.NOT_YET_DUE)
STATUS_ORDER = {
    Status.OVERDUE: 0,
    Status.DUE_SOON: 1,
    Status.NOT_YET_DUE: 2,
    Status.MET_LATE: 3,
    Status.MET: 4,
    Status.EXEMPT: 5,
    Status.NOT_APPLICABLE: 6,
}
RISK_ORDER = {RiskLevel.VERY_HIGH: 0, RiskLevel.HIGH: 1, RiskLevel.MEDIUM: 2, RiskLevel.LOW: 3}

#: The model fields behind PrisonerFacts, in its order (its last fact,
#: ``in_resettlement_prison``, comes from the establishment).
FACT_FIELDS = RECORD_FACTS


def prisoners_visible_to(user: Viewer) -> QuerySet[Prisoner]:
    """Prisoners at establishments the user may see; none for roles that never see
    individual records (inspectors)."""
    if not has(user, Capability.VIEW_PRISONER_RECORDS):
        return Prisoner.objects.none()
    return Prisoner.objects.filter(establishment__in=establishments_visible_to(user))


def prisoner_get(user: Viewer, prison_number: str) -> Prisoner:
    """One prisoner the user may see, else Http404 (also for inspectors)."""
    try:
        return (
            prisoners_visible_to(user)
            .select_related("establishment", "pom")
            .get(prison_number=prison_number.strip().upper())
        )
    except Prisoner.DoesNotExist:
        raise Http404("No such prisoner") from None


def facts_from_values(row: dict[str, Any]) -> PrisonerFacts:
    """Build facts from a `.values()` row that also has the establishment's designation."""
    return facts_from_record(
        row, in_resettlement_prison=row["establishment__designated_resettlement"]
    )


class Milestone(NamedTuple):
    """One rule's result for one prisoner in the `saferelease milestones` stream."""

    prison_number: str
    establishment: str
    result: RuleResult


def milestones(*, as_of: dt.date, establishment_code: str | None = None) -> Iterator[Milestone]:
    """Every rule for every prisoner in custody (not_applicable included), ordered by
    establishment code and prison number, for the CLI contract and benchmarks.
    Unscoped: only for trusted callers (command line).

    Built for the national caseload (see docs/benchmarks.md): one query returns each row
    as the establishment code, the prison number and then the facts in
    :class:`PrisonerFacts` order (unknown text stored as "" comes back NULL), so a row
    becomes facts in one call. The rows are fetched unordered and sorted here: PostgreSQL
    takes several seconds to sort 90,000 wide rows on a join, Python a fraction of a
    second."""
    prisoners = Prisoner.objects.filter(HELD).order_by()
    if establishment_code:
        prisoners = prisoners.filter(establishment__code=establishment_code.upper())
    columns = [NullIf(name, Value("")) if name in TEXT_FACTS else name for name in FACT_FIELDS]
    rows = sorted(
        prisoners.values_list(
            "establishment__code",
            "prison_number",
            *columns,
            "establishment__designated_resettlement",
        ),
        key=itemgetter(0, 1),
    )
    make_facts = PrisonerFacts._make
    new = tuple.__new__
    local = local_settings_by_code()
    for row in rows:
        code, prison_number = row[0], row[1]
        for result in evaluate(make_facts(row[2:]), as_of, local.get(code)):
            yield new(Milestone, (prison_number, code, result))


def local_settings(establishment: Establishment) -> dict[str, LocalRule]:
    """The establishment's settings of the deadline rules, as the engine takes them (empty
    when it has changed none)."""
    settings = {}
    for setting in RuleSetting.objects.filter(establishment=establishment):
        change = setting.local_rule(establishment.name)
        if change is not None:
            settings[setting.rule_code] = change
    return settings


def local_settings_by_code() -> dict[str, dict[str, LocalRule]]:
    """Every establishment's settings, by establishment code (only those with any)."""
    by_code: dict[str, dict[str, LocalRule]] = {}
    for setting in RuleSetting.objects.select_related("establishment"):
        change = setting.local_rule(setting.establishment.name)
        if change is not None:
            by_code.setdefault(setting.establishment.code, {})[setting.rule_code] = change
    return by_code


@dataclass(frozen=True, slots=True)
class CaseRow:
    """What lists (caseload, releases board, API) show of a prisoner: built from one
    `.values()` query, which is several times cheaper than model instances for a
    1,200-man establishment."""

    id: int
    prison_number: str
    given_name: str
    family_name: str
    rosh: str
    mappa_category: int | None
    mappa_level: int | None
    pom: Any
    establishment: Establishment

    @property
    def pk(self) -> int:
        return self.id

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def get_rosh_display(self) -> str:
        return RiskLevel(self.rosh).label if self.rosh else ""


ROW_FIELDS = ("id", "prison_number", "given_name", "family_name", "pom_id")


def urgency(result: RuleResult) -> tuple[int, int, dt.date]:
    """How urgent one outstanding result is, most urgent lowest: overdue before due soon
    before not yet due, then the rule's severity (high first), then the due date."""
    return (
        STATUS_ORDER[result.status],
        RULES_BY_CODE[result.rule].severity.rank,
        result.due_date or dt.date.max,
    )


@dataclass
class Case:
    """A prisoner with his deadlines evaluated at `as_of`.

    ``release_date_passed``: his ERD is a release date (confirmed, ARD or CRD) that has
    passed while he is in custody (the ``release-date-passed`` flag), a red alert above
    every deadline status. ``ped_passed``: the PED that passed without release, if any
    (his ERD is then the ARD or CRD, or still the PED when there is neither)."""

    prisoner: Prisoner | CaseRow
    erd: Erd | None
    results: list[RuleResult]
    counts: Counter[str] = field(default_factory=Counter)
    release_date_passed: bool = False
    ped_passed: dt.date | None = None
    as_of: dt.date | None = None

    @property
    def outstanding(self) -> list[RuleResult]:
        """Overdue, due-soon and not-yet-due results, most urgent first (:func:`urgency`)."""
        return sorted((r for r in self.results if r.status in OUTSTANDING), key=urgency)

    @property
    def alerts(self) -> list[RuleResult]:
        """Overdue and due-soon results, most urgent first."""
        return [r for r in self.outstanding if r.status in (Status.OVERDUE, Status.DUE_SOON)]

    @property
    def applicable(self) -> list[RuleResult]:
        return [r for r in self.results if r.status != Status.NOT_APPLICABLE]

    @property
    def worst_status(self) -> Status | None:
        statuses = [r.status for r in self.results if r.status in OUTSTANDING]
        return min(statuses, key=STATUS_ORDER.__getitem__) if statuses else None

    @property
    def erd_passed(self) -> bool:
        """His ERD is before ``as_of`` (a release date, or a passed PED or THD)."""
        return self.erd is not None and self.as_of is not None and self.erd.date < self.as_of

    @property
    def days_past_release(self) -> int:
        """Days since the ERD, when it has passed (0 otherwise)."""
        if not self.erd_passed or self.erd is None or self.as_of is None:
            return 0
        return (self.as_of - self.erd.date).days

    @property
    def overdue(self) -> int:
        return self.counts[Status.OVERDUE]

    @property
    def due_soon(self) -> int:
        return self.counts[Status.DUE_SOON]

    @property
    def most_overdue_days(self) -> int:
        """The days overdue of his most overdue deadline (0 when none is overdue)."""
        return max((r.days_overdue or 0 for r in self.results), default=0)

    @property
    def next_due_soon(self) -> dt.date:
        """The earliest due date of his due-soon deadlines (``date.max`` when none)."""
        dates = [r.due_date for r in self.results if r.status == Status.DUE_SOON and r.due_date]
        return min(dates, default=dt.date.max)

    @property
    def urgency_key(self) -> tuple[int, int, dt.date, dt.date]:
        """The caseload's default order: release date passed first (longest ago first),
        then something overdue (most days overdue first), then something due soon (soonest
        first), then the rest by ERD."""
        erd = self.erd.date if self.erd else dt.date.max
        if self.release_date_passed:
            return (0, -self.days_past_release, erd, erd)
        if self.overdue:
            return (1, -self.most_overdue_days, self.next_due_soon, erd)
        if self.due_soon:
            return (2, 0, self.next_due_soon, erd)
        return (3, 0, erd, erd)

    @property
    def risk_rank(self) -> tuple[int, int]:
        rosh = RISK_ORDER.get(RiskLevel(self.prisoner.rosh), 4) if self.prisoner.rosh else 4
        return (rosh, -(self.prisoner.mappa_level or 0))

    @property
    def high_risk(self) -> bool:
        """RoSH high or very high, or managed at MAPPA level 2 or 3."""
        return self.risk_rank[0] <= 1 or (self.prisoner.mappa_level or 0) >= 2


def _case(
    prisoner: Prisoner | CaseRow,
    facts: PrisonerFacts,
    as_of: dt.date,
    local: LocalSettings | None = None,
) -> Case:
    results = evaluate(facts, as_of, local)
    return Case(
        prisoner=prisoner,
        erd=earliest_release_date(facts, as_of),
        results=results,
        counts=Counter(r.status for r in results),
        release_date_passed=quality.release_date_passed(facts, as_of),
        ped_passed=passed_ped(facts, as_of),
        as_of=as_of,
    )


def case_for(prisoner: Prisoner, as_of: dt.date) -> Case:
    """One prisoner's case, with his establishment's settings of the rules."""
    return _case(prisoner, prisoner.facts(), as_of, local_settings(prisoner.establishment))


def cases_for(
    prisoners: QuerySet[Prisoner], *, establishment: Establishment, as_of: dt.date
) -> list[Case]:
    """Cases for every prisoner in `prisoners` (all at `establishment`), evaluated from one
    `.values()` query with the establishment's settings of the rules; POMs are fetched
    once."""
    local = local_settings(establishment)
    rows = list(
        prisoners.values(*ROW_FIELDS, "establishment__designated_resettlement", *FACT_FIELDS)
    )
    pom_ids = {row["pom_id"] for row in rows if row["pom_id"]}
    poms = {user.pk: user for user in User.objects.filter(pk__in=pom_ids)}
    cases = []
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
        cases.append(_case(display, facts_from_values(row), as_of, local))
    return cases


@dataclass(frozen=True)
class CaseloadFilter:
    scope: str = "establishment"  # "mine" or "establishment"
    release_within_days: int | None = None
    risk: str = ""
    mappa: str = ""  # "", "any", "none", "1", "2", "3"
    rule: str = ""
    status: str = ""
    search: str = ""
    sort: str = "urgency"


SORTS = {
    "urgency": lambda c: (*c.urgency_key, c.prisoner.family_name),
    "erd": lambda c: (c.erd.date if c.erd else dt.date.max, c.prisoner.family_name),
    "-erd": lambda c: (-(c.erd.date.toordinal()) if c.erd else 1, c.prisoner.family_name),
    "name": lambda c: (c.prisoner.family_name.lower(), c.prisoner.given_name.lower()),
    "overdue": lambda c: (-c.overdue, -c.due_soon, c.erd.date if c.erd else dt.date.max),
    "risk": lambda c: (c.risk_rank, c.erd.date if c.erd else dt.date.max),
    "pom": lambda c: (str(c.prisoner.pom or "~"), c.prisoner.family_name),
}


def caseload(
    user: Actor, *, establishment: Establishment, as_of: dt.date, filters: CaseloadFilter
) -> list[Case]:
    """Prisoners in custody at one visible establishment (or the user's own cases), with
    deadlines evaluated, filtered and sorted."""
    prisoners = prisoners_visible_to(user).filter(HELD).filter(establishment=establishment)
    if filters.scope == "mine":
        prisoners = prisoners.filter(pom=user) if isinstance(user, User) else prisoners.none()
    if filters.risk:
        prisoners = prisoners.filter(rosh=filters.risk)
    if filters.mappa == "any":
        prisoners = prisoners.filter(mappa_category__isnull=False)
    elif filters.mappa == "none":
        prisoners = prisoners.filter(mappa_category__isnull=True)
    elif filters.mappa in {"1", "2", "3"}:
        prisoners = prisoners.filter(mappa_level=int(filters.mappa))
    if filters.search:
        term = filters.search.strip()
        prisoners = prisoners.filter(prison_number__iexact=term) | prisoners.filter(
            family_name__icontains=term
        )
    cases = cases_for(prisoners, establishment=establishment, as_of=as_of)
    if filters.release_within_days is not None:
        horizon = as_of + dt.timedelta(days=filters.release_within_days)
        cases = [c for c in cases if c.erd and as_of <= c.erd.date <= horizon]
    if filters.rule or filters.status:
        cases = [c for c in cases if _matches(c.results, filters.rule, filters.status)]
    return sorted(cases, key=SORTS.get(filters.sort, SORTS["urgency"]))


def _matches(results: Iterable[RuleResult], rule: str, status: str) -> bool:
    for result in results:
        if rule and result.rule != rule:
            continue
        if status == "outstanding" and result.status in OUTSTANDING:
            return True
        if not status or result.status == status:
            return True
    return False


def caseload_summary(cases: Sequence[Case]) -> dict[str, int]:
    """Counts of deadline statuses across a caseload (for the summary cards)."""
    totals: Counter[str] = Counter()
    for case in cases:
        totals.update(case.counts)
    return {
        "prisoners": len(cases),
        "overdue": totals[Status.OVERDUE],
        "due_soon": totals[Status.DUE_SOON],
        "prisoners_with_overdue": sum(1 for c in cases if c.overdue),
        "release_date_passed": sum(1 for c in cases if c.release_date_passed),
    }


@dataclass
class ReleaseMonth:
    month: dt.date  # first day of the month
    cases: list[Case]


#: Weeks of the releases board per page (about a month).
WEEKS_PER_PAGE = 4


@dataclass
class ReleaseWeek:
    start: dt.date  # the Monday
    cases: list[Case]

    @property
    def end(self) -> dt.date:
        """The Sunday."""
        return self.start + dt.timedelta(days=6)


@dataclass(frozen=True)
class BoardFilter:
    """Which men the releases board (and its IRMT pack) shows: ``mine`` (allocated to the
    user), ``high_risk`` (RoSH high or very high, or MAPPA level 2 or 3) and
    ``alerts_only`` (release date passed, or a deadline overdue)."""

    mine: bool = False
    high_risk: bool = False
    alerts_only: bool = False

    def keeps(self, case: Case, user: Actor) -> bool:
        if self.mine and getattr(case.prisoner.pom, "pk", None) != user.pk:
            return False
        if self.high_risk and not case.high_risk:
            return False
        return not self.alerts_only or case.release_date_passed or case.overdue > 0


@dataclass
class ReleasesBoard:
    """The releases board: men past their release date and still in custody, then men
    whose ERD is in the next months, by week (Monday to Sunday), highest risk first."""

    past: list[Case]
    weeks: list[ReleaseWeek]
    as_of: dt.date
    horizon: dt.date  # the first day after the board

    @property
    def upcoming(self) -> int:
        return sum(len(week.cases) for week in self.weeks)

    @property
    def upcoming_cases(self) -> list[Case]:
        return [case for week in self.weeks for case in week.cases]

    @property
    def months(self) -> list[ReleaseMonth]:
        """The upcoming men by calendar month of their ERD, every month from that of
        ``as_of`` to the horizon, empty ones included (the API's shape)."""
        grouped: dict[dt.date, list[Case]] = {}
        for week in self.weeks:
            for case in week.cases:
                if case.erd is not None:
                    grouped.setdefault(case.erd.date.replace(day=1), []).append(case)
        months = []
        month = self.as_of.replace(day=1)
        while month < self.horizon:
            cases = sorted(grouped.get(month, []), key=_board_order)
            months.append(ReleaseMonth(month=month, cases=cases))
            month = add_months(month, 1)
        return months


def _board_order(case: Case) -> tuple[Any, ...]:
    return (case.risk_rank, case.erd.date if case.erd else dt.date.max, case.prisoner.family_name)


def _past_order(case: Case) -> tuple[Any, ...]:
    # Release date passed (a red alert) before a passed PED or THD; longest ago first.
    return (not case.release_date_passed, -case.days_past_release, case.prisoner.family_name)


def _custody_cases(user: Actor, establishment: Establishment, as_of: dt.date) -> list[Case]:
    prisoners = prisoners_visible_to(user).filter(HELD).filter(establishment=establishment)
    return cases_for(prisoners, establishment=establishment, as_of=as_of)


def releases_board(
    user: Actor,
    *,
    establishment: Establishment,
    as_of: dt.date,
    months: int = 6,
    filters: BoardFilter | None = None,
) -> ReleasesBoard:
    """Men in custody at one visible establishment whose ERD has passed (see
    :func:`past_release_date`), and men whose ERD falls in the next ``months`` months,
    grouped by week from the week of ``as_of``, high risk first; ``filters`` apply to both."""
    filters = filters or BoardFilter()
    horizon = add_months(as_of, months)
    past: list[Case] = []
    upcoming: dict[dt.date, list[Case]] = {}
    for case in _custody_cases(user, establishment, as_of):
        if case.erd is None or not filters.keeps(case, user):
            continue
        if case.erd.date < as_of:
            past.append(case)
        elif case.erd.date < horizon:
            monday = case.erd.date - dt.timedelta(days=case.erd.date.weekday())
            upcoming.setdefault(monday, []).append(case)
    weeks = []
    monday = as_of - dt.timedelta(days=as_of.weekday())
    while monday < horizon:
        weeks.append(
            ReleaseWeek(start=monday, cases=sorted(upcoming.get(monday, []), key=_board_order))
        )
        monday += dt.timedelta(days=7)
    return ReleasesBoard(
        past=sorted(past, key=_past_order), weeks=weeks, as_of=as_of, horizon=horizon
    )


def past_release_date(user: Actor, *, establishment: Establishment, as_of: dt.date) -> list[Case]:
    """Men in custody at one visible establishment whose ERD is before ``as_of``: release
    date passed (a confirmed release date, ARD or CRD: the ``release-date-passed`` flag)
    first, then a passed PED or THD with nothing later to fall back on; longest ago first.
    For the releases board's first section and the head of OMU's home page."""
    cases = [
        case
        for case in _custody_cases(user, establishment, as_of)
        if case.erd is not None and case.erd.date < as_of
    ]
    return sorted(cases, key=_past_order)


def establishment_for_caseload(user: Actor, code: str | None) -> Establishment:
    """The establishment a caseload page shows: the one asked for (scoped), else the
    user's first assigned establishment, else Littlehey-style first visible one."""
    if code:
        return establishment_get(user, code)
    assigned = user.establishments.order_by("name").first() if isinstance(user, User) else None
    if assigned is not None:
        return assigned
    visible = establishments_visible_to(user).filter(prisoners__isnull=False).distinct()
    first = visible.order_by("name").first()
    if first is None:
        raise Http404("No establishment with prisoners")
    return first


def rule_choices() -> list[tuple[str, str]]:
    return [(rule.code, rule.title) for rule in RULES]


def rule_title(code: str) -> str:
    return RULES_BY_CODE[code].title


@dataclass(frozen=True)
class RuleSettingRow:
    """A rule and an establishment's setting of it (None: as declared, never set)."""

    rule: Rule
    setting: RuleSetting | None
    may_switch_off: bool
    may_change_offset: bool

    @property
    def changed(self) -> bool:
        return self.setting is not None and not self.setting.is_default


def rule_settings(establishment: Establishment) -> list[RuleSettingRow]:
    """Every rule, in order, with the establishment's setting (the caller has checked the
    establishment is visible)."""
    settings = {
        setting.rule_code: setting
        for setting in RuleSetting.objects.filter(establishment=establishment).select_related(
            "updated_by"
        )
    }
    return [
        RuleSettingRow(
            rule=rule,
            setting=settings.get(rule.code),
            may_switch_off=may_switch_off(rule),
            may_change_offset=may_change_offset(rule),
        )
        for rule in RULES
    ]


def rule_setting_get(establishment: Establishment, rule_code: str) -> RuleSetting | None:
    return RuleSetting.objects.filter(establishment=establishment, rule_code=rule_code).first()


def changed_rule_settings(establishment: Establishment) -> list[RuleSettingRow]:
    """The rules the establishment has switched off or given another offset (for
    dashboards and the caseload)."""
    return [row for row in rule_settings(establishment) if row.changed]
