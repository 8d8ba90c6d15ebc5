"""The offender management unit's own work (Littlehey 2015, recommendations 5.50 and 5.51;
docs/omu.md): quality assurance of OASys assessments, POM supervision and reports from
community offender managers. These count the OMU's records dated in the period
(:mod:`.records`), not men; the OMU's pages show the same figures."""

from __future__ import annotations

from typing import Final

from saferelease.metrics.catalogue.metric import (
    Better,
    Group,
    Metric,
    PerPomPerQuarter,
    Recorded,
    Share,
)
from saferelease.metrics.catalogue.records import (
    ComReportRecord,
    QaReviewRecord,
    SupervisionRecord,
)
from saferelease.omu.rules import ReportStatus, report_status


def qa_completed_on_time(review: QaReviewRecord) -> bool:
    """Completed on or before its due date."""
    return review.completed_on is not None and review.completed_on <= review.due_on


def com_report_received_on_time(request: ComReportRecord) -> bool:
    """Received on or before its due date (``saferelease.omu.rules.report_status`` as known
    on the due date)."""
    status = report_status(
        due_on=request.due_on, received_on=request.received_on, as_of=request.due_on
    )
    return status == ReportStatus.RECEIVED_ON_TIME


QA_DUE: Final = Recorded("QA reviews due", QaReviewRecord, lambda r: r.due_on)
QA_DUE_COMPLETED_ON_TIME: Final = Recorded(
    "QA reviews due, completed on time", QaReviewRecord, lambda r: r.due_on, qa_completed_on_time
)
QA_COMPLETED: Final = Recorded("QA reviews completed", QaReviewRecord, lambda r: r.completed_on)
QA_MEETING_STANDARD: Final = Recorded(
    "QA reviews completed, meeting the standard",
    QaReviewRecord,
    lambda r: r.completed_on,
    lambda r: r.meets_standard is True,
)
SUPERVISION_SESSIONS: Final = Recorded(
    "supervision sessions", SupervisionRecord, lambda s: s.held_on
)
COM_REPORTS_DUE: Final = Recorded("COM reports due", ComReportRecord, lambda r: r.due_on)
COM_REPORTS_ON_TIME: Final = Recorded(
    "COM reports due, received on time",
    ComReportRecord,
    lambda r: r.due_on,
    com_report_received_on_time,
)

METRICS: Final[tuple[Metric, ...]] = (
    Metric(
        "qa_completed_on_time_share",
        "QA completed on time",
        "Share of the QA reviews of sampled OASys assessments due in the period (the end of "
        "the month of the draw) that were completed on or before their due date.",
        Better.HIGHER,
        Group.OFFENDER_MANAGEMENT,
        Share(QA_DUE_COMPLETED_ON_TIME, QA_DUE),
        charted=True,
    ),
    Metric(
        "qa_meeting_standard_share",
        "QA reviews meeting the standard",
        "Share of the QA reviews completed in the period with no checklist item rated "
        '"not met" (a review with no ratings does not meet it).',
        Better.HIGHER,
        Group.OFFENDER_MANAGEMENT,
        Share(QA_MEETING_STANDARD, QA_COMPLETED),
        charted=True,
    ),
    Metric(
        "supervision_sessions_per_pom_per_quarter",
        "Supervision sessions per POM per quarter",
        "POM supervision sessions held in the period, divided by the caseworkers (POMs) "
        "assigned to the establishments now and by the quarters in the period (calendar "
        "months / 3). Blank with no POMs assigned.",
        Better.HIGHER,
        Group.OFFENDER_MANAGEMENT,
        PerPomPerQuarter(SUPERVISION_SESSIONS),
        charted=True,
    ),
    Metric(
        "com_reports_on_time_share",
        "COM reports received on time",
        "Share of the reports requested from community offender managers due in the period "
        "that were received on or before their due date (the OMU's page breaks it down by "
        "probation delivery unit).",
        Better.HIGHER,
        Group.OFFENDER_MANAGEMENT,
        Share(COM_REPORTS_ON_TIME, COM_REPORTS_DUE),
        charted=True,
    ),
)
