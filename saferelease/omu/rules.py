"""Pure rules for the offender management unit's work: no ORM, the date passed in.

COM report requests. Source: HM Inspectorate of Prisons, Littlehey 2015, recommendation
5.51: "a clear protocol to ensure community offender managers meet report deadlines, and
that this work is of an appropriate standard". A request is due on the date the OMU gave
the community offender manager; the due date itself is not overdue.
"""

from __future__ import annotations

import datetime as dt
import enum


class ReportStatus(enum.StrEnum):
    """Where a COM report request stands on a day."""

    RECEIVED_ON_TIME = "received_on_time"
    RECEIVED_LATE = "received_late"
    OVERDUE = "overdue"
    AWAITED = "awaited"

    @property
    def label(self) -> str:
        return {
            "received_on_time": "Received on time",
            "received_late": "Received late",
            "overdue": "Overdue",
            "awaited": "Awaited",
        }[self.value]

    @property
    def tag(self) -> str:
        """The GOV.UK tag colour class for the status."""
        return {
            "received_on_time": "govuk-tag--green",
            "received_late": "govuk-tag--yellow",
            "overdue": "govuk-tag--red",
            "awaited": "govuk-tag--blue",
        }[self.value]


def report_status(*, due_on: dt.date, received_on: dt.date | None, as_of: dt.date) -> ReportStatus:
    """Received on time (on or before the due date), received late, overdue (not received
    and the due date has passed) or awaited. A receipt recorded after ``as_of`` is not yet
    known on ``as_of``."""
    if received_on is not None and received_on <= as_of:
        return (
            ReportStatus.RECEIVED_ON_TIME if received_on <= due_on else ReportStatus.RECEIVED_LATE
        )
    return ReportStatus.OVERDUE if as_of > due_on else ReportStatus.AWAITED


def days_overdue(*, due_on: dt.date, as_of: dt.date) -> int:
    """Whole days past the due date (0 on the due date or before)."""
    return max((as_of - due_on).days, 0)
