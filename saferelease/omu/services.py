"""Writes for the offender management unit's work: keyword-only, validated, atomic,
audited; edits of a record are versioned (``saferelease/core/concurrency.py``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import QuerySet

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, has, require
from saferelease.accounts.models import User
from saferelease.accounts.roles import Role
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_model_change, audit_read, audit_record, diff, snapshot
from saferelease.core import clock
from saferelease.core.concurrency import lock_for_edit, save_edit
from saferelease.establishments.models import Establishment
from saferelease.omu.models import (
    ComReportKind,
    ComReportRequest,
    EngagementOffer,
    OmuSettings,
    Programme,
    ProgrammeNeed,
    QaAnswer,
    QaChecklistItem,
    QaRating,
    QaReview,
    QaSample,
    SupervisionSession,
)
from saferelease.omu.rules import (
    DEFAULT_QA_CHECKLIST,
    month_end,
    month_start,
    qa_assign,
    qa_draw,
    qa_due,
    qa_sample_size,
    qa_seed,
)
from saferelease.release_planning.models import Prisoner

#: The fields of a COM report request staff set (create and edit alike).
COM_REPORT_FIELDS = (
    "kind",
    "kind_other",
    "pdu",
    "requested_on",
    "due_on",
    "received_on",
    "quality_acceptable",
    "notes",
)


_M = TypeVar("_M", bound=models.Model)


def _create(
    actor: Actor,
    record: _M,
    *,
    establishment_code: str,
    constraints: bool = True,
    check: Callable[[_M], None] | None = None,
    summary: Callable[[_M], str] | None = None,
) -> _M:
    """Validate a new record (its fields, the database constraints unless ``constraints``
    is false, then ``check``), save it and audit its creation."""
    record.full_clean(validate_constraints=constraints)
    if check is not None:
        check(record)
    record.save()
    audit_model_change(
        actor=actor,
        instance=record,
        action=AuditAction.CREATE,
        establishment_code=establishment_code,
        summary=summary(record) if summary is not None else "",
    )
    return record


def _check_com_report(request: ComReportRequest) -> None:
    errors: dict[str, str] = {}
    if request.kind == ComReportKind.OTHER and not request.kind_other.strip():
        errors["kind_other"] = "Enter what report was requested"
    if request.due_on and request.requested_on and request.due_on < request.requested_on:
        errors["due_on"] = "The due date must be on or after the date requested"
    if request.received_on and request.requested_on and request.received_on < request.requested_on:
        errors["received_on"] = "The date received must be on or after the date requested"
    if request.quality_acceptable is not None and request.received_on is None:
        errors["quality_acceptable"] = "Record the date received before judging its quality"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def com_report_request_create(
    *, actor: Actor, prisoner: Prisoner, values: dict[str, Any]
) -> ComReportRequest:
    """Record a request to a community offender manager for a report. ``values`` holds
    fields of :data:`COM_REPORT_FIELDS`; ``pdu`` defaults to the prisoner's COM team."""
    require(actor, Capability.UPDATE_CASES)
    unknown = set(values) - set(COM_REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be set here" for name in unknown})
    request = ComReportRequest(
        prisoner=prisoner, created_by=actor if isinstance(actor, User) else None, **values
    )
    if not request.pdu:
        request.pdu = prisoner.com_team
    # The date checks say which field is wrong; the constraints then hold.
    return _create(
        actor,
        request,
        establishment_code=prisoner.establishment.code,
        constraints=False,
        check=_check_com_report,
        summary=lambda created: f"COM report requested: {created.kind_label}",
    )


@transaction.atomic
def com_report_request_update(
    *,
    actor: Actor,
    request: ComReportRequest,
    changes: dict[str, Any],
    expected_version: int | None,
) -> ComReportRequest:
    """Change the fields in ``changes`` on the record as it is now (read again under a
    lock); a record changed since ``expected_version`` raises ``StaleVersion`` and nothing
    is saved."""
    require(actor, Capability.UPDATE_CASES)
    unknown = set(changes) - set(COM_REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here" for name in unknown})
    request = lock_for_edit(request, expected_version=expected_version)
    before = snapshot(request)
    for name, value in changes.items():
        setattr(request, name, value)
    # The date checks say which field is wrong; the constraints then hold.
    request.full_clean(validate_constraints=False)
    _check_com_report(request)
    return save_edit(
        actor, request, before=before, establishment_code=request.prisoner.establishment.code
    )


def com_report_request_viewed(*, actor: Actor, request: ComReportRequest) -> None:
    """Audit a view of one request (part of a prisoner's record)."""
    audit_read(
        actor=actor,
        object_type="omu.comreportrequest",
        object_id=request.pk,
        object_repr=str(request),
        establishment_code=request.prisoner.establishment.code,
        prison_numbers=[request.prisoner.prison_number],
        summary="Viewed COM report request",
    )


def com_reports_listed(
    *,
    actor: Actor,
    requests: Iterable[ComReportRequest],
    query: Mapping[str, Any],
    total: int,
    establishment_code: str = "",
    what: str = "COM report requests",
) -> None:
    """Audit a list of requests (each names a prisoner): one entry naming the query, how
    many were shown and their prisoners' numbers."""
    audit_read(
        actor=actor,
        object_type="omu.comreportrequest",
        establishment_code=establishment_code.upper()[:10],
        query=query,
        prison_numbers=[r.prisoner.prison_number for r in requests],
        total=total,
        summary=f"Listed {what}",
    )


# --- Quality assurance (recommendation 5.50) ------------------------------------------------


def omu_settings_for(establishment: Establishment) -> OmuSettings:
    """The establishment's settings, created with the defaults the first time."""
    found, _ = OmuSettings.objects.get_or_create(establishment=establishment)
    return found


@transaction.atomic
def omu_settings_update(
    *,
    actor: Actor,
    establishment: Establishment,
    qa_sample_percent: int,
    senior_pom_ids: list[int],
    expected_version: int | None,
) -> OmuSettings:
    require(actor, Capability.MANAGE_OMU)
    current = lock_for_edit(omu_settings_for(establishment), expected_version=expected_version)
    before = {
        **snapshot(current),
        "senior_poms": sorted(current.senior_poms.values_list("id", flat=True)),
    }
    allowed = set(qa_reviewer_candidates(establishment).values_list("id", flat=True))
    wrong = set(senior_pom_ids) - allowed
    if wrong:
        raise ValidationError({"senior_poms": "Choose staff assigned to this establishment"})
    current.qa_sample_percent = qa_sample_percent
    current.full_clean()
    after_poms = sorted(set(senior_pom_ids))
    if before["senior_poms"] != after_poms or snapshot(current) != {
        k: v for k, v in before.items() if k != "senior_poms"
    }:
        current.version += 1
    current.save()
    current.senior_poms.set(after_poms)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="omu.omusettings",
        object_id=str(current.pk),
        object_repr=str(current),
        establishment_code=establishment.code,
        changes={
            name: [before[name], value]
            for name, value in (
                ("qa_sample_percent", current.qa_sample_percent),
                ("senior_poms", after_poms),
            )
            if before[name] != value
        },
    )
    return current


def qa_reviewer_candidates(establishment: Establishment) -> QuerySet[User]:
    """Active staff assigned to the establishment who record cases (POMs, heads of OMU)."""
    return User.objects.filter(
        is_active=True,
        establishments=establishment,
        role__in=[Role.CASEWORKER, Role.OMU_MANAGER],
    ).order_by("username")


def qa_reviewers(establishment: Establishment) -> list[User]:
    """The heads of OMU assigned to the establishment and its senior POMs."""
    settings_ = omu_settings_for(establishment)
    senior = set(settings_.senior_poms.values_list("id", flat=True))
    return [
        user
        for user in qa_reviewer_candidates(establishment)
        if user.role == Role.OMU_MANAGER or user.pk in senior
    ]


@transaction.atomic
def qa_checklist_ensure(establishment: Establishment) -> list[QaChecklistItem]:
    """The establishment's active checklist; the default items the first time."""
    items = QaChecklistItem.objects.filter(establishment=establishment)
    if not items.exists():
        QaChecklistItem.objects.bulk_create(
            QaChecklistItem(establishment=establishment, text=text, position=index)
            for index, text in enumerate(DEFAULT_QA_CHECKLIST, start=1)
        )
    return list(items.filter(active=True).order_by("position", "id"))


@transaction.atomic
def qa_checklist_item_add(
    *, actor: Actor, establishment: Establishment, text: str
) -> QaChecklistItem:
    require(actor, Capability.MANAGE_OMU)
    current = qa_checklist_ensure(establishment)
    item = QaChecklistItem(
        establishment=establishment,
        text=text.strip(),
        position=max((i.position for i in current), default=0) + 1,
    )
    return _create(actor, item, establishment_code=establishment.code)


@transaction.atomic
def qa_checklist_item_remove(*, actor: Actor, item: QaChecklistItem) -> None:
    """Take an item off the checklist (answers already given keep its words)."""
    require(actor, Capability.MANAGE_OMU)
    before = snapshot(item)
    item.active = False
    item.save()
    audit_model_change(
        actor=actor,
        instance=item,
        action=AuditAction.UPDATE,
        before=before,
        establishment_code=item.establishment.code,
    )


def qa_population(establishment: Establishment, month: dt.date) -> list[Prisoner]:
    """The OASys assessments completed at the establishment in the month: the men held
    there whose last OASys is dated in it (in custody or released since)."""
    return list(
        Prisoner.objects.filter(
            establishment=establishment,
            oasys_completed_date__gte=month_start(month),
            oasys_completed_date__lte=month_end(month),
        ).select_related("pom")
    )


def _assessed(prisoner: Prisoner) -> dt.date:
    """The OASys date of a man in the population (which has one by definition)."""
    if prisoner.oasys_completed_date is None:  # pragma: no cover - excluded by the query
        raise ValueError(f"{prisoner.prison_number} has no OASys date")
    return prisoner.oasys_completed_date


@transaction.atomic
def qa_sample_draw(
    *, actor: Actor, establishment: Establishment, month: dt.date, today: dt.date
) -> tuple[QaSample, bool]:
    """Draw the month's sample, or return the one already drawn (``False``): a month is
    drawn once. The seed, the population and the sample are recorded and audited."""
    require(actor, Capability.MANAGE_OMU)
    month = month_start(month)
    if month >= month_start(today):
        raise ValidationError({"month": "Only a month that has ended can be sampled"})
    existing = QaSample.objects.filter(establishment=establishment, month=month).first()
    if existing is not None:
        return existing, False
    percent = omu_settings_for(establishment).qa_sample_percent
    population = {p.prison_number: p for p in qa_population(establishment, month)}
    seed = qa_seed(establishment.code, month)
    size = qa_sample_size(len(population), percent)
    chosen = qa_draw(population, size, seed)
    reviewers = qa_reviewers(establishment)
    assigned = qa_assign(
        [(number, population[number].pom_id) for number in chosen], [r.pk for r in reviewers]
    )
    due = qa_due(today)
    sample = QaSample.objects.create(
        establishment=establishment,
        month=month,
        seed=seed,
        population=len(population),
        percent=percent,
        size=len(chosen),
        due_on=due,
        drawn_at=clock.now(),
        drawn_by=actor if isinstance(actor, User) else None,
    )
    QaReview.objects.bulk_create(
        QaReview(
            sample=sample,
            prisoner=population[number],
            assessment_completed_on=_assessed(population[number]),
            author_id=population[number].pom_id,
            reviewer_id=assigned[number],
            due_on=due,
        )
        for number in chosen
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="omu.qasample",
        object_id=str(sample.pk),
        object_repr=str(sample),
        establishment_code=establishment.code,
        changes={
            "seed": [None, seed],
            "population": [None, len(population)],
            "percent": [None, percent],
            "sample": [None, chosen],
            "due_on": [None, due.isoformat()],
        },
        summary=f"QA sample drawn: {len(chosen)} of {len(population)} assessments, seed {seed}",
    )
    return sample, True


def qa_review_may_record(actor: User, review: QaReview) -> bool:
    """Whether ``actor`` may record ``review``: its reviewer or the head of OMU
    (`Capability.MANAGE_OMU`), never the author of the assessment."""
    return review.author_id != actor.pk and (
        has(actor, Capability.MANAGE_OMU) or review.reviewer_id == actor.pk
    )


@transaction.atomic
def qa_review_complete(
    *,
    actor: User,
    review: QaReview,
    ratings: dict[int, tuple[str, str]],
    summary: str,
    completed_on: dt.date,
    today: dt.date,
    expected_version: int | None,
) -> QaReview:
    """Record a review: a rating and comment for every active checklist item (by item id),
    an overall comment and the date. The author of the assessment may not review it."""
    review = lock_for_edit(review, expected_version=expected_version)
    if review.author_id is not None and review.author_id == actor.pk:
        raise PermissionDenied("The author of an assessment cannot review it")
    if not qa_review_may_record(actor, review):
        raise PermissionDenied("Only its reviewer or the head of OMU can record this review")
    items = qa_checklist_ensure(review.sample.establishment)
    errors: dict[str, str] = {}
    for item in items:
        rating = ratings.get(item.pk, ("", ""))[0]
        if rating not in QaRating.values:
            errors[f"item_{item.pk}"] = f"Select met, partly met or not met for: {item.text}"
    if completed_on > today:
        errors["completed_on"] = "The date completed cannot be in the future"
    if completed_on < review.sample.drawn_at.date():
        errors["completed_on"] = "The date completed cannot be before the sample was drawn"
    if errors:
        raise ValidationError(errors)
    before = snapshot(review)
    old_answers = [(a.item_text, a.rating, a.comment) for a in review.answers.all()]
    review.answers.all().delete()
    QaAnswer.objects.bulk_create(
        QaAnswer(
            review=review,
            item=item,
            item_text=item.text,
            rating=ratings[item.pk][0],
            comment=ratings[item.pk][1].strip(),
        )
        for item in items
    )
    review.summary = summary.strip()
    review.completed_on = completed_on
    review.full_clean()
    review.version += 1
    review.save()
    new_answers = [[item.text, ratings[item.pk][0], ratings[item.pk][1].strip()] for item in items]
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="omu.qareview",
        object_id=str(review.pk),
        object_repr=str(review),
        establishment_code=review.sample.establishment.code,
        changes=diff(
            {**before, "answers": [list(a) for a in old_answers]},
            {**snapshot(review), "answers": new_answers},
        ),
        summary="QA review recorded",
    )
    return review


