"""The deadline summaries: stored results counted with one query give exactly what the
engine gives evaluating every man (and what ``saferelease milestones`` lists), for a
varied population with men on every boundary; a question the stored results do not
answer is evaluated live."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any, cast

import pytest

from saferelease.deadlines import RULES, RULES_BY_CODE, Status
from saferelease.deadlines.tests.test_rules import BOUNDARY_CASES
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import DeadlineResult, RuleSetting
from saferelease.release_planning.selectors import milestones
from saferelease.release_planning.selectors_results import (
    SUMMARY_STATUSES,
    RuleTally,
    deadline_summary,
)
from saferelease.release_planning.services_results import deadline_results_rebuild
from saferelease.release_planning.tests.factories import make_prisoner

AS_OF = dt.date(2026, 3, 1)
CODES = ("LTI", "DAI", "WDI")
COMPLETIONS = [rule.completed_by for rule in RULES]

pytestmark = pytest.mark.django_db


def establishments() -> list[Establishment]:
    return list(Establishment.objects.filter(code__in=CODES).order_by("code"))


def _variant(number: int) -> dict[str, Any]:
    """A man whose release date falls ``number`` weeks around the boundaries of every
    rule, with the facts that bring each rule's population in and out, completions on,
    before and after the due dates and after ``as_of``, and men with no ERD."""
    crd = AS_OF + dt.timedelta(days=7 * number - 200 + number % 3)
    fields: dict[str, Any] = {
        "prison_number": f"B{number:04d}AA",
        "establishment": Establishment.objects.get(code=CODES[number % 3]),
        "crd": crd,
        "sed": crd + dt.timedelta(days=730),
        "rosh": ["high", "very_high", "medium", "low", ""][number % 5],
        "mappa_category": [None, 1, 2, 3][number % 4],
        "mappa_level": [None, 1, 2, 3][number % 4],
        "accommodation_status": ["none", "temporary", "settled", ""][number % 4],
        "health_needs": ["mental", "", "substance"][number % 3],
        "oasys_completed_date": AS_OF - dt.timedelta(days=[10, 200, 400, -5][number % 4]),
    }
    # Completions: none, on the day, long before, after the day and after as_of.
    for index, name in enumerate(COMPLETIONS):
        choice = (number + index) % 5
        if choice == 1:
            fields[name] = crd - dt.timedelta(days=180)
        elif choice == 2:
            fields[name] = crd - dt.timedelta(days=400)
        elif choice == 3:
            fields[name] = min(crd, AS_OF - dt.timedelta(days=1))
        elif choice == 4:
            fields[name] = AS_OF + dt.timedelta(days=3)
    if number % 7 == 0:
        fields["resettlement_transfer_exemption"] = "Settled local address"
    if number % 11 == 0:  # remand: no ERD
        fields |= {"sentence_type": "remand", "crd": None, "sed": None}
    if number % 13 == 0:
        fields |= {"sentence_type": "indeterminate", "crd": None, "thd": crd}
    if number % 17 == 0:
        fields["ard"] = crd - dt.timedelta(days=30)
    return fields


def varied_population() -> None:
    for number in range(120):
        make_prisoner(**_variant(number))
    # Not in custody: counted nowhere.
    make_prisoner(prison_number="C0001AA", released_on=AS_OF - dt.timedelta(days=3))
    make_prisoner(prison_number="C0002AA", transferred_out_on=AS_OF - dt.timedelta(days=3))
    # Every rule on the boundaries of its due date, at each establishment: a man released
    # on such a day that some rule falls due today, yesterday or tomorrow.
    for offset in range(-3, 4):
        for index, days in enumerate((28, 56, 84, 90, 120, 180, 270)):
            make_prisoner(
                prison_number=f"D{offset + 3}{index:03d}AA",
                crd=AS_OF + dt.timedelta(days=days + offset),
                establishment=Establishment.objects.get(code=CODES[days % 3]),
                mappa_category=1,
                mappa_level=2,
                accommodation_status="none",
                health_needs="mental",
            )
    # Dartmoor has switched a local-default rule off.
    RuleSetting.objects.create(
        establishment=Establishment.objects.get(code="DAI"),
        rule_code="irmt-review",
        switched_off=True,
        reason="The IRMT meets monthly here",
        updated_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )


def from_milestones(as_of: dt.date) -> dict[str, dict[str, Counter[str]]]:
    """The reference: ``saferelease milestones`` counted by establishment, rule, status."""
    counts: dict[str, dict[str, Counter[str]]] = {}
    for milestone in milestones(as_of=as_of):
        rules = counts.setdefault(milestone.establishment, {})
        rules.setdefault(milestone.result.rule, Counter())[milestone.result.status] += 1
    return counts


def test_stored_results_summary_equals_the_live_evaluation_and_milestones() -> None:
    varied_population()
    chosen = establishments()
    live = deadline_summary(chosen, as_of=AS_OF, stored=False)
    assert live.stored == 0 and live.live == 3
    written = deadline_results_rebuild(as_of=AS_OF)
    held = sum(row.prisoners for row in live.establishments)
    assert written == held * len(RULES)
    stored = deadline_summary(chosen, as_of=AS_OF)
    assert stored.stored == 3 and stored.live == 0
    assert stored == live
    everything = list(Establishment.objects.order_by("name"))
    national = deadline_summary(everything, as_of=AS_OF, everything=True)
    assert national.stored == 3
    assert national.totals == live.totals
    # Every status occurs somewhere, so the comparison covers each of them.
    for status in SUMMARY_STATUSES:
        assert sum(tally[status] for tally in stored.totals), status
    reference = from_milestones(AS_OF)
    for row in stored.establishments:
        for tally in row.rules:
            assert dict(reference[row.establishment.code][tally.rule.code]) == {
                status: n for status, n in tally.counts.items() if n
            }
    dartmoor = next(r for r in stored.establishments if r.establishment.code == "DAI")
    irmt = next(t for t in dartmoor.rules if t.rule.code == "irmt-review")
    assert irmt[Status.NOT_APPLICABLE] == dartmoor.prisoners


def test_stored_equals_live_on_every_rules_boundaries() -> None:
    """The boundary men of the rules' own tests (due date ``due`` for a CRD of 1 September
    2026): stored and live agree the day before the window opens, the day it opens, the
    due day and the day after, with completions on the due day and the day after."""
    cases = [cast(tuple[str, dict[str, Any], dt.date, int], c.values) for c in BOUNDARY_CASES]
    for number, (code, changes, due, _window) in enumerate(cases):
        completed_by = RULES_BY_CODE[code].completed_by
        make_prisoner(prison_number=f"G{number:02d}00AA", **changes)
        make_prisoner(prison_number=f"G{number:02d}01AA", **changes, **{completed_by: due})
        make_prisoner(
            prison_number=f"G{number:02d}02AA",
            **changes,
            **{completed_by: due + dt.timedelta(days=1)},
        )
    seen: set[str] = set()
    for code, _changes, due, window in cases:
        for as_of in {
            due - dt.timedelta(days=window + 1),
            due - dt.timedelta(days=window),
            due,
            due + dt.timedelta(days=1),
        }:
            deadline_results_rebuild(as_of=as_of)
            stored = deadline_summary(establishments(), as_of=as_of)
            assert stored.stored == 1
            assert stored == deadline_summary(establishments(), as_of=as_of, stored=False)
            tally = next(t for t in stored.totals if t.rule.code == code)
            seen |= {status for status, n in tally.counts.items() if n}
    assert seen >= {Status.MET, Status.MET_LATE, Status.OVERDUE, Status.DUE_SOON}
    assert Status.NOT_YET_DUE in seen


def test_results_stored_at_another_date_are_not_used() -> None:
    varied_population()
    deadline_results_rebuild(as_of=AS_OF - dt.timedelta(days=1))
    summary = deadline_summary(establishments(), as_of=AS_OF)
    assert summary.stored == 0
    assert summary == deadline_summary(establishments(), as_of=AS_OF, stored=False)


def test_a_man_added_without_a_refresh_is_counted_live() -> None:
    varied_population()
    deadline_results_rebuild(as_of=AS_OF)
    make_prisoner(prison_number="E0001AA")  # at Littlehey, straight into the table
    summary = deadline_summary(establishments(), as_of=AS_OF)
    assert {r.establishment.code: r.stored for r in summary.establishments} == {
        "DAI": True,
        "LTI": False,
        "WDI": True,
    }
    assert summary == deadline_summary(establishments(), as_of=AS_OF, stored=False)


def test_results_missing_for_a_rule_are_not_used() -> None:
    """As after a rule is added and before the results are rebuilt."""
    varied_population()
    deadline_results_rebuild(as_of=AS_OF)
    DeadlineResult.objects.filter(establishment__code="WDI", rule_code=RULES[-1].code).delete()
    summary = deadline_summary(establishments(), as_of=AS_OF)
    assert [r.stored for r in summary.establishments] == [True, True, False]
    assert summary == deadline_summary(establishments(), as_of=AS_OF, stored=False)


def test_one_establishment_rebuilt_leaves_the_others_alone() -> None:
    varied_population()
    deadline_results_rebuild(as_of=AS_OF)
    littlehey = Establishment.objects.get(code="LTI")
    others = DeadlineResult.objects.exclude(establishment=littlehey).count()
    deadline_results_rebuild(as_of=AS_OF + dt.timedelta(days=1), establishments=[littlehey])
    assert DeadlineResult.objects.exclude(establishment=littlehey).count() == others
    assert set(
        DeadlineResult.objects.filter(establishment=littlehey).values_list("as_of", flat=True)
    ) == {AS_OF + dt.timedelta(days=1)}
    summary = deadline_summary(establishments(), as_of=AS_OF)
    assert [r.stored for r in summary.establishments] == [True, False, True]


def test_an_establishment_with_no_men_is_left_out() -> None:
    make_prisoner(prison_number="F0001AA")
    deadline_results_rebuild(as_of=AS_OF)
    summary = deadline_summary(establishments(), as_of=AS_OF)
    assert [r.establishment.code for r in summary.establishments] == ["LTI"]
    assert summary.prisoners == 1


@pytest.mark.parametrize(
    ("counts", "share"),
    [
        ({"met": 3, "met_late": 1}, 0.75),
        ({"met": 1, "overdue": 1, "due_soon": 5, "exempt": 2}, 0.5),
        ({"not_yet_due": 4, "not_applicable": 2}, None),
    ],
)
def test_on_time_share_is_met_out_of_met_late_and_overdue(counts, share) -> None:
    assert RuleTally(RULES[0], counts).on_time_share == share
