"""Pages for the inspection cycle: an inspection (its report against its plan), report import,
reviews of progress, urgent notifications, lineage and the readiness forecast. Thin: validate,
call a selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans import forms_cycle, selectors, selectors_cycle
from saferelease.actionplans.models import InspectionReport, Recommendation
from saferelease.actionplans.services_reports import ReportOptions, inspection_report_import
from saferelease.actionplans.services_reviews import (
    Finding,
    review_create,
    review_import,
)
from saferelease.actionplans.services_urgent import (
    urgent_commitment_add,
    urgent_notification_record,
    urgent_response_record,
)
from saferelease.actionplans.views import _add_errors, _form_page, _posted
from saferelease.core import clock
from saferelease.core.uploads.forms import UploadedContent
from saferelease.establishments.selectors import establishment_get

# --- an inspection -----------------------------------------------------------------------


def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(request_actor(request), pk)
    as_of = clock.today()
    compared = selectors_cycle.inspection_recommendations(inspection)
    counts: dict[str, int] = {}
    for row in compared:
        counts[row.state] = counts.get(row.state, 0) + 1
    report = InspectionReport.objects.filter(inspection=inspection).first()
    return render(
        request,
        "actionplans/inspection.html",
        {
            "inspection": inspection,
            "establishment": inspection.establishment,
            "plan": inspection.action_plan_or_none,
            "report": report,
            "compared": compared,
            "state_counts": counts,
            "labels": selectors_cycle.COMPARISON_LABELS,
            "reviews": selectors_cycle.review_list(request_actor(request), inspection=inspection),
            "urgent": selectors_cycle.urgent_rows(
                request_actor(request), as_of=as_of, inspection=inspection
            ),
            "as_of": as_of,
        },
    )


def report_source(request: HttpRequest, pk: int) -> FileResponse:
    inspection = selectors.inspection_get(request_actor(request), pk)
    report = InspectionReport.objects.filter(inspection=inspection).first()
    if report is None:
        raise Http404("No report held")
    return FileResponse(
        report.source_file.open("rb"), as_attachment=True, filename=report.source_filename
    )


def report_upload(request: HttpRequest) -> HttpResponse:
    user = request_actor(request)
    require(user, Capability.RECORD_INSPECTIONS)
    form = forms_cycle.ReportUploadForm(
        *_posted(request), establishments=selectors.establishments_for_import(user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload: UploadedContent = data["file"]
        try:
            result = inspection_report_import(
                actor=user,
                data=upload.data,
                filename=upload.name,
                options=ReportOptions(
                    establishment_code=data.get("establishment") or "",
                    inspection_start=data.get("inspection_start"),
                    inspection_end=data.get("inspection_end"),
                    report_published=data.get("report_published"),
                ),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, result.message)
            return redirect("actionplans:inspection", pk=result.inspection.pk)
    return render(request, "actionplans/report_upload.html", {"form": form})


# --- reviews of progress -----------------------------------------------------------------


def review_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(request_actor(request), pk)
    user = request_actor(request)
    require(user, Capability.RECORD_JUDGEMENTS)
    recommendations = Recommendation.objects.filter(
        selectors.CURRENT_OR_UNANSWERED, inspection=inspection, urgent_notification__isnull=True
    ).order_by("-in_report", "position", "id")
    form = forms_cycle.ReviewForm(_posted(request)[0], recommendations=recommendations)
    today = clock.today()

    def save(data: dict[str, Any]) -> Any:
        return review_create(
            actor=user,
            inspection=inspection,
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            published=data.get("published"),
            inspectors=data["inspectors"],
            summary=data.get("summary") or "",
            findings=[Finding(r, outcome, words) for r, outcome, words in form.findings()],
            as_of=today,
        )

    return _form_page(
        request,
        form,
        save=save,
        success="Review of progress recorded",
        done=reverse("actionplans:inspection", args=[inspection.pk]),
        template="actionplans/review_form.html",
        context={"inspection": inspection},
    )


def review_upload(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(request_actor(request), pk)
    user = request_actor(request)
    require(user, Capability.RECORD_JUDGEMENTS)
    form = forms_cycle.ReviewImportForm(*_posted(request))
    if request.method == "POST" and form.is_valid():
        upload: UploadedContent = form.cleaned_data["file"]
        try:
            review = review_import(
                actor=user,
                data=upload.data,
                filename=upload.name,
                inspection=inspection,
                as_of=clock.today(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Review of progress imported")
            return redirect("actionplans:review", pk=review.pk)
    return render(
        request, "actionplans/review_upload.html", {"form": form, "inspection": inspection}
    )


def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors_cycle.review_get(request_actor(request), pk)
    lines = selectors_cycle.review_lines(review)
    return render(
        request,
        "actionplans/review.html",
        {
            "review": review,
            "inspection": review.inspection,
            "establishment": review.inspection.establishment,
            "lines": lines,
            "summary": selectors_cycle.review_summary(lines),
        },
    )


def establishment_reviews(request: HttpRequest, code: str) -> HttpResponse:
    establishment = establishment_get(request_actor(request), code)
    reviews = [
        (review, lines, selectors_cycle.review_summary(lines))
        for review, lines in selectors_cycle.reviews_for_establishment(
            request_actor(request), establishment
        )
    ]
    return render(
        request,
        "actionplans/establishment_reviews.html",
        {"establishment": establishment, "reviews": reviews},
    )


# --- urgent notifications ----------------------------------------------------------------


def urgent_dashboard(request: HttpRequest) -> HttpResponse:
    as_of = clock.today()
    rows = selectors_cycle.urgent_rows(request_actor(request), as_of=as_of)
    return render(
        request,
        "actionplans/urgent_dashboard.html",
        {
            "rows": rows,
            "open": [row for row in rows if row.status in ("awaiting", "late")],
            "late": [row for row in rows if row.status in ("late", "responded_late")],
            "as_of": as_of,
        },
    )


def urgent_new(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(request_actor(request), pk)
    user = request_actor(request)
    require(user, Capability.RECORD_JUDGEMENTS)
    today = clock.today()
    form = forms_cycle.UrgentNotificationForm(_posted(request)[0])
    if request.method == "POST" and form.is_valid():
        try:
            notification = urgent_notification_record(
                actor=user, inspection=inspection, as_of=today, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Urgent notification recorded")
            return redirect("actionplans:urgent", pk=notification.pk)
    return render(request, "actionplans/urgent_form.html", {"form": form, "inspection": inspection})


def urgent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors_cycle.urgent_notification_get(request_actor(request), pk)
    as_of = clock.today()
    row = next(
        r
        for r in selectors_cycle.urgent_rows(
            request_actor(request), as_of=as_of, inspection=notification.inspection
        )
        if r.notification.pk == notification.pk
    )
    commitments = selectors.tracking_rows(
        selectors._annotated(notification.commitments.all()), as_of=as_of
    )
    return render(
        request,
        "actionplans/urgent.html",
        {
            "notification": notification,
            "row": row,
            "inspection": notification.inspection,
            "establishment": notification.inspection.establishment,
            "commitments": commitments,
            "as_of": as_of,
        },
    )


def urgent_response(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors_cycle.urgent_notification_get(request_actor(request), pk)
    user = request_actor(request)
    require(user, Capability.MANAGE_ACTION_PLANS)
    today = clock.today()
    return _form_page(
        request,
        forms_cycle.UrgentResponseForm(_posted(request)[0]),
        save=lambda data: urgent_response_record(
            actor=user, notification=notification, as_of=today, **data
        ),
        success="Response recorded",
        done=reverse("actionplans:urgent", args=[notification.pk]),
        template="actionplans/urgent_response_form.html",
        context={"notification": notification},
    )


def urgent_commitment(request: HttpRequest, pk: int) -> HttpResponse:
    notification = selectors_cycle.urgent_notification_get(request_actor(request), pk)
    user = request_actor(request)
    require(user, Capability.MANAGE_ACTION_PLANS)
    return _form_page(
        request,
        forms_cycle.CommitmentForm(_posted(request)[0]),
        save=lambda data: urgent_commitment_add(actor=user, notification=notification, **data),
        success="Commitment added",
        done=reverse("actionplans:urgent", args=[notification.pk]),
        template="actionplans/commitment_form.html",
        context={"notification": notification},
    )


# --- lineage and readiness ---------------------------------------------------------------


def establishment_lineage(request: HttpRequest, code: str) -> HttpResponse:
    establishment = establishment_get(request_actor(request), code)
    return render(
        request,
        "actionplans/lineage.html",
        {
            "establishment": establishment,
            "concerns": selectors_cycle.concerns(request_actor(request), establishment),
            "achievements": selectors_cycle.achievements(request_actor(request), establishment),
        },
    )


def readiness(request: HttpRequest) -> HttpResponse:
    user = request_actor(request)
    require(user, Capability.SEE_READINESS)
    as_of = clock.today()
    return render(
        request,
        "actionplans/readiness.html",
        {"rows": selectors_cycle.readiness(user, as_of=as_of), "as_of": as_of},
    )