def _check_supervision(
    *, pom: User, supervisor: User, held_on: dt.date, today: dt.date, establishment: Establishment
) -> None:
    errors: dict[str, str] = {}
    if pom.pk == supervisor.pk:
        errors["supervisor"] = "The supervisor cannot be the POM supervised"
    if held_on > today:
        errors["held_on"] = "The date cannot be in the future"
    staff = {user.pk for user in qa_reviewer_candidates(establishment)}
    if pom.pk not in staff:
        errors.setdefault("pom", "Choose a POM at this establishment")
    if supervisor.pk not in staff:
        errors.setdefault("supervisor", "Choose a supervisor at this establishment")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def supervision_session_create(
    *,
    actor: Actor,
    establishment: Establishment,
    pom: User,
    supervisor: User,
    held_on: dt.date,
    notes: str,
    today: dt.date,
) -> SupervisionSession:
    """Record a POM's supervision session: the supervisor is not the POM, both are staff
    of the establishment, and the date is not in the future."""
    require(actor, Capability.UPDATE_CASES)
    _check_supervision(
        pom=pom, supervisor=supervisor, held_on=held_on, today=today, establishment=establishment
    )
    session = SupervisionSession(
        establishment=establishment,
        pom=pom,
        supervisor=supervisor,
        held_on=held_on,
        notes=notes.strip(),
    )
    return _create(actor, session, establishment_code=establishment.code, constraints=False)


