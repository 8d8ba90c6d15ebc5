"""COM report request status at the boundaries (recommendation 5.51)."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.omu.rules import (
    ReportStatus,
    days_overdue,
    expected_start,
    month_end,
    need_unmet_at_release,
    previous_month,
    qa_assign,
    qa_draw,
    qa_due,
    qa_meets_standard,
    qa_sample_size,
    qa_seed,
    report_status,
)

DUE = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("received", "as_of", "status"),
    [
        (None, DUE - dt.timedelta(days=1), ReportStatus.AWAITED),
        (None, DUE, ReportStatus.AWAITED),  # the due date itself is not overdue
        (None, DUE + dt.timedelta(days=1), ReportStatus.OVERDUE),
        (DUE, DUE + dt.timedelta(days=9), ReportStatus.RECEIVED_ON_TIME),
        (DUE - dt.timedelta(days=20), DUE, ReportStatus.RECEIVED_ON_TIME),
        (DUE + dt.timedelta(days=1), DUE + dt.timedelta(days=1), ReportStatus.RECEIVED_LATE),
        # A receipt recorded after as_of is not known yet on as_of.
        (DUE + dt.timedelta(days=3), DUE + dt.timedelta(days=2), ReportStatus.OVERDUE),
        (DUE - dt.timedelta(days=1), DUE - dt.timedelta(days=2), ReportStatus.AWAITED),
    ],
)
def test_report_status(received, as_of, status) -> None:
    assert report_status(due_on=DUE, received_on=received, as_of=as_of) == status


def test_days_overdue() -> None:
    assert days_overdue(due_on=DUE, as_of=DUE) == 0
    assert days_overdue(due_on=DUE, as_of=DUE - dt.timedelta(days=5)) == 0
    assert days_overdue(due_on=DUE, as_of=dt.date(2026, 12, 4)) == 4


def test_every_status_has_a_label_and_a_tag() -> None:
    for status in ReportStatus:
        assert status.label and status.tag.startswith("govuk-tag--")


# --- Quality assurance sampling (5.50) ------------------------------------------------------


@pytest.mark.parametrize(
    ("population", "percent", "size"),
    [
        (0, 10, 0),
        (1, 10, 1),
        (4, 10, 1),
        (5, 10, 5),  # at least 5 when there are 5 or more
        (49, 10, 5),
        (50, 10, 5),
        (51, 10, 6),  # 5.1 rounded up
        (120, 10, 12),
        (7, 100, 7),
        (3, 100, 3),
        (60, 25, 15),
    ],
)
def test_qa_sample_size(population: int, percent: int, size: int) -> None:
    assert qa_sample_size(population, percent) == size


def test_qa_draw_is_reproducible_whatever_the_order_read() -> None:
    numbers = [f"A{n:04d}AA" for n in range(60)]
    seed = qa_seed("LTI", dt.date(2026, 11, 1))
    first = qa_draw(numbers, 6, seed)
    assert first == qa_draw(list(reversed(numbers)), 6, seed)
    assert first == sorted(first) and len(set(first)) == 6 and set(first) <= set(numbers)
    assert qa_seed("LTI", dt.date(2026, 11, 1)) == seed
    assert qa_seed("LTI", dt.date(2026, 10, 1)) != seed
    assert qa_seed("SFI", dt.date(2026, 11, 1)) != seed
    # Seeds differ between months: another month's draw is (almost surely) another sample.
    assert qa_draw(numbers, 6, qa_seed("LTI", dt.date(2026, 10, 1))) != first


def test_qa_assign_balances_and_never_gives_an_author_his_own() -> None:
    items = [("a", 1), ("b", 1), ("c", 2), ("d", None), ("e", 3)]
    assigned = qa_assign(items, [1, 2])
    assert assigned == {"a": 2, "b": 2, "c": 1, "d": 1, "e": 1}
    assert all(assigned[key] != author for key, author in items)
    assert qa_assign([("a", 1)], [1]) == {"a": None}
    assert qa_assign([("a", 1)], []) == {"a": None}


def test_qa_months_due_and_standard() -> None:
    assert previous_month(dt.date(2026, 1, 15)) == dt.date(2025, 12, 1)
    assert month_end(dt.date(2028, 2, 3)) == dt.date(2028, 2, 29)
    assert qa_due(dt.date(2026, 12, 4)) == dt.date(2026, 12, 31)
    assert qa_meets_standard(["met", "partly_met"]) is True
    assert qa_meets_standard(["met", "not_met"]) is False
    assert qa_meets_standard([]) is None


def test_programme_expected_start_and_need_unmet() -> None:
    as_of = dt.date(2026, 12, 4)
    assert expected_start(0, 54, as_of) == as_of
    assert expected_start(54, 54, as_of) == as_of + dt.timedelta(days=365)
    assert expected_start(1, 3, as_of) == as_of + dt.timedelta(days=121)  # 121.67 down
    assert expected_start(3, 0, as_of) is None
    start = dt.date(2027, 3, 1)
    assert need_unmet_at_release(dt.date(2027, 2, 28), start)
    assert not need_unmet_at_release(start, start)  # he starts on his ERD: not unmet
    assert need_unmet_at_release(dt.date(2030, 1, 1), None)
    assert not need_unmet_at_release(None, None)
