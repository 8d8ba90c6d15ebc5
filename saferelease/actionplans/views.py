"""Pages for inspections and action plans. Thin: validate, call a selector or service, render."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans import exports, forms, selectors, selectors_cycle, services
from saferelease.actionplans.importing import ImportOptions, import_prepare
from saferelease.actionplans.models import ActionPlan, ProgressStatus, Recommendation
from saferelease.core import clock
from saferelease.core.concurrency import StaleVersion
from saferelease.core.conflicts import conflict, show_conflict
from saferelease.core.errors import DATABASE_ERRORS, DATABASE_UNAVAILABLE
from saferelease.core.uploads import StagingArea
from saferelease.core.uploads.forms import UploadedContent
from saferelease.establishments.selectors import establishment_get
from saferelease.metrics.catalogue import title_for
from saferelease.metrics.dashboards import recommendation_trend

#: Uploaded plans between the upload and the confirmation (removed after a day).
STAGING = StagingArea("actionplans/staging", suffix=".upload")
SESSION_KEY = "actionplan_imports"


def _require_manager(request: HttpRequest) -> None:
    require(request_actor(request), Capability.MANAGE_ACTION_PLANS)


def _posted(request: HttpRequest) -> tuple[Any, Any]:
    """Bind a form on POST even when nothing was sent (so it shows what is missing)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def _add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form (unknown keys go to the summary)."""
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, field_messages)
    else:
        form.add_error(None, error.messages)


# --- dashboards and inspections ----------------------------------------------------------


def dashboard(request: HttpRequest) -> HttpResponse:
    as_of = clock.today()
    per_establishment, total = selectors.dashboard(request_actor(request), as_of=as_of)
    urgent = selectors_cycle.urgent_rows(request_actor(request), as_of=as_of)
    return render(
        request,
        "actionplans/dashboard.html",
        {
            "rows": per_establishment,
            "total": total,
            "as_of": as_of,
            "urgent_open": [row for row in urgent if row.status in ("awaiting", "late")],
            "urgent_late": [row for row in urgent if row.status in ("late", "responded_late")],
        },
    )


def establishment_inspections(request: HttpRequest, code: str) -> HttpResponse:
    establishment = establishment_get(request_actor(request), code)
    as_of = clock.today()
    per_establishment, total = selectors.dashboard(
        request_actor(request), as_of=as_of, establishment=establishment
    )
    return render(
        request,
        "actionplans/establishment.html",
        {
            "establishment": establishment,
            "inspections": selectors.inspection_list(
                request_actor(request), establishment=establishment
            ),
            "total": total,
            "superseded_plans": sum(row.superseded_plans for row in per_establishment),
            "as_of": as_of,
        },
    )


def plan_list(request: HttpRequest) -> HttpResponse:
    """Every action plan the user may see: current plans, and superseded ones on request
    (SP1), optionally at one establishment."""
    code = request.GET.get("establishment", "")
    establishment = establishment_get(request_actor(request), code) if code else None
    show_superseded = request.GET.get("superseded") == "show"
    plans = selectors.action_plan_list(
        request_actor(request),
        establishment=establishment,
        current=None if show_superseded else True,
    )
    hidden = (
        0
        if show_superseded
        else selectors.action_plan_list(
            request_actor(request), establishment=establishment, current=False
        ).count()
    )
    # A current plan's delivery (NC1 included) as the dashboard counts it; a superseded
    # plan's recommendations are left out of current totals, so it has none.
    per_establishment, _total = selectors.dashboard(
        request_actor(request), as_of=clock.today(), establishment=establishment
    )
    counts = {row.current_plan.pk: row.counts for row in per_establishment if row.current_plan}
    return render(
        request,
        "actionplans/plan_list.html",
        {
            "plans": [(plan, counts.get(plan.pk)) for plan in plans],
            "establishment": establishment,
            "show_superseded": show_superseded,
            "hidden_superseded": hidden,
        },
    )


def _form_page(
    request: HttpRequest,
    form: Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    done: str,
    template: str,
    context: dict[str, Any],
    yours: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> HttpResponse:
    """The one form flow: on a valid POST call the service; its ValidationError goes back on
    the form (GOV.UK error summary, nothing saved); success flashes and redirects. A form
    that edits a record carries its version: when the record changed meanwhile the form
    comes back with their values beside ``yours(cleaned_data)`` (model field to value)."""
    changed = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            save(dict(data))
        except StaleVersion as stale:
            changed = conflict(stale, yours(data) if yours else {})
            show_conflict(form, stale)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(done)
    return render(request, template, {"form": form, "conflict": changed, **context})


def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get(request_actor(request), pk)
    user = request_actor(request)
    require(user, Capability.RECORD_INSPECTIONS)
    initial = {name: getattr(inspection, name) for name in forms.InspectionForm.base_fields}

    def save(data: dict[str, Any]) -> Any:
        version = data.pop("version")
        return services.inspection_update(
            actor=user, inspection=inspection, expected_version=version, **data
        )

    return _form_page(
        request,
        forms.InspectionForm(_posted(request)[0], initial=initial),
        save=save,
        success="Inspection details saved",
        done=reverse("actionplans:establishment", args=[inspection.establishment.code]),
        template="actionplans/inspection_form.html",
        context={"inspection": inspection},
        yours=lambda data: {name: value for name, value in data.items() if name != "version"},
    )


# --- the action plan ---------------------------------------------------------------------

SORTABLE = [
    ("ref", "Ref"),
    ("area", "Area"),
    ("decision", "Decision"),
    ("owner", "Owners and targets"),
    ("status", "Self-reported"),
    ("overdue", "Overdue"),
]


def _sort_columns(sort: str, descending: bool) -> list[dict[str, str]]:
    columns = []
    for key, label in SORTABLE:
        current = key == sort
        columns.append(
            {
                "key": key,
                "label": label,
                "aria_sort": ("descending" if descending else "ascending") if current else "none",
                "next_dir": "desc" if current and not descending else "asc",
            }
        )
    return columns


def _plan_rows(request: HttpRequest, plan: ActionPlan, as_of: dt.date) -> list[Any]:
    return selectors.tracking_rows(
        selectors.recommendation_list(request_actor(request), action_plan=plan), as_of=as_of
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.action_plan_get(request_actor(request), pk)
    as_of = clock.today()
    rows = _plan_rows(request, plan, as_of)
    choices = selectors.filter_choices(rows)
    form = forms.PlanFilterForm(
        request.GET or None, owners=choices["owners"], areas=choices["areas"]
    )
    filters = {name: "" for name in forms.PlanFilterForm.base_fields}
    if form.is_valid():
        filters.update({k: v for k, v in form.cleaned_data.items() if v})
    sort = request.GET.get("sort", "ref")
    sort = sort if sort in dict(SORTABLE) else "ref"
    descending = request.GET.get("dir") == "desc"
    shown = selectors.tracking_filter(
        rows, selectors.TrackingFilters(**filters, sort=sort, descending=descending)
    )
    return render(
        request,
        "actionplans/plan.html",
        {
            "plan": plan,
            "inspection": plan.inspection,
            "establishment": plan.inspection.establishment,
            "rows": shown,
            "all_count": len(rows),
            "counts": selectors.tracking_counts(rows),
            "form": form,
            "filtered": any(filters.values()),
            "columns": _sort_columns(sort, descending),
            "removed": plan.recommendations.filter(in_current_plan=False),
            "reconciliation": selectors.reconciliation_table(plan),
            "as_of": as_of,
        },
    )


def plan_report(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.action_plan_get(request_actor(request), pk)
    as_of = clock.today()
    rows = _plan_rows(request, plan, as_of)
    return render(
        request,
        "actionplans/report.html",
        {
            "plan": plan,
            "inspection": plan.inspection,
            "establishment": plan.inspection.establishment,
            "summary": selectors.tracking_summary(rows),
            "counts": selectors.tracking_counts(rows),
            "as_of": as_of,
        },
    )


EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def plan_export(request: HttpRequest, pk: int, export_format: str) -> HttpResponse:
    if export_format not in EXPORT_TYPES:
        raise Http404("No such export format")
    plan = selectors.action_plan_get(request_actor(request), pk)
    as_of = clock.today()
    rows = _plan_rows(request, plan, as_of)
    if export_format == "csv":
        content = exports.to_csv(rows)
    elif export_format == "xlsx":
        content = exports.to_xlsx(plan, rows, as_of)
    else:
        content = exports.to_pdf(plan, rows, selectors.tracking_counts(rows), as_of)
    services.action_plan_export_record(
        actor=request_actor(request), plan=plan, export_format=export_format
    )
    name = f"action-plan-{plan.inspection.establishment.code}-{plan.inspection.start_date}-{as_of}"
    response = HttpResponse(content, content_type=EXPORT_TYPES[export_format])
    disposition = "inline" if export_format == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{name}.{export_format}"'
    return response


def plan_source(request: HttpRequest, pk: int) -> FileResponse:
    plan = selectors.action_plan_get(request_actor(request), pk)
    return FileResponse(
        plan.source_file.open("rb"), as_attachment=True, filename=plan.source_filename
    )


# --- recommendations ---------------------------------------------------------------------


def recommendation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get(request_actor(request), pk)
    as_of = clock.today()
    chain = selectors.lineage(request_actor(request), recommendation)
    return render(
        request,
        "actionplans/recommendation.html",
        {
            "rec": recommendation,
            "plan": recommendation.action_plan,
            "establishment": recommendation.inspection.establishment,
            "tracking": selectors.recommendation_tracking(recommendation, as_of=as_of),
            "links": selectors.recommendation_links(recommendation),
            "lineage": chain,
            "lineage_sentence": selectors.lineage_sentence(chain),
            "timeline": selectors.timeline(recommendation),
            "metrics": recommendation.metrics.all(),
            "trends": _metric_trends(recommendation, as_of),
            "as_of": as_of,
        },
    )


def _metric_trends(recommendation: Recommendation, as_of: dt.date) -> list[Any]:
    """Each linked metric's trend since the inspection, with the "marked complete but
    nothing changed" test (the establishment is already scoped by recommendation_get)."""
    inspection = recommendation.inspection
    tracking = selectors.recommendation_tracking(recommendation, as_of=as_of)
    trends = []
    for link in recommendation.metrics.all():
        trend = recommendation_trend(
            link.metric_code,
            inspection.establishment,
            inspection.start_date,
            as_of,
            claimed_complete=tracking.status == ProgressStatus.COMPLETE,
            chart_id=f"rec-{recommendation.pk}-{link.metric_code}",
        )
        if trend is not None:
            trends.append(trend)
    return trends


