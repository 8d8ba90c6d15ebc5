"""Reads for the offender management unit's work, always scoped: a user sees the records
of prisoners he may see (``release_planning.selectors.prisoners_visible_to``); anything
else is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from saferelease.omu.models import ComReportRequest
from saferelease.omu.rules import ReportStatus, days_overdue, report_status
from saferelease.release_planning.selectors import prisoners_visible_to


def com_reports_visible_to(user: Any) -> QuerySet[ComReportRequest]:
    return ComReportRequest.objects.filter(prisoner__in=prisoners_visible_to(user))


def com_report_get(user: Any, pk: int) -> ComReportRequest:
    try:
        return com_reports_visible_to(user).select_related("prisoner__establishment").get(pk=pk)
    except ComReportRequest.DoesNotExist:
        raise Http404("No such report request") from None


@dataclass(frozen=True)
class ComReportRow:
    """A request with where it stands on ``as_of``."""

    request: ComReportRequest
    status: ReportStatus
    days_overdue: int


def _row(request: ComReportRequest, as_of: dt.date) -> ComReportRow:
    status = report_status(due_on=request.due_on, received_on=request.received_on, as_of=as_of)
    overdue = days_overdue(due_on=request.due_on, as_of=as_of)
    return ComReportRow(request, status, overdue if status == ReportStatus.OVERDUE else 0)


def com_report_rows(
    user: Any,
    *,
    as_of: dt.date,
    establishment_code: str = "",
    status: str = "",
    prison_number: str = "",
) -> list[ComReportRow]:
    """Requests the user may see, with their status on ``as_of``: overdue first (most days
    overdue first), then awaited by due date, then received (latest due first)."""
    requests = com_reports_visible_to(user).select_related("prisoner__establishment")
    if establishment_code:
        requests = requests.filter(prisoner__establishment__code=establishment_code.upper())
    if prison_number:
        requests = requests.filter(prisoner__prison_number=prison_number.strip().upper())
    if status in (ReportStatus.OVERDUE, ReportStatus.AWAITED):
        # Not received (or received after as_of) before narrowing by the due date.
        requests = requests.filter(Q(received_on__isnull=True) | Q(received_on__gt=as_of))
        if status == ReportStatus.OVERDUE:
            requests = requests.filter(due_on__lt=as_of)
        else:
            requests = requests.filter(due_on__gte=as_of)
    rows = [_row(request, as_of) for request in requests]
    if status:
        rows = [row for row in rows if row.status == status]
    order = {
        ReportStatus.OVERDUE: 0,
        ReportStatus.AWAITED: 1,
        ReportStatus.RECEIVED_LATE: 2,
        ReportStatus.RECEIVED_ON_TIME: 2,
    }
    rows.sort(
        key=lambda r: (
            order[r.status],
            -r.days_overdue,
            r.request.due_on.toordinal() * (-1 if order[r.status] == 2 else 1),
            r.request.pk,
        )
    )
    return rows


def overdue_com_reports(
    *, as_of: dt.date, establishment_ids: Any = None, pom: Any = None
) -> list[ComReportRow]:
    """Requests overdue on ``as_of`` for men in custody, unscoped: for the digest (a POM's
    own men, ``pom``) and for pages that have scoped ``establishment_ids`` already."""
    requests = ComReportRequest.objects.filter(
        Q(received_on__isnull=True) | Q(received_on__gt=as_of),
        due_on__lt=as_of,
        prisoner__released_on__isnull=True,
    ).select_related("prisoner__establishment")
    if establishment_ids is not None:
        requests = requests.filter(prisoner__establishment__in=establishment_ids)
    if pom is not None:
        requests = requests.filter(
            prisoner__pom=pom, prisoner__establishment__in=pom.establishments.all()
        )
    rows = [_row(request, as_of) for request in requests]
    rows.sort(key=lambda r: (-r.days_overdue, r.request.pk))
    return rows
