"""Reads of deadline results by establishment: the deadline summaries (per establishment
and rule, how many men's deadlines are met on time, met late, exempt, overdue, due soon,
not yet due and not applicable at ``as_of``, and the share met on time).

Two ways to the same figures (docs/adr/0016-stored-deadline-results.md):

* **stored**: one ``GROUP BY`` over :class:`~.models.DeadlineResult`, for every
  establishment whose stored results are evaluated at ``as_of``
  (:class:`~.models.DeadlineResultsDate`) and count every man in custody there;
* **live**: the engine evaluates the men of every other establishment at ``as_of``, as
  ``saferelease milestones`` does.

Stored results are used only when they answer exactly the question asked; otherwise the
men are evaluated (correctness before speed). The stored path is what makes the national
summary fast; ``docs/benchmarks.md`` has both times. Unscoped: the caller passes the
establishments it has scoped (``metrics.selectors.scope_for``, ``establishment_get``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from django.db.models import Count, Value
from django.db.models.functions import NullIf

from saferelease.deadlines import (
    RECORD_FACTS,
    RULES,
    TEXT_FACTS,
    LocalRule,
    PrisonerFacts,
    Rule,
    Status,
    evaluate,
)
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import (
    HELD,
    DeadlineResult,
    DeadlineResultsDate,
    Prisoner,
    RuleSetting,
)

#: The statuses a summary counts, in the order they are shown.
SUMMARY_STATUSES: Final = (
    Status.MET,
    Status.MET_LATE,
    Status.OVERDUE,
    Status.DUE_SOON,
    Status.NOT_YET_DUE,
    Status.EXEMPT,
    Status.NOT_APPLICABLE,
)

#: Prisoner ids per query when reading or writing a given set of men.
ID_BATCH: Final = 2000


@dataclass(frozen=True)
class RuleTally:
    """One rule's results over a set of men: a count for every status."""

    rule: Rule
    counts: dict[str, int]

    def __getitem__(self, status: str) -> int:
        return self.counts.get(status, 0)

    @property
    def due(self) -> int:
        """Men whose deadline has fallen due and been met or missed: met on time, met late
        or overdue. A current rolling rule (met and not yet due again) counts as met."""
        return self[Status.MET] + self[Status.MET_LATE] + self[Status.OVERDUE]

    @property
    def on_time_share(self) -> float | None:
        """Met on time out of :attr:`due` (exempt, due soon, not yet due and not
        applicable are left out); None when none is due."""
        due = self.due
        return self[Status.MET] / due if due else None

    @property
    def applicable(self) -> int:
        return sum(self.counts.values()) - self[Status.NOT_APPLICABLE]


def _tallies(counts: Counter[tuple[str, str]]) -> tuple[RuleTally, ...]:
    return tuple(
        RuleTally(
            rule,
            {status.value: counts[(rule.code, status.value)] for status in SUMMARY_STATUSES},
        )
        for rule in RULES
    )


@dataclass(frozen=True)
class EstablishmentDeadlines:
    """An establishment's men in custody and their results, rule by rule. ``stored``
    says which path counted them (not part of the figures: equal figures compare equal)."""

    establishment: Establishment
    prisoners: int
    rules: tuple[RuleTally, ...]
    stored: bool = field(default=False, compare=False)

    def _sum(self, status: str) -> int:
        return sum(tally[status] for tally in self.rules)

    @property
    def overdue(self) -> int:
        """Deadlines overdue, every rule together."""
        return self._sum(Status.OVERDUE)

    @property
    def due_soon(self) -> int:
        return self._sum(Status.DUE_SOON)

    @property
    def on_time_share(self) -> float | None:
        """Met on time out of met on time, met late and overdue, every rule together."""
        met = self._sum(Status.MET)
        due = met + self._sum(Status.MET_LATE) + self.overdue
        return met / due if due else None


@dataclass(frozen=True)
class DeadlineSummary:
    """Every establishment asked for that has men in custody (in the order given), and
    the same summed rule by rule (``totals``)."""

    as_of: dt.date
    establishments: list[EstablishmentDeadlines]
    totals: tuple[RuleTally, ...]

    @property
    def prisoners(self) -> int:
        return sum(row.prisoners for row in self.establishments)

    @property
    def stored(self) -> int:
        """Establishments counted from stored results."""
        return sum(1 for row in self.establishments if row.stored)

    @property
    def live(self) -> int:
        """Establishments whose men were evaluated for the summary."""
        return len(self.establishments) - self.stored


def local_settings_by_id(
    establishment_ids: Collection[int] | None = None,
) -> dict[int, dict[str, LocalRule]]:
    """Every establishment's settings of the rules (as the engine takes them), by
    establishment id; only those with any. ``establishment_ids``: only these."""
    settings = RuleSetting.objects.select_related("establishment")
    if establishment_ids is not None:
        settings = settings.filter(establishment_id__in=list(establishment_ids))
    by_id: dict[int, dict[str, LocalRule]] = {}
    for setting in settings:
        change = setting.local_rule(setting.establishment.name)
        if change is not None:
            by_id.setdefault(setting.establishment_id, {})[setting.rule_code] = change
    return by_id