def _recommendation_form(
    request: HttpRequest,
    recommendation: Recommendation,
    form: Form,
    *,
    save: Callable[[dict[str, Any]], Any],
    success: str,
    template: str,
    context: dict[str, Any] | None = None,
    yours: Callable[[dict[str, Any]], dict[str, Any]] | None = None,
) -> HttpResponse:
    return _form_page(
        request,
        form,
        save=save,
        success=success,
        done=reverse("actionplans:recommendation", args=[recommendation.pk]),
        template=template,
        context={"rec": recommendation, "plan": recommendation.action_plan, **(context or {})},
        yours=yours,
    )


def progress_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get(request_actor(request), pk)
    _require_manager(request)
    today = clock.today()

    def save(data: dict[str, Any]) -> Any:
        return services.progress_update_create(
            actor=request_actor(request),
            recommendation=recommendation,
            date=data["date"],
            status=data["status"],
            narrative=data["narrative"],
            evidence=data["evidence"],
            as_of=today,
        )

    return _recommendation_form(
        request,
        recommendation,
        forms.ProgressUpdateForm(*_posted(request), initial={"date": today}),
        save=save,
        success=f"Progress update added to {recommendation.ref}",
        template="actionplans/progress_form.html",
    )


def target_change(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.owner_line_get(request_actor(request), pk)
    _require_manager(request)
    return _recommendation_form(
        request,
        line.recommendation,
        forms.TargetDateChangeForm(_posted(request)[0], initial={"version": line.version}),
        save=lambda data: services.target_date_change(
            actor=request_actor(request),
            owner_line=line,
            new_date=data["new_date"],
            reason=data["reason"],
            expected_version=data["version"],
        ),
        success=f"Target date changed for {line.function or 'the owner'}",
        template="actionplans/target_form.html",
        context={"line": line},
        yours=lambda data: {"target_date": data["new_date"]},
    )


def judgement_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get(request_actor(request), pk)
    require(request_actor(request), Capability.RECORD_JUDGEMENTS)
    today = clock.today()
    return _recommendation_form(
        request,
        recommendation,
        forms.JudgementForm(_posted(request)[0], initial={"date": today}),
        save=lambda data: services.judgement_record(
            actor=request_actor(request), recommendation=recommendation, as_of=today, **data
        ),
        success=f"Judgement recorded for {recommendation.ref}",
        template="actionplans/judgement_form.html",
    )


def decide_by_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get(request_actor(request), pk)
    _require_manager(request)
    today = clock.today()
    initial = {
        "decide_by": recommendation.decide_by,
        "resolved_on": recommendation.open_part_resolved_on,
        "resolution": recommendation.open_part_resolution,
        "version": recommendation.version,
    }
    return _recommendation_form(
        request,
        recommendation,
        forms.DecideByForm(_posted(request)[0], initial=initial),
        save=lambda data: services.recommendation_decide_by_update(
            actor=request_actor(request),
            recommendation=recommendation,
            as_of=today,
            decide_by=data["decide_by"],
            resolved_on=data["resolved_on"],
            resolution=data["resolution"],
            expected_version=data["version"],
        ),
        success=f"Decide-by date saved for {recommendation.ref}",
        template="actionplans/decide_by_form.html",
        yours=lambda data: {
            "decide_by": data["decide_by"],
            "open_part_resolved_on": data["resolved_on"],
            "open_part_resolution": data["resolution"],
        },
    )


def metric_add(request: HttpRequest, pk: int) -> HttpResponse:
    recommendation = selectors.recommendation_get(request_actor(request), pk)
    _require_manager(request)
    return _recommendation_form(
        request,
        recommendation,
        forms.MetricLinkForm(_posted(request)[0]),
        save=lambda data: services.recommendation_metric_add(
            actor=request_actor(request), recommendation=recommendation, **data
        ),
        success=f"Metric linked to {recommendation.ref}",
        template="actionplans/metric_form.html",
    )


@require_POST
def metric_remove(request: HttpRequest, pk: int) -> HttpResponse:
    link = selectors.metric_link_get(request_actor(request), pk)
    _require_manager(request)
    services.recommendation_metric_remove(actor=request_actor(request), link=link)
    messages.success(request, f"Metric {title_for(link.metric_code)} unlinked")
    return redirect("actionplans:recommendation", pk=link.recommendation_id)


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = selectors.evidence_get(request_actor(request), pk)
    services.evidence_download_record(actor=request_actor(request), evidence=evidence)
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=evidence.original_name
    )
    response["Content-Type"] = evidence.content_type
    return response


