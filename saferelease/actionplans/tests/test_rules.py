"""The tracking rules, without a database, at their boundaries (named after the rules)."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.actionplans import rules

TARGET = dt.date(2016, 3, 31)


@pytest.mark.parametrize(
    ("as_of", "overdue"),
    [
        (TARGET - dt.timedelta(days=1), False),
        (TARGET, False),  # due today: not yet overdue
        (TARGET + dt.timedelta(days=1), True),  # the day after the target
    ],
)
def test_OD1_overdue_the_day_after_the_target(as_of, overdue):
    assert (
        rules.owner_line_overdue(
            target_date=TARGET, status=rules.IN_PROGRESS, decision=rules.ACCEPTED, as_of=as_of
        )
        is overdue
    )


@pytest.mark.parametrize(
    ("status", "decision", "target"),
    [
        (rules.COMPLETE, rules.ACCEPTED, TARGET),  # complete: never overdue
        (rules.IN_PROGRESS, rules.REJECTED, TARGET),  # nothing was promised
        (rules.NOT_REPORTED, rules.ACCEPTED, None),  # "Ongoing": no date
    ],
)
def test_OD1_not_overdue_when_complete_rejected_or_without_a_date(status, decision, target):
    late = dt.date(2020, 1, 1)
    assert not rules.owner_line_overdue(
        target_date=target, status=status, decision=decision, as_of=late
    )


@pytest.mark.parametrize(("days", "stale"), [(89, False), (90, False), (91, True)])
def test_ST1_stale_after_90_days_without_an_update(days, stale):
    last = dt.date(2016, 1, 1)
    assert (
        rules.recommendation_stale(
            last_activity_on=last,
            status=rules.IN_PROGRESS,
            decision=rules.ACCEPTED,
            as_of=last + dt.timedelta(days=days),
            stale_days=90,
        )
        is stale
    )


@pytest.mark.parametrize(
    ("status", "decision"), [(rules.COMPLETE, rules.ACCEPTED), (rules.NOT_STARTED, rules.REJECTED)]
)
def test_ST1_complete_or_rejected_is_never_stale(status, decision):
    assert not rules.recommendation_stale(
        last_activity_on=dt.date(2010, 1, 1),
        status=status,
        decision=decision,
        as_of=dt.date(2020, 1, 1),
        stale_days=90,
    )


def test_ST1_stale_days_is_configurable():
    def stale(days: int) -> bool:
        return rules.recommendation_stale(
            last_activity_on=dt.date(2016, 1, 1),
            status=rules.IN_PROGRESS,
            decision=rules.ACCEPTED,
            as_of=dt.date(2016, 1, 31),
            stale_days=days,
        )

    assert stale(29)
    assert not stale(30)


def test_last_activity_prefers_update_then_submission_then_import():
    update, submitted, imported = dt.date(2016, 5, 1), dt.date(2015, 10, 16), dt.date(2015, 11, 1)
    assert (
        rules.last_activity(latest_update=update, plan_submitted=submitted, imported_on=imported)
        == update
    )
    assert (
        rules.last_activity(latest_update=None, plan_submitted=submitted, imported_on=imported)
        == submitted
    )
    assert (
        rules.last_activity(latest_update=None, plan_submitted=None, imported_on=imported)
        == imported
    )


@pytest.mark.parametrize(
    ("decision", "expected"),
    [
        (rules.PARTIALLY_ACCEPTED, dt.date(2016, 4, 16)),
        (rules.SUBJECT_TO_RESOURCES, dt.date(2016, 4, 16)),
        (rules.ACCEPTED, None),
        (rules.REJECTED, None),
    ],
)
def test_DB1_open_decisions_are_decided_within_six_months(decision, expected):
    assert rules.default_decide_by(decision=decision, anchor=dt.date(2015, 10, 16)) == expected


def test_add_months_clamps_to_the_end_of_a_short_month():
    assert rules.add_months(dt.date(2015, 8, 31), 6) == dt.date(2016, 2, 29)
    assert rules.add_months(dt.date(2015, 11, 30), 3) == dt.date(2016, 2, 29)


@pytest.mark.parametrize(
    ("as_of", "resolved", "overdue"),
    [
        (dt.date(2016, 4, 16), None, False),  # on the decide-by date
        (dt.date(2016, 4, 17), None, True),
        (dt.date(2016, 4, 17), dt.date(2016, 4, 1), False),  # decided
    ],
)
def test_DB3_open_decision_overdue_the_day_after_decide_by(as_of, resolved, overdue):
    assert (
        rules.decision_overdue(
            decision=rules.PARTIALLY_ACCEPTED,
            decide_by=dt.date(2016, 4, 16),
            resolved_on=resolved,
            as_of=as_of,
        )
        is overdue
    )
    assert rules.decision_pending(
        decision=rules.PARTIALLY_ACCEPTED, decide_by=dt.date(2016, 4, 16), resolved_on=resolved
    ) is (resolved is None)


def test_DB2_accepted_decision_has_nothing_pending():
    assert not rules.decision_pending(
        decision=rules.ACCEPTED, decide_by=dt.date(2016, 4, 16), resolved_on=None
    )


@pytest.mark.parametrize(
    ("latest", "targets", "status"),
    [
        ("in_progress", ["Completed"], rules.IN_PROGRESS),  # an update wins
        (None, ["Completed"], rules.COMPLETE),  # the plan claims completion
        (None, ["Completed", "31 March 2016"], rules.NOT_REPORTED),
        (None, ["Ongoing"], rules.NOT_REPORTED),
        (None, [], rules.NOT_REPORTED),
    ],
)
def test_SR1_self_reported_status(latest, targets, status):
    assert (
        rules.self_reported_status(latest_update_status=latest, targets_as_written=targets)
        == status
    )


def test_CV1_claimed_versus_verified_shares_and_gap():
    result = rules.claimed_versus_verified(
        [
            (rules.COMPLETE, "achieved"),
            (rules.COMPLETE, "not_achieved"),
            (rules.COMPLETE, None),
            (rules.IN_PROGRESS, "partially_achieved"),
        ]
    )
    assert (result.total, result.claimed_complete, result.judged, result.judged_achieved) == (
        4,
        3,
        3,
        1,
    )
    assert result.claimed_share == 0.75
    assert result.achieved_share == 0.25
    assert result.gap == 0.5


def test_CV1_nothing_to_compare():
    result = rules.claimed_versus_verified([])
    assert result.claimed_share is None and result.gap is None