@transaction.atomic
def supervision_session_update(
    *,
    actor: Actor,
    session: SupervisionSession,
    pom: User,
    supervisor: User,
    held_on: dt.date,
    notes: str,
    today: dt.date,
    expected_version: int | None,
) -> SupervisionSession:
    """Change a session, on the record as it is now (read again under a lock); a session
    changed since ``expected_version`` raises ``StaleVersion`` and nothing is saved. The
    checks of :func:`supervision_session_create` apply."""
    require(actor, Capability.UPDATE_CASES)
    session = lock_for_edit(session, expected_version=expected_version)
    _check_supervision(
        pom=pom,
        supervisor=supervisor,
        held_on=held_on,
        today=today,
        establishment=session.establishment,
    )
    before = snapshot(session)
    session.pom, session.supervisor = pom, supervisor
    session.held_on, session.notes = held_on, notes.strip()
    session.full_clean(validate_constraints=False)
    return save_edit(actor, session, before=before, establishment_code=session.establishment.code)


# --- Programmes and men maintaining innocence (recommendation 5.57) -----------------------


@transaction.atomic
def programme_create(
    *, actor: Actor, establishment: Establishment, name: str, places_per_year: int
) -> Programme:
    require(actor, Capability.MANAGE_OMU)
    programme = Programme(
        establishment=establishment, name=name.strip(), places_per_year=places_per_year
    )
    return _create(actor, programme, establishment_code=establishment.code)


