"""Job pages: a job's progress (updated in place by JavaScript, refreshed without it),
its status as JSON, its result file; and the schedule and recent jobs for administrators."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_record
from saferelease.jobs import selectors, services
from saferelease.jobs.forms import StartJobForm
from saferelease.jobs.models import Job, JobKind


def _job(request: HttpRequest, job_id: str) -> Job:
    job = selectors.job_get(request_actor(request), job_id)
    if job is None:
        raise Http404("No such job")
    return job


def _status(job: Job) -> dict[str, Any]:
    return {
        "id": str(job.pk),
        "status": job.status,
        "status_label": job.get_status_display(),
        "finished": job.finished,
        "done": job.done,
        "total": job.total,
        "percent": job.percent,
        "detail": job.detail,
        "message": job.message if job.finished else "",
        "result_url": reverse("jobs:download", args=[job.pk]) if job.result_file else None,
    }


def job_detail(request: HttpRequest, job_id: str) -> HttpResponse:
    job = _job(request, job_id)
    return render(request, "jobs/detail.html", {"job": job, "status": _status(job)})


def job_status(request: HttpRequest, job_id: str) -> JsonResponse:
    return JsonResponse(_status(_job(request, job_id)))


def job_download(request: HttpRequest, job_id: str) -> FileResponse:
    job = _job(request, job_id)
    if not job.result_file:
        raise Http404("This job has no file")
    root = Path(settings.MEDIA_ROOT).resolve()
    path = (root / job.result_file).resolve()
    if root not in path.parents or not path.is_file():
        raise Http404("The file is no longer kept")
    audit_record(
        actor=request_actor(request),
        action=AuditAction.EXPORT,
        object_type=Job._meta.label_lower,
        object_id=str(job.pk),
        object_repr=job.result_name,
        establishment_code=str(job.parameters.get("establishment", "")),
        summary=f"Downloaded: {job.get_kind_display()}",
    )
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name)


def schedule(request: HttpRequest) -> HttpResponse:
    require(request_actor(request), Capability.ADMINISTER)
    return render(
        request,
        "jobs/schedule.html",
        {
            "tasks": selectors.scheduled_tasks(),
            "jobs": selectors.recent_jobs(),
            "form": StartJobForm(),
            "broker": selectors.broker_description(),
        },
    )


@require_POST
def job_new(request: HttpRequest) -> HttpResponse:
    """Start a job: admins start any; an IRMT pack or an establishment's export anyone who
    may see prisoner records there (the runner checks the scope again)."""
    form = StartJobForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a job to start")
        return redirect("jobs:schedule")
    kind = JobKind(form.cleaned_data["kind"])
    code = form.cleaned_data["establishment"]
    user = request_actor(request)
    if kind == JobKind.IRMT_PACK:
        require(user, Capability.VIEW_PRISONER_RECORDS)
        from saferelease.establishments.selectors import establishment_get

        code = establishment_get(user, code).code  # 404 outside scope
    else:
        require(user, Capability.ADMINISTER)
    parameters: dict[str, Any] = {}
    if code:
        parameters["establishment"] = code
    if form.cleaned_data.get("as_of"):
        parameters["as_of"] = form.cleaned_data["as_of"].isoformat()
    job = services.job_start(actor=user, kind=kind, parameters=parameters)
    return redirect("jobs:detail", job_id=job.pk)
