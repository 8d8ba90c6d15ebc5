"""Reads for the offender management unit's work, always scoped: a user sees the records
of prisoners he may see (``release_planning.selectors.prisoners_visible_to``); anything
else is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from saferelease.accounts.actors import Viewer
from saferelease.accounts.models import User
from saferelease.core.calendar import add_months
from saferelease.deadlines import earliest_release_date
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishment_get, establishments_visible_to
from saferelease.metrics.catalogue import METRICS_BY_CODE, Values
from saferelease.metrics.catalogue import offender_management as om
from saferelease.metrics.periods import Period
from saferelease.metrics.selectors import metric_values, omu_counted, scope_of
from saferelease.omu.models import (
    ComReportRequest,
    EngagementOffer,
    Programme,
    ProgrammeNeed,
    QaReview,
    QaSample,
    SupervisionSession,
)
from saferelease.omu.rules import (
    ReportStatus,
    days_overdue,
    expected_start,
    need_unmet_at_release,
    report_status,
)
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.selectors import prisoners_visible_to


def com_reports_visible_to(user: Viewer) -> QuerySet[ComReportRequest]:
    return ComReportRequest.objects.filter(prisoner__in=prisoners_visible_to(user))


def com_report_get(user: Viewer, pk: int) -> ComReportRequest:
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
    user: Viewer,
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
    *, as_of: dt.date, establishment_ids: Any = None, pom: User | None = None
) -> list[ComReportRow]:
    """Requests overdue on ``as_of`` for men in custody, unscoped: for the digest (a POM's
    own men, ``pom``) and for pages that have scoped ``establishment_ids`` already."""
    requests = ComReportRequest.objects.filter(
        Q(received_on__isnull=True) | Q(received_on__gt=as_of),
        due_on__lt=as_of,
        prisoner__released_on__isnull=True,
        prisoner__transferred_out_on__isnull=True,
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


# --- Quality assurance and supervision ---------------------------------------------------


def establishment_for(user: Viewer, code: str) -> Establishment:
    """The establishment named by ``code`` if the user may see it (the first he may see
    when ``code`` is empty), else 404."""
    if code:
        return establishment_get(user, code)
    first = establishments_visible_to(user).filter(active=True).order_by("name").first()
    if first is None:
        raise Http404("No establishment")
    return first


def qa_reviews_visible_to(user: Viewer) -> QuerySet[QaReview]:
    return QaReview.objects.filter(prisoner__in=prisoners_visible_to(user))


def qa_review_get(user: Viewer, pk: int) -> QaReview:
    try:
        return (
            qa_reviews_visible_to(user)
            .select_related("sample__establishment", "prisoner", "author", "reviewer")
            .get(pk=pk)
        )
    except QaReview.DoesNotExist:
        raise Http404("No such review") from None


def qa_review_state(review: QaReview, as_of: dt.date) -> str:
    """ "Completed on time", "Completed late", "Overdue" or "Due"."""
    if review.completed_on is not None:
        return "Completed on time" if review.completed_on <= review.due_on else "Completed late"
    return "Overdue" if as_of > review.due_on else "Due"


@dataclass(frozen=True)
class QaSampleView:
    sample: QaSample
    reviews: list[tuple[QaReview, str]]


def qa_samples(
    establishment: Establishment, *, as_of: dt.date, months: int = 6
) -> list[QaSampleView]:
    """The establishment's latest samples with each review's state (the caller has checked
    the establishment is visible)."""
    samples = list(QaSample.objects.filter(establishment=establishment).order_by("-month")[:months])
    reviews = (
        QaReview.objects.filter(sample__in=samples)
        .select_related("prisoner", "author", "reviewer")
        .order_by("prisoner__prison_number")
    )
    by_sample: dict[int, list[tuple[QaReview, str]]] = {s.pk: [] for s in samples}
    for review in reviews:
        by_sample[review.sample_id].append((review, qa_review_state(review, as_of)))
    return [QaSampleView(s, by_sample[s.pk]) for s in samples]


def qa_work_due(
    *, establishment_ids: Any, as_of: dt.date, reviewer: User | None = None
) -> list[QaReview]:
    """Reviews not completed yet at these establishments (a reviewer's own with
    ``reviewer``), the earliest due first."""
    reviews = QaReview.objects.filter(
        completed_on__isnull=True, sample__establishment__in=establishment_ids
    ).select_related("prisoner", "reviewer", "sample__establishment")
    if reviewer is not None:
        reviews = reviews.filter(reviewer=reviewer)
    return list(reviews.order_by("due_on", "prisoner__prison_number"))


def supervision_sessions_visible_to(user: Viewer) -> QuerySet[SupervisionSession]:
    """Sessions at the establishments the user sees."""
    return SupervisionSession.objects.filter(establishment__in=establishments_visible_to(user))


def supervision_session_get(user: Viewer, pk: int) -> SupervisionSession:
    try:
        return (
            supervision_sessions_visible_to(user)
            .select_related("establishment", "pom", "supervisor")
            .get(pk=pk)
        )
    except SupervisionSession.DoesNotExist:
        raise Http404("No such session") from None


def programme_needs_visible_to(user: Viewer) -> QuerySet[ProgrammeNeed]:
    return ProgrammeNeed.objects.filter(prisoner__in=prisoners_visible_to(user))


def programme_need_get(user: Viewer, pk: int) -> ProgrammeNeed:
    try:
        return (
            programme_needs_visible_to(user)
            .select_related("programme__establishment", "prisoner__establishment")
            .get(pk=pk)
        )
    except ProgrammeNeed.DoesNotExist:
        raise Http404("No such programme need") from None


def programmes_visible_to(user: Viewer) -> QuerySet[Programme]:
    return Programme.objects.filter(establishment__in=establishments_visible_to(user))


def programme_get(user: Viewer, pk: int) -> Programme:
    try:
        return programmes_visible_to(user).select_related("establishment").get(pk=pk)
    except Programme.DoesNotExist:
        raise Http404("No such programme") from None


def engagement_offers_visible_to(user: Viewer) -> QuerySet[EngagementOffer]:
    return EngagementOffer.objects.filter(prisoner__in=prisoners_visible_to(user))


def engagement_offer_get(user: Viewer, pk: int) -> EngagementOffer:
    try:
        return (
            engagement_offers_visible_to(user).select_related("prisoner__establishment").get(pk=pk)
        )
    except EngagementOffer.DoesNotExist:
        raise Http404("No such offer") from None


def qa_samples_visible_to(user: Viewer) -> QuerySet[QaSample]:
    return QaSample.objects.filter(establishment__in=establishments_visible_to(user))


def qa_sample_get(user: Viewer, pk: int) -> QaSample:
    try:
        return qa_samples_visible_to(user).select_related("establishment").get(pk=pk)
    except QaSample.DoesNotExist:
        raise Http404("No such sample") from None


def supervision_sessions(establishment: Establishment) -> QuerySet[SupervisionSession]:
    return SupervisionSession.objects.filter(establishment=establishment).select_related(
        "pom", "supervisor"
    )


# --- Figures (the OMU's own work is counted here: the metrics catalogue counts men) -------


@dataclass(frozen=True)
class PduFigure:
    pdu: str
    due: int
    on_time: int
    late: int
    outstanding: int

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.due if self.due else None


def com_reports_on_time_by_pdu(
    *, establishment_ids: Any, start: dt.date, end: dt.date, as_of: dt.date
) -> list[PduFigure]:
    """Reports due from ``start`` to ``end`` (inclusive), by probation delivery unit: how
    many were received by the due date, late, or not yet (as known on ``as_of``). A
    request with no unit recorded counts under "Not recorded"."""
    counts: dict[str, list[int]] = {}
    requests = ComReportRequest.objects.filter(
        prisoner__establishment__in=establishment_ids, due_on__gte=start, due_on__lte=end
    ).values_list("pdu", "due_on", "received_on")
    for pdu, due_on, received_on in requests:
        status = report_status(due_on=due_on, received_on=received_on, as_of=as_of)
        row = counts.setdefault(pdu.strip() or "Not recorded", [0, 0, 0, 0])
        row[0] += 1
        if status == ReportStatus.RECEIVED_ON_TIME:
            row[1] += 1
        elif status == ReportStatus.RECEIVED_LATE:
            row[2] += 1
        else:
            row[3] += 1
    figures = [PduFigure(pdu, *values) for pdu, values in counts.items()]
    total = PduFigure("All units", *(sum(f[i] for f in counts.values()) for i in range(4)))
    figures.sort(key=lambda f: (-(f.due), f.pdu))
    return [*figures, total] if figures else []


@dataclass(frozen=True)
class QaFigures:
    """One establishment's quality assurance and supervision over a period, as the metrics
    catalogue counts them (``saferelease/metrics/catalogue/offender_management.py``)."""

    reviews_due: int
    completed_on_time: int
    completed: int
    meeting_standard: int
    supervision_sessions: int
    poms: int
    on_time_share: float | None
    standard_share: float | None
    sessions_per_pom_per_quarter: float | None


def qa_figures(establishment: Establishment, *, start: dt.date, end: dt.date) -> QaFigures:
    """QA completed on time, reviews meeting the standard and supervision sessions per POM
    per quarter from ``start`` to ``end`` (the catalogue's metrics, with their counts)."""
    counted = omu_counted(scope_of(establishment), Period(start, end))

    def value(code: str) -> Any:
        return METRICS_BY_CODE[code].value(counted)

    return QaFigures(
        reviews_due=counted[om.QA_DUE],
        completed_on_time=counted[om.QA_DUE_COMPLETED_ON_TIME],
        completed=counted[om.QA_COMPLETED],
        meeting_standard=counted[om.QA_MEETING_STANDARD],
        supervision_sessions=counted[om.SUPERVISION_SESSIONS],
        poms=counted.standing.poms,
        on_time_share=value("qa_completed_on_time_share"),
        standard_share=value("qa_meeting_standard_share"),
        sessions_per_pom_per_quarter=value("supervision_sessions_per_pom_per_quarter"),
    )


def omu_metric_values(establishment: Establishment, period: Period) -> Values:
    """Every metric of the catalogue for one establishment the caller has scoped (the
    programme and engagement pages show theirs)."""
    return metric_values(scope_of(establishment), period)


# --- Programmes and men maintaining innocence ----------------------------------------------


@dataclass(frozen=True)
class WaitingMan:
    need: ProgrammeNeed
    erd: dt.date | None
    expected_start: dt.date | None
    unmet: bool


@dataclass(frozen=True)
class ProgrammeBoard:
    programme: Programme
    waiting: list[WaitingMan]

    @property
    def need(self) -> int:
        return len(self.waiting)

    @property
    def unmet(self) -> int:
        return sum(man.unmet for man in self.waiting)


def programme_boards(establishment: Establishment, *, as_of: dt.date) -> list[ProgrammeBoard]:
    """Each active programme: places a year, the men in custody assessed as needing it who
    have not started, ordered by ERD (none last), with the expected start and whether the
    ERD comes first."""
    boards = []
    for programme in Programme.objects.filter(establishment=establishment, active=True):
        needs = ProgrammeNeed.objects.filter(
            programme=programme,
            started_on__isnull=True,
            prisoner__released_on__isnull=True,
            prisoner__transferred_out_on__isnull=True,
        ).select_related("prisoner__establishment")
        dated: list[tuple[ProgrammeNeed, dt.date | None]] = []
        for need in needs:
            found = earliest_release_date(need.prisoner.facts(), as_of)
            dated.append((need, found.date if found else None))
        dated.sort(key=lambda pair: (pair[1] is None, pair[1] or as_of, pair[0].pk))
        waiting = []
        for position, (need, release) in enumerate(dated):
            start = expected_start(position, programme.places_per_year, as_of)
            waiting.append(WaitingMan(need, release, start, need_unmet_at_release(release, start)))
        boards.append(ProgrammeBoard(programme, waiting))
    return boards


@dataclass(frozen=True)
class InnocenceRow:
    prisoner: Prisoner
    last_offer: EngagementOffer | None
    offered_in_last_year: bool


def maintaining_innocence(establishment: Establishment, *, as_of: dt.date) -> list[InnocenceRow]:
    """Men in custody maintaining innocence, those with no engagement offer in the last
    12 months (on or after ``as_of`` minus 12 calendar months) first."""
    since = add_months(as_of, -12)
    men = Prisoner.objects.in_custody().filter(
        establishment=establishment, maintains_innocence=True
    )
    latest: dict[int, EngagementOffer] = {}
    for offer in EngagementOffer.objects.filter(prisoner__in=men, offered_on__lte=as_of).order_by(
        "offered_on", "id"
    ):
        latest[offer.prisoner_id] = offer
    rows = [
        InnocenceRow(
            man,
            latest.get(man.pk),
            man.pk in latest and latest[man.pk].offered_on >= since,
        )
        for man in men
    ]
    rows.sort(key=lambda r: (r.offered_in_last_year, r.prisoner.family_name, r.prisoner.pk))
    return rows
