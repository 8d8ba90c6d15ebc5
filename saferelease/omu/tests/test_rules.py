"""COM report request status at the boundaries (recommendation 5.51)."""

from __future__ import annotations

import datetime as dt

import pytest

from saferelease.omu.rules import ReportStatus, days_overdue, report_status

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
