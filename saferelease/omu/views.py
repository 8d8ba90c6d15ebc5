"""Pages for the offender management unit's work (thin: a form, a service or a selector,
a template)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, has, require
from saferelease.audit.services import audit_read
from saferelease.core import clock
from saferelease.core.calendar import add_months
from saferelease.core.concurrency import StaleVersion
from saferelease.core.conflicts import Conflict, conflict, show_conflict
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishments_visible_to
from saferelease.metrics.periods import Period, default_period
from saferelease.omu import selectors, services
from saferelease.omu.forms import (
    ChecklistItemForm,
    ComReportCreateForm,
    ComReportEditForm,
    ComReportFilterForm,
    EngagementOfferForm,
    ProgrammeForm,
    ProgrammeNeedForm,
    ProgrammeStartForm,
    QaReviewForm,
    QaSettingsForm,
    SupervisionEditForm,
    SupervisionForm,
    quality_initial,
)
from saferelease.omu.models import QaChecklistItem
from saferelease.omu.rules import previous_month
from saferelease.release_planning.selectors import prisoner_get
from saferelease.release_planning.services import prisoner_record_viewed


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's validation errors on the form: on their field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def com_report_list(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    establishments = [
        (e.code, e.name) for e in establishments_visible_to(actor).filter(active=True)
    ]
    form = ComReportFilterForm(request.GET or None, establishments=establishments)
    code = status = prison_number = ""
    if form.is_valid():
        code = form.cleaned_data["establishment"]
        status = form.cleaned_data["status"]
        prison_number = form.cleaned_data["prisoner"]
    as_of = clock.today()
    rows = selectors.com_report_rows(
        actor,
        as_of=as_of,
        establishment_code=code,
        status=status,
        prison_number=prison_number,
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    services.com_reports_listed(
        actor=actor,
        requests=[row.request for row in page.object_list],
        query=request.GET,
        total=len(rows),
        establishment_code=code,
    )
    scope = establishments_visible_to(actor)
    if code:
        scope = scope.filter(code=code.upper())
    start = add_months(as_of, -12) + dt.timedelta(days=1)
    by_pdu = selectors.com_reports_on_time_by_pdu(
        establishment_ids=scope.values("id"), start=start, end=as_of, as_of=as_of
    )
    return render(
        request,
        "omu/com_report_list.html",
        {
            "form": form,
            "page": page,
            "total": len(rows),
            "as_of": as_of,
            "by_pdu": by_pdu,
            "pdu_start": start,
        },
    )


@require_http_methods(["GET", "POST"])
def com_report_create(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    require(actor, Capability.UPDATE_CASES)
    initial = {"prison_number": request.GET.get("prisoner", "")[:20], "requested_on": clock.today()}
    form = ComReportCreateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            prisoner = prisoner_get(actor, form.cleaned_data["prison_number"])
        except Http404:  # a number he may not see reads the same as an unknown one
            form.add_error("prison_number", "No prisoner with this number at your establishments")
        else:
            try:
                created = services.com_report_request_create(
                    actor=actor, prisoner=prisoner, values=form.values()
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, f"{created.kind_label} requested for {prisoner.prison_number}"
                )
                return redirect("omu:com_reports")
    return render(request, "omu/com_report_form.html", {"form": form, "creating": True})


@require_http_methods(["GET", "POST"])
def com_report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    report = selectors.com_report_get(actor, pk)
    require(actor, Capability.UPDATE_CASES)
    initial = {
        "kind": report.kind,
        "kind_other": report.kind_other,
        "pdu": report.pdu,
        "requested_on": report.requested_on,
        "due_on": report.due_on,
        "received_on": report.received_on,
        "quality_acceptable": quality_initial(report.quality_acceptable),
        "notes": report.notes,
        "version": report.version,
    }
    form = ComReportEditForm(request.POST if request.method == "POST" else None, initial=initial)
    changed: Conflict | None = None
    if request.method == "GET":
        services.com_report_request_viewed(actor=actor, request=report)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            services.com_report_request_update(
                actor=actor,
                request=report,
                changes=values,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            changed = conflict(stale, values)
            show_conflict(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"{report.kind_label} for {report.prisoner.prison_number} saved"
            )
            return redirect("omu:com_reports")
    return render(
        request,
        "omu/com_report_form.html",
        {"form": form, "report": report, "conflict": changed, "creating": False},
    )


# --- Quality assurance and supervision ---------------------------------------------------


def _staff_choices(establishment: Establishment) -> list[tuple[str, str]]:
    return [
        (str(u.pk), u.get_full_name() or u.username)
        for u in services.qa_reviewer_candidates(establishment)
    ]


def qa_overview(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    establishment = selectors.establishment_for(actor, request.GET.get("establishment", ""))
    today = clock.today()
    month = previous_month(today)
    settings_ = services.omu_settings_for(establishment)
    samples = selectors.qa_samples(establishment, as_of=today)
    drawn = any(view.sample.month == month for view in samples)
    figures_start = add_months(today, -12) + dt.timedelta(days=1)
    figures = selectors.qa_figures(establishment, start=figures_start, end=today)
    establishments = establishments_visible_to(actor).filter(active=True).order_by("name")
    audit_read(
        actor=actor,
        object_type="omu.qareview",
        establishment_code=establishment.code,
        query=request.GET,
        prison_numbers=[r.prisoner.prison_number for view in samples for r, _ in view.reviews],
        summary="Listed QA samples",
    )
    return render(
        request,
        "omu/qa_overview.html",
        {
            "establishment": establishment,
            "establishments": establishments,
            "settings": settings_,
            "senior_poms": settings_.senior_poms.order_by("username"),
            "samples": samples,
            "month": month,
            "drawn": drawn,
            "today": today,
            "figures": figures,
            "figures_start": figures_start,
        },
    )


@require_http_methods(["POST"])
def qa_draw(request: HttpRequest, code: str) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    establishment = selectors.establishment_for(actor, code)
    require(actor, Capability.MANAGE_OMU)
    today = clock.today()
    month = previous_month(today)
    try:
        sample, created = services.qa_sample_draw(
            actor=actor, establishment=establishment, month=month, today=today
        )
    except ValidationError as error:
        messages.error(request, "; ".join(error.messages))
    else:
        if created:
            messages.success(
                request,
                f"Sample drawn for {month:%B %Y}: {sample.size} of {sample.population} "
                f"assessments (seed {sample.seed})",
            )
        else:
            messages.info(request, f"The sample for {month:%B %Y} was already drawn")
    return redirect(f"{reverse('omu:qa')}?establishment={establishment.code}")


@require_http_methods(["GET", "POST"])
def qa_review(request: HttpRequest, pk: int) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    review = selectors.qa_review_get(actor, pk)
    establishment = review.sample.establishment
    may_record = services.qa_review_may_record(actor, review)
    items = services.qa_checklist_ensure(establishment)
    answers = {a.item_id: a for a in review.answers.all()}
    initial: dict[str, Any] = {
        "version": review.version,
        "summary": review.summary,
        "completed_on": review.completed_on or clock.today(),
    }
    for item in items:
        if item.pk in answers:
            initial[f"item_{item.pk}"] = answers[item.pk].rating
            initial[f"comment_{item.pk}"] = answers[item.pk].comment
    posted = request.POST if request.method == "POST" else None
    if posted is not None and not may_record:
        raise PermissionDenied
    form = QaReviewForm(posted, initial=initial, items=items)
    changed: Conflict | None = None
    if request.method == "GET":
        prisoner_record_viewed(actor=actor, prisoner=review.prisoner, what="QA review")
    if posted is not None and form.is_valid():
        try:
            services.qa_review_complete(
                actor=actor,
                review=review,
                ratings=form.ratings(),
                summary=form.cleaned_data["summary"],
                completed_on=form.cleaned_data["completed_on"],
                today=clock.today(),
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            changed = conflict(stale, {"summary": form.cleaned_data["summary"]})
            show_conflict(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"QA review of {review.prisoner.prison_number} saved")
            return redirect(f"{reverse('omu:qa')}?establishment={establishment.code}")
    return render(
        request,
        "omu/qa_review.html",
        {
            "review": review,
            "form": form,
            "may_record": may_record,
            "answers": list(review.answers.all()),
            "conflict": changed,
        },
    )


@require_http_methods(["GET", "POST"])
def qa_settings(request: HttpRequest, code: str) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    establishment = selectors.establishment_for(actor, code)
    require(actor, Capability.MANAGE_OMU)
    current = services.omu_settings_for(establishment)
    staff = _staff_choices(establishment)
    action = request.POST.get("action", "settings")
    posted = request.POST if request.method == "POST" else None
    form = QaSettingsForm(
        posted if action == "settings" else None,
        initial={
            "version": current.version,
            "qa_sample_percent": current.qa_sample_percent,
            "senior_poms": [str(pk) for pk in current.senior_poms.values_list("id", flat=True)],
        },
        staff=staff,
    )
    item_form = ChecklistItemForm(posted if action == "add_item" else None)
    changed: Conflict | None = None
    back = redirect("omu:qa_settings", code=establishment.code)
    if posted is not None and action == "settings" and form.is_valid():
        try:
            services.omu_settings_update(
                actor=actor,
                establishment=establishment,
                qa_sample_percent=form.cleaned_data["qa_sample_percent"],
                senior_pom_ids=[int(pk) for pk in form.cleaned_data["senior_poms"]],
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            changed = conflict(stale, {"qa_sample_percent": form.cleaned_data["qa_sample_percent"]})
            show_conflict(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Quality assurance settings saved")
            return back
    if posted is not None and action == "add_item" and item_form.is_valid():
        services.qa_checklist_item_add(
            actor=actor, establishment=establishment, text=item_form.cleaned_data["text"]
        )
        messages.success(request, "Checklist item added")
        return back
    if posted is not None and action == "remove_item":
        item_id = request.POST.get("item", "")
        item = (
            QaChecklistItem.objects.filter(
                establishment=establishment, pk=int(item_id), active=True
            ).first()
            if item_id.isdigit() and len(item_id) < 10
            else None
        )
        if item is None:
            raise Http404
        services.qa_checklist_item_remove(actor=actor, item=item)
        messages.success(request, "Checklist item removed")
        return back
    return render(
        request,
        "omu/qa_settings.html",
        {
            "establishment": establishment,
            "form": form,
            "item_form": item_form,
            "items": services.qa_checklist_ensure(establishment),
            "conflict": changed,
        },
    )


@require_http_methods(["GET", "POST"])
def supervision(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    establishment = selectors.establishment_for(
        actor, request.GET.get("establishment", "") or request.POST.get("establishment", "")
    )
    staff = _staff_choices(establishment)
    may_record = has(actor, Capability.UPDATE_CASES)
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        require(actor, Capability.UPDATE_CASES)
    form = SupervisionForm(posted, staff=staff, initial={"held_on": clock.today()})
    if posted is not None and form.is_valid():
        people = {str(u.pk): u for u in services.qa_reviewer_candidates(establishment)}
        try:
            services.supervision_session_create(
                actor=actor,
                establishment=establishment,
                pom=people[form.cleaned_data["pom"]],
                supervisor=people[form.cleaned_data["supervisor"]],
                held_on=form.cleaned_data["held_on"],
                notes=form.cleaned_data["notes"],
                today=clock.today(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Supervision session recorded")
            return redirect(f"{reverse('omu:supervision')}?establishment={establishment.code}")
    sessions = selectors.supervision_sessions(establishment)
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    establishments = establishments_visible_to(actor).filter(active=True).order_by("name")
    audit_read(  # staff's supervision records
        actor=actor,
        object_type="omu.supervisionsession",
        establishment_code=establishment.code,
        query=request.GET,
        total=page.paginator.count,
        summary="Listed supervision sessions",
    )
    return render(
        request,
        "omu/supervision.html",
        {
            "establishment": establishment,
            "establishments": establishments,
            "form": form if may_record else None,
            "page": page,
        },
    )


@require_http_methods(["GET", "POST"])
def supervision_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a supervision session (versioned: a save over a colleague's change shows
    both)."""
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    session = selectors.supervision_session_get(actor, pk)
    require(actor, Capability.UPDATE_CASES)
    establishment = session.establishment
    staff = _staff_choices(establishment)
    initial = {
        "pom": str(session.pom_id),
        "supervisor": str(session.supervisor_id),
        "held_on": session.held_on,
        "notes": session.notes,
        "version": session.version,
    }
    form = SupervisionEditForm(
        request.POST if request.method == "POST" else None, staff=staff, initial=initial
    )
    changed: Conflict | None = None
    if request.method == "GET":
        audit_read(  # a member of staff's supervision record
            actor=actor,
            object_type="omu.supervisionsession",
            establishment_code=establishment.code,
            query=request.GET,
            total=1,
            summary=f"Viewed supervision session {session.pk}",
        )
    if request.method == "POST" and form.is_valid():
        people = {str(u.pk): u for u in services.qa_reviewer_candidates(establishment)}
        data = form.cleaned_data
        values = {
            "pom": people[data["pom"]],
            "supervisor": people[data["supervisor"]],
            "held_on": data["held_on"],
            "notes": data["notes"],
        }
        try:
            services.supervision_session_update(
                actor=actor,
                session=session,
                today=clock.today(),
                expected_version=data["version"],
                **values,
            )
        except StaleVersion as stale:
            changed = conflict(stale, values)
            show_conflict(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Supervision session saved")
            return redirect(f"{reverse('omu:supervision')}?establishment={establishment.code}")
    return render(
        request,
        "omu/supervision_edit.html",
        {"form": form, "session": session, "establishment": establishment, "conflict": changed},
    )


# --- Programmes and men maintaining innocence ----------------------------------------------


@require_http_methods(["GET", "POST"])
def programme_need(request: HttpRequest, pk: int) -> HttpResponse:
    """A man on a programme's waiting list: record the day he started it (he leaves the
    list), or clear a start recorded in error (versioned)."""
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    need = selectors.programme_need_get(actor, pk)
    may_record = has(actor, Capability.UPDATE_CASES)
    if request.method == "POST":
        require(actor, Capability.UPDATE_CASES)
    today = clock.today()
    initial = {"started_on": need.started_on or today, "version": need.version}
    form = ProgrammeStartForm(request.POST if request.method == "POST" else None, initial=initial)
    changed: Conflict | None = None
    establishment = need.programme.establishment
    if request.method == "GET":
        audit_read(
            actor=actor,
            object_type="omu.programmeneed",
            establishment_code=establishment.code,
            query=request.GET,
            prison_numbers=[need.prisoner.prison_number],
            summary=f"Viewed {need.prisoner.prison_number}'s need for {need.programme.name}",
        )
    if request.method == "POST" and form.is_valid():
        started_on = form.cleaned_data["started_on"]
        try:
            services.programme_start_record(
                actor=actor,
                need=need,
                started_on=started_on,
                today=today,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            changed = conflict(stale, {"started_on": started_on})
            show_conflict(form, stale)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            what = "started" if started_on else "back on the waiting list"
            messages.success(
                request, f"{need.prisoner.prison_number} {what}: {need.programme.name}"
            )
            return redirect(f"{reverse('omu:programmes')}?establishment={establishment.code}")
    return render(
        request,
        "omu/programme_need.html",
        {
            "form": form if may_record else None,
            "need": need,
            "establishment": establishment,
            "conflict": changed,
        },
    )


@require_http_methods(["GET", "POST"])
def programmes(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    code = request.GET.get("establishment", "")
    establishment = selectors.establishment_for(actor, code)
    today = clock.today()
    boards = selectors.programme_boards(establishment, as_of=today)
    choices = [(str(b.programme.pk), b.programme.name) for b in boards]
    action = request.POST.get("action", "")
    posted = request.POST if request.method == "POST" else None
    programme_form = ProgrammeForm(posted if action == "programme" else None)
    need_form = ProgrammeNeedForm(
        posted if action == "need" else None, programmes=choices, initial={"assessed_on": today}
    )
    back = redirect(f"{reverse('omu:programmes')}?establishment={establishment.code}")
    if posted is not None and action == "programme":
        require(actor, Capability.MANAGE_OMU)
        if programme_form.is_valid():
            try:
                services.programme_create(
                    actor=actor, establishment=establishment, **programme_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(programme_form, error)
            else:
                messages.success(request, "Programme added")
                return back
    if posted is not None and action == "need":
        require(actor, Capability.UPDATE_CASES)
        if need_form.is_valid():
            data = need_form.cleaned_data
            programme = next(
                b.programme for b in boards if str(b.programme.pk) == data["programme"]
            )
            try:
                prisoner = prisoner_get(actor, data["prison_number"])
            except Http404:
                need_form.add_error("prison_number", "No prisoner with this number here")
            else:
                try:
                    services.programme_need_record(
                        actor=actor,
                        programme=programme,
                        prisoner=prisoner,
                        assessed_on=data["assessed_on"],
                        today=today,
                    )
                except ValidationError as error:
                    add_service_errors(need_form, error)
                else:
                    messages.success(request, f"{prisoner.prison_number} added to the waiting list")
                    return back
    establishments = establishments_visible_to(actor).filter(active=True).order_by("name")
    places = sum(b.programme.places_per_year for b in boards)
    need = sum(b.need for b in boards)
    year = default_period(today)
    values = selectors.omu_metric_values(establishment, year)
    audit_read(
        actor=actor,
        object_type="omu.programmeneed",
        establishment_code=establishment.code,
        query=request.GET,
        prison_numbers=[m.need.prisoner.prison_number for b in boards for m in b.waiting[:50]],
        summary="Listed programme waiting lists",
    )
    return render(
        request,
        "omu/programmes.html",
        {
            "establishment": establishment,
            "establishments": establishments,
            "boards": boards,
            "programme_form": programme_form,
            "need_form": need_form,
            "form": need_form if action == "need" else programme_form,
            "places": places,
            "need": need,
            "unmet": sum(b.unmet for b in boards),
            "today": today,
            "year": year,
            "against_need": values["programme_places_against_need"],
            "unmet_at_release": values["programme_need_unmet_at_release_share"],
        },
    )


@require_http_methods(["GET", "POST"])
def engagement(request: HttpRequest) -> HttpResponse:
    actor = request_actor(request)
    require(actor, Capability.VIEW_PRISONER_RECORDS)
    establishment = selectors.establishment_for(actor, request.GET.get("establishment", ""))
    today = clock.today()
    posted = request.POST if request.method == "POST" else None
    if posted is not None:
        require(actor, Capability.UPDATE_CASES)
    form = EngagementOfferForm(
        posted, initial={"offered_on": today, "prison_number": request.GET.get("prisoner", "")}
    )
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            prisoner = prisoner_get(actor, data["prison_number"])
        except Http404:
            form.add_error("prison_number", "No prisoner with this number here")
        else:
            try:
                services.engagement_offer_record(
                    actor=actor,
                    prisoner=prisoner,
                    intervention=data["intervention"],
                    offered_on=data["offered_on"],
                    outcome=data["outcome"],
                    today=today,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, f"Offer to {prisoner.prison_number} recorded")
                return redirect(f"{reverse('omu:engagement')}?establishment={establishment.code}")
    rows = selectors.maintaining_innocence(establishment, as_of=today)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    establishments = establishments_visible_to(actor).filter(active=True).order_by("name")
    audit_read(
        actor=actor,
        object_type="omu.engagementoffer",
        establishment_code=establishment.code,
        query=request.GET,
        prison_numbers=[row.prisoner.prison_number for row in page.object_list],
        total=len(rows),
        summary="Listed men maintaining innocence",
    )
    return render(
        request,
        "omu/engagement.html",
        {
            "establishment": establishment,
            "establishments": establishments,
            "form": form if has(actor, Capability.UPDATE_CASES) else None,
            "page": page,
            "total": len(rows),
            # The catalogue's count (docs/metrics.md), the same as the list's on the day.
            "without_offer": selectors.omu_metric_values(establishment, Period(today, today))[
                "innocence_without_offer_count"
            ],
        },
    )