def held_facts(
    *,
    establishment_ids: Collection[int] | None = None,
    prisoner_ids: Sequence[int] | None = None,
) -> Iterator[tuple[int, int, PrisonerFacts]]:
    """(prisoner id, establishment id, facts) for every man in custody, or those at
    ``establishment_ids``, or those of ``prisoner_ids`` still in custody: one unordered
    query (per batch of ids), facts made from each row in one call as
    ``selectors.milestones`` makes them."""
    columns = [NullIf(name, Value("")) if name in TEXT_FACTS else name for name in RECORD_FACTS]
    base = Prisoner.objects.filter(HELD).order_by()
    if establishment_ids is not None:
        base = base.filter(establishment_id__in=list(establishment_ids))
    if prisoner_ids is None:
        batches = [base]
    else:
        batches = [
            base.filter(pk__in=prisoner_ids[start : start + ID_BATCH])
            for start in range(0, len(prisoner_ids), ID_BATCH)
        ]
    make_facts = PrisonerFacts._make
    for prisoners in batches:
        rows = prisoners.values_list(
            "id",
            "establishment_id",
            *columns,
            "establishment__designated_resettlement",
        )
        for row in rows:
            yield row[0], row[1], make_facts(row[2:])


def _live(
    establishment_ids: Collection[int], as_of: dt.date
) -> dict[int, Counter[tuple[str, str]]]:
    """The men at these establishments evaluated at ``as_of``, counted by (rule, status)
    per establishment id."""
    counts: dict[int, Counter[tuple[str, str]]] = {pk: Counter() for pk in establishment_ids}
    if not establishment_ids:
        return counts
    local = local_settings_by_id(establishment_ids)
    for _prisoner_id, establishment_id, facts in held_facts(establishment_ids=establishment_ids):
        counts[establishment_id].update(
            (result.rule, result.status.value)
            for result in evaluate(facts, as_of, local.get(establishment_id))
        )
    return counts


def _stored(
    establishment_ids: Collection[int], *, everything: bool
) -> dict[int, Counter[tuple[str, str]]]:
    """The stored results of these establishments, counted by (rule, status) per
    establishment id: one ``GROUP BY``."""
    counts: dict[int, Counter[tuple[str, str]]] = {pk: Counter() for pk in establishment_ids}
    if not establishment_ids:
        return counts
    results = DeadlineResult.objects.order_by()
    if not everything:
        results = results.filter(establishment_id__in=list(establishment_ids))
    grouped = results.values_list("establishment_id", "rule_code", "status").annotate(n=Count("*"))
    for establishment_id, rule_code, status, n in grouped:
        if establishment_id in counts:
            counts[establishment_id][(rule_code, status)] = n
    return counts


def held_by_establishment(establishment_ids: Collection[int] | None = None) -> dict[int, int]:
    """Men in custody, by establishment id (one query)."""
    held = Prisoner.objects.filter(HELD).order_by()
    if establishment_ids is not None:
        held = held.filter(establishment_id__in=list(establishment_ids))
    return dict(held.values_list("establishment_id").annotate(n=Count("id")))


def _men(counts: Counter[tuple[str, str]]) -> int:
    """Men counted: every man has one result for every rule, so those of the first rule."""
    first = RULES[0].code
    return sum(n for (rule, _status), n in counts.items() if rule == first)


def _complete(counts: Counter[tuple[str, str]], men: int) -> bool:
    """Every registered rule has a result for each of ``men`` (not so after a rule is
    added, until the results are rebuilt)."""
    per_rule: Counter[str] = Counter()
    for (rule, _status), n in counts.items():
        per_rule[rule] += n
    return all(per_rule[rule.code] == men for rule in RULES)


def deadline_summary(
    establishments: Sequence[Establishment],
    *,
    as_of: dt.date,
    everything: bool = False,
    stored: bool = True,
) -> DeadlineSummary:
    """The deadline summary of ``establishments`` (already scoped by the caller) at
    ``as_of``. ``everything``: they are every establishment (no filter on the stored
    results). ``stored=False`` evaluates every man (the reference the stored path is tested
    against, and the benchmark's live figure).

    An establishment is counted from its stored results only when they are evaluated at
    ``as_of`` and hold, for every registered rule, as many men as are in custody there
    now; otherwise its men are evaluated here."""
    ids = [e.pk for e in establishments]
    if stored:
        dates = dict(
            DeadlineResultsDate.objects.filter(
                **({} if everything else {"establishment_id__in": ids})
            ).values_list("establishment_id", "as_of")
        )
        current = {pk for pk in ids if dates.get(pk) == as_of}
    else:
        current = set()
    counts = _stored(current, everything=everything and len(current) == len(ids))
    held = held_by_establishment(None if everything else ids)
    # Men created, moved or deleted without a refresh, or a rule added since: count live.
    stale = {pk for pk in current if not _complete(counts[pk], held.get(pk, 0))}
    current -= stale
    for pk in stale:
        del counts[pk]
    live = [pk for pk in ids if pk not in current and held.get(pk, 0)]
    counts.update(_live(live, as_of))
    rows = [
        EstablishmentDeadlines(
            establishment,
            _men(counts[establishment.pk]),
            _tallies(counts[establishment.pk]),
            stored=establishment.pk in current,
        )
        for establishment in establishments
        if held.get(establishment.pk, 0)
    ]
    total: Counter[tuple[str, str]] = Counter()
    for establishment in establishments:
        total.update(counts.get(establishment.pk, Counter()))
    return DeadlineSummary(as_of, rows, _tallies(total))


def results_dates() -> dict[int, dt.date]:
    """The date each establishment's stored results are evaluated at, by establishment id
    (only establishments with stored results)."""
    return dict(DeadlineResultsDate.objects.values_list("establishment_id", "as_of"))