@transaction.atomic
def programme_need_record(
    *, actor: Actor, programme: Programme, prisoner: Prisoner, assessed_on: dt.date, today: dt.date
) -> ProgrammeNeed:
    """Record that a man was assessed as needing a programme at his establishment."""
    require(actor, Capability.UPDATE_CASES)
    errors: dict[str, str] = {}
    if prisoner.establishment_id != programme.establishment_id:
        errors["programme"] = "Choose a programme at his establishment"
    if assessed_on > today:
        errors["assessed_on"] = "The date assessed cannot be in the future"
    if ProgrammeNeed.objects.filter(programme=programme, prisoner=prisoner).exists():
        errors["prison_number"] = "He is already recorded as needing this programme"
    if errors:
        raise ValidationError(errors)
    need = ProgrammeNeed(programme=programme, prisoner=prisoner, assessed_on=assessed_on)
    return _create(actor, need, establishment_code=programme.establishment.code, constraints=False)


@transaction.atomic
def programme_start_record(
    *,
    actor: Actor,
    need: ProgrammeNeed,
    started_on: dt.date | None,
    today: dt.date,
    expected_version: int | None = None,
) -> ProgrammeNeed:
    """Record the day a man started a programme he was waiting for (he leaves the waiting
    list), or clear it (None: back on the list in his place by ERD). The start is on or
    after the assessment and not in the future. With ``expected_version``, a need changed
    since raises ``StaleVersion`` and nothing is saved."""
    require(actor, Capability.UPDATE_CASES)
    need = lock_for_edit(need, expected_version=expected_version)
    if started_on is not None and (started_on > today or started_on < need.assessed_on):
        raise ValidationError(
            {"started_on": "The start must be on or after the assessment and not in the future"}
        )
    before = snapshot(need)
    need.started_on = started_on
    return save_edit(
        actor, need, before=before, establishment_code=need.programme.establishment.code
    )


