"""Invariants: what every rule result must satisfy, checked over computed results.

The tests run them over randomised populations and around every boundary; a caller may
run them too (:func:`check_invariants` raises, :func:`invariant_violations` lists).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from saferelease.deadlines.engine import RuleResult
from saferelease.deadlines.rules import RULES_BY_CODE
from saferelease.deadlines.vocabularies import Status

__all__ = ["InvariantError", "check_invariants", "invariant_violations"]


class InvariantError(AssertionError):
    """A result contradicts the definition of its status."""


def _result_violations(result: RuleResult) -> Iterable[str]:
    rule = RULES_BY_CODE.get(result.rule)
    if rule is None:
        yield f"unknown rule {result.rule!r}"
        return
    status, due, done, as_of = result.status, result.due_date, result.completed_date, result.as_of
    if (result.earliest_release_date is None) != (result.erd_source is None):
        yield "ERD and its source must both be set or both be empty"
    if done is not None and done > as_of:
        yield "a completion after as_of must be ignored"
    if not result.explanation:
        yield "explanation missing"
    if status == Status.NOT_APPLICABLE:
        if due is not None or done is not None:
            yield "not_applicable carries no due or completed date"
        if not result.explanation.startswith("Not applicable"):
            yield "not_applicable explanation must say so"
        return
    if due is None:
        yield f"{status} needs a due date"
        return
    if rule.needs_erd and result.earliest_release_date is None:
        yield f"{status} needs an ERD for {rule.code}"
    if status != Status.OVERDUE and result.days_overdue is not None:
        yield "days_overdue is only for overdue"
    if status not in (Status.DUE_SOON, Status.NOT_YET_DUE) and result.days_until_due is not None:
        yield "days_until_due is only for due_soon and not_yet_due"
    if status == Status.MET:
        if done is None:
            yield "met needs a completed date"
        elif done > due:
            yield "met needs completed <= due"
        if rule.rolling and as_of >= due - dt.timedelta(days=rule.window_days):
            yield "rolling met must be before the window"
    elif status == Status.MET_LATE:
        if rule.rolling:
            yield "rolling rules are never met late"
        if done is None or done <= due:
            yield "met_late needs completed > due"
    elif status == Status.EXEMPT:
        if rule.exemption_field is None:
            yield "exempt on a rule without an exemption"
        if done is not None:
            yield "a completed item is met, not exempt"
    elif status == Status.OVERDUE:
        if not as_of > due:
            yield "overdue needs as_of > due"
        if result.days_overdue != (as_of - due).days:
            yield "days_overdue must be as_of - due"
        if done is not None and not rule.rolling:
            yield "a completed item is not overdue"
        if not result.explanation.startswith("Overdue by "):
            yield "overdue explanation must say so"
    elif status == Status.DUE_SOON:
        if not due - dt.timedelta(days=rule.window_days) <= as_of <= due:
            yield "due_soon needs due - window <= as_of <= due"
        if result.days_until_due != (due - as_of).days:
            yield "days_until_due must be due - as_of"
        if done is not None and not rule.rolling:
            yield "a completed item is not due soon"
    elif status == Status.NOT_YET_DUE:
        if not as_of < due - dt.timedelta(days=rule.window_days):
            yield "not_yet_due needs as_of < due - window"
        if done is not None:
            yield "a completed item is not 'not yet due'"
        if result.days_until_due != (due - as_of).days:
            yield "days_until_due must be due - as_of"
    else:
        yield f"unknown status {status!r}"


def invariant_violations(results: Sequence[RuleResult]) -> list[str]:
    """Every broken invariant, as "rule: message" (empty when all hold).

    Per result: met has a completed date on or before the due date; met_late after it;
    overdue has ``as_of`` after the due date; due_soon is inside the window; not_yet_due is
    before it; not_applicable has no dates; a completion is never after ``as_of``; the
    day counts agree with the dates. Across results: one ``as_of`` and one ERD, codes
    unique.
    """
    problems = [
        f"{result.rule}: {message}" for result in results for message in _result_violations(result)
    ]
    if len({r.as_of for r in results}) > 1:
        problems.append("results for one prisoner must share as_of")
    if len({(r.earliest_release_date, r.erd_source) for r in results}) > 1:
        problems.append("results for one prisoner must share the ERD")
    codes = [r.rule for r in results]
    if len(set(codes)) != len(codes):
        problems.append("rule codes repeat")
    return problems


def check_invariants(results: Sequence[RuleResult]) -> None:
    """Raise :class:`InvariantError` (an ``AssertionError``) if any invariant is broken.

    Raises explicitly rather than using ``assert``, so it also works under ``python -O``.
    """
    problems = invariant_violations(results)
    if problems:
        raise InvariantError("; ".join(problems))
