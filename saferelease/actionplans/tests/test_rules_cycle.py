"""Pure rules of the inspection cycle, at their boundaries (named after the rule codes)."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.actionplans import rules

ISSUED = dt.date(2026, 10, 21)


def test_UN1_response_due_28_calendar_days_after_issue() -> None:
    assert rules.urgent_response_due(ISSUED) == dt.date(2026, 11, 18)


@pytest.mark.parametrize(
    ("as_of", "responded", "status"),
    [
        (dt.date(2026, 10, 21), None, rules.AWAITING),
        (dt.date(2026, 11, 18), None, rules.AWAITING),  # due today: not late yet
        (dt.date(2026, 11, 19), None, rules.RESPONSE_LATE),  # the day after
        (dt.date(2026, 12, 4), dt.date(2026, 11, 18), rules.RESPONDED),  # on the last day
        (dt.date(2026, 12, 4), dt.date(2026, 11, 19), rules.RESPONDED_LATE),
        # A response dated after as_of has not happened yet on as_of.
        (dt.date(2026, 11, 10), dt.date(2026, 11, 12), rules.AWAITING),
    ],
)
def test_UN2_response_status(as_of: dt.date, responded: dt.date | None, status: str) -> None:
    assert (
        rules.urgent_response_status(issued_on=ISSUED, responded_on=responded, as_of=as_of)
        == status
    )


def test_UN2_days_left_go_negative_once_late() -> None:
    assert rules.urgent_days_left(issued_on=ISSUED, as_of=dt.date(2026, 11, 17)) == 1
    assert rules.urgent_days_left(issued_on=ISSUED, as_of=dt.date(2026, 12, 4)) == -16


@pytest.mark.parametrize(
    ("end", "late"),
    [(dt.date(2026, 10, 14), False), (dt.date(2026, 10, 13), True), (None, False)],
)
def test_UN3_letter_within_7_days_of_the_inspection_ending(end: dt.date | None, late: bool) -> None:
    assert rules.urgent_letter_late(inspection_end=end, issued_on=ISSUED) is late


@pytest.mark.parametrize(
    ("claimed", "outcome", "contradicted"),
    [
        ("complete", "insufficient_progress", True),
        ("complete", "no_meaningful_progress", True),
        ("complete", "not_achieved", True),
        ("complete", "partially_achieved", True),
        ("complete", "reasonable_progress", False),
        ("complete", "good_progress", False),
        ("complete", None, False),
        ("in_progress", "insufficient_progress", False),
    ],
)
def test_CV3_claim_contradicted(claimed: str, outcome: str | None, contradicted: bool) -> None:
    assert rules.claim_contradicted(claimed=claimed, review_outcome=outcome) is contradicted


def test_CV1_a_review_good_progress_verifies_but_is_not_achieved() -> None:
    cvv = rules.claimed_versus_verified(
        [
            ("complete", "good_progress"),
            ("complete", "insufficient_progress"),
            ("complete", "achieved"),
            ("in_progress", "reasonable_progress"),
            ("not_reported", None),
        ]
    )
    assert (cvv.total, cvv.claimed_complete, cvv.judged) == (5, 3, 4)
    assert (cvv.judged_achieved, cvv.verified, cvv.contradicted) == (1, 2, 1)
    assert cvv.gap == pytest.approx((3 - 2) / 5)


def test_CV2_review_verification() -> None:
    summary = rules.review_verification(
        [
            ("complete", "insufficient_progress"),
            ("complete", "good_progress"),
            ("in_progress", "reasonable_progress"),
            ("not_reported", "no_meaningful_progress"),
        ]
    )
    assert (summary.followed_up, summary.claimed_complete, summary.contradicted) == (4, 2, 1)
    assert summary.claimed_and_good == 1
    assert summary.by_outcome == {
        "no_meaningful_progress": 1,
        "insufficient_progress": 1,
        "reasonable_progress": 1,
        "good_progress": 1,
    }
    assert summary.good_or_reasonable == 2


def test_LN1_lineage_text_in_date_order() -> None:
    events = [
        rules.LineageEvent(dt.date(2019, 3, 4), "not achieved"),
        rules.LineageEvent(dt.date(2015, 3, 2), "raised"),
        rules.LineageEvent(dt.date(2020, 1, 14), "IRP insufficient progress"),
        rules.LineageEvent(dt.date(2016, 2, 1), "plan said complete"),
    ]
    assert rules.lineage_text(events) == (
        "raised 2015, plan said complete 2016, not achieved 2019, IRP insufficient progress 2020"
    )


def test_LN1_same_day_steps_keep_their_order() -> None:
    day = dt.date(2019, 3, 4)
    events = [rules.LineageEvent(day, "raised again"), rules.LineageEvent(day, "not achieved")]
    assert rules.lineage_text(events) == "raised again 2019, not achieved 2019"


def test_NX1_achievement_at_the_next_inspection() -> None:
    # HMP Liverpool 2017 in the Justice Committee's figures: the prison reported most on
    # track; inspectors found a quarter achieved.
    rows: list[tuple[str, str | None]] = [
        ("complete", "not_achieved"),
        ("complete", "not_achieved"),
        ("complete", "achieved"),
        ("in_progress", "partially_achieved"),
        ("not_reported", None),
    ]
    figures = rules.next_inspection_achievement(rows)
    assert (figures.total, figures.claimed_complete, figures.judged) == (5, 3, 4)
    assert (figures.achieved, figures.partially_achieved, figures.not_achieved) == (1, 1, 2)
    assert figures.achieved_share == pytest.approx(0.25)
    assert figures.claimed_share == pytest.approx(0.6)


def test_NX1_nothing_judged_has_no_share() -> None:
    figures = rules.next_inspection_achievement([("complete", None)])
    assert figures.achieved_share is None
