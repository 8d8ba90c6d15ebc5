"""Pages for the offender management unit's work (thin: a form, a service or a selector,
a template)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from saferelease.core import clock
from saferelease.core.concurrency import StaleVersion
from saferelease.core.conflicts import Conflict, conflict, show_conflict
from saferelease.establishments.selectors import establishments_visible_to
from saferelease.omu import selectors, services
from saferelease.omu.forms import (
    ComReportCreateForm,
    ComReportEditForm,
    ComReportFilterForm,
    quality_initial,
)
from saferelease.release_planning.selectors import prisoner_get


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's validation errors on the form: on their field when the form has it."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def _require_prisoner_records(request: HttpRequest) -> None:
    if not getattr(request.user, "may_view_prisoner_records", False):
        raise PermissionDenied


def com_report_list(request: HttpRequest) -> HttpResponse:
    _require_prisoner_records(request)
    establishments = [
        (e.code, e.name) for e in establishments_visible_to(request.user).filter(active=True)
    ]
    form = ComReportFilterForm(request.GET or None, establishments=establishments)
    code = status = prison_number = ""
    if form.is_valid():
        code = form.cleaned_data["establishment"]
        status = form.cleaned_data["status"]
        prison_number = form.cleaned_data["prisoner"]
    as_of = clock.today()
    rows = selectors.com_report_rows(
        request.user,
        as_of=as_of,
        establishment_code=code,
        status=status,
        prison_number=prison_number,
    )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "omu/com_report_list.html",
        {"form": form, "page": page, "total": len(rows), "as_of": as_of},
    )


@require_http_methods(["GET", "POST"])
def com_report_create(request: HttpRequest) -> HttpResponse:
    _require_prisoner_records(request)
    if not getattr(request.user, "may_update_cases", False):
        raise PermissionDenied
    initial = {"prison_number": request.GET.get("prisoner", "")[:20], "requested_on": clock.today()}
    form = ComReportCreateForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            prisoner = prisoner_get(request.user, form.cleaned_data["prison_number"])
        except Http404:  # a number he may not see reads the same as an unknown one
            form.add_error("prison_number", "No prisoner with this number at your establishments")
        else:
            try:
                created = services.com_report_request_create(
                    actor=request.user, prisoner=prisoner, values=form.values()
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
    _require_prisoner_records(request)
    report = selectors.com_report_get(request.user, pk)
    if not getattr(request.user, "may_update_cases", False):
        raise PermissionDenied
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
        services.com_report_request_viewed(actor=request.user, request=report)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        try:
            services.com_report_request_update(
                actor=request.user,
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