# --- import: upload, preview, confirm ----------------------------------------------------


def _options_from(data: dict[str, Any]) -> ImportOptions:
    return ImportOptions(
        establishment_code=data.get("establishment") or "",
        inspection_kind=data.get("inspection_kind") or "",
        inspection_start=data.get("inspection_start"),
        inspection_end=data.get("inspection_end"),
        report_published=data.get("report_published"),
    )


def _options_to_session(options: ImportOptions) -> dict[str, str]:
    return {
        name: value.isoformat() if isinstance(value, dt.date) else value
        for name, value in vars(options).items()
        if value
    }


def _options_from_session(stored: dict[str, str]) -> ImportOptions:
    def day(name: str) -> dt.date | None:
        return dt.date.fromisoformat(stored[name]) if stored.get(name) else None

    return ImportOptions(
        establishment_code=stored.get("establishment_code", ""),
        inspection_kind=stored.get("inspection_kind", ""),
        inspection_start=day("inspection_start"),
        inspection_end=day("inspection_end"),
        report_published=day("report_published"),
    )


def import_upload(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    establishments = selectors.establishments_for_import(request_actor(request))
    form = forms.ActionPlanUploadForm(*_posted(request), establishments=establishments)
    if request.method == "POST" and form.is_valid():
        upload: UploadedContent = form.cleaned_data["file"]
        options = _options_from(form.cleaned_data)
        try:
            import_prepare(
                actor=request_actor(request),
                data=upload.data,
                filename=upload.name,
                options=options,
            )
        except ValidationError as error:
            _add_errors(form, error)
        except DATABASE_ERRORS:
            form.add_error("file", DATABASE_UNAVAILABLE)
        else:
            staged_file = STAGING.stage(upload.data, now=clock.now())
            staged = request.session.get(SESSION_KEY, {})
            staged[staged_file.token] = {
                "sha256": staged_file.sha256,
                "filename": upload.name[:255],
                "options": _options_to_session(options),
            }
            request.session[SESSION_KEY] = staged
            return redirect("actionplans:import-preview", token=staged_file.token)
    return render(request, "actionplans/import_upload.html", {"form": form})


def _staged(request: HttpRequest, token: str) -> tuple[dict[str, Any], bytes]:
    staged = request.session.get(SESSION_KEY, {}).get(token)
    data = STAGING.read(token, str(staged.get("sha256", ""))) if staged else None
    if staged is None or data is None:
        raise Http404("This upload has expired: upload the file again")
    return dict(staged), data


def _unstage(request: HttpRequest, token: str) -> None:
    STAGING.discard(token)
    remaining = request.session.get(SESSION_KEY, {})
    remaining.pop(token, None)
    request.session[SESSION_KEY] = remaining


def import_preview(request: HttpRequest, token: str) -> HttpResponse:
    _require_manager(request)
    staged, data = _staged(request, token)
    options = _options_from_session(staged["options"])
    if request.method == "POST":
        try:
            result = services.action_plan_import(
                actor=request_actor(request),
                data=data,
                filename=staged["filename"],
                options=options,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("actionplans:import")
        except DATABASE_ERRORS:
            # The file stays staged, so the same preview can be saved again.
            messages.error(request, DATABASE_UNAVAILABLE)
            return redirect("actionplans:import-preview", token=token)
        _unstage(request, token)
        messages.success(request, result.message)
        return redirect("actionplans:plan", pk=result.plan.pk)
    try:
        prepared = import_prepare(
            actor=request_actor(request), data=data, filename=staged["filename"], options=options
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("actionplans:import")
    return render(
        request,
        "actionplans/import_preview.html",
        {
            "prepared": prepared,
            "parsed": prepared.parsed,
            "diff": prepared.diff,
            "token": token,
            "cancel_url": reverse("actionplans:import"),
        },
    )