@transaction.atomic
def engagement_offer_record(
    *,
    actor: Actor,
    prisoner: Prisoner,
    intervention: str,
    offered_on: dt.date,
    outcome: str,
    today: dt.date,
) -> EngagementOffer:
    """Record work offered to a man (maintaining innocence, or below a programme's
    threshold) and whether he took it up."""
    require(actor, Capability.UPDATE_CASES)
    if offered_on > today:
        raise ValidationError({"offered_on": "The date offered cannot be in the future"})
    offer = EngagementOffer(
        prisoner=prisoner, intervention=intervention.strip(), offered_on=offered_on, outcome=outcome
    )
    return _create(actor, offer, establishment_code=prisoner.establishment.code)


ENGAGEMENT_FIELDS = ("intervention", "offered_on", "outcome")


@transaction.atomic
def engagement_offer_update(
    *,
    actor: Actor,
    offer: EngagementOffer,
    changes: dict[str, Any],
    today: dt.date,
    expected_version: int | None,
) -> EngagementOffer:
    """Change an offer's intervention, date or outcome on the record as it is now; an
    offer changed since ``expected_version`` raises ``StaleVersion``."""
    require(actor, Capability.UPDATE_CASES)
    unknown = set(changes) - set(ENGAGEMENT_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here" for name in unknown})
    offer = lock_for_edit(offer, expected_version=expected_version)
    before = snapshot(offer)
    for name, value in changes.items():
        setattr(offer, name, value.strip() if isinstance(value, str) else value)
    if offer.offered_on > today:
        raise ValidationError({"offered_on": "The date offered cannot be in the future"})
    offer.full_clean()
    return save_edit(
        actor, offer, before=before, establishment_code=offer.prisoner.establishment.code
    )
