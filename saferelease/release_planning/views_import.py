"""Prisoner file import in the browser: upload → preview → confirm.

The uploaded file is read within the prisoner file's size limit and validated in full (a
dry run of the import) before anything is kept. A valid file is staged
(``saferelease.core.uploads.StagingArea``) until it is confirmed, with what the dry run
found (counts and the first changes, as shown on the preview page) beside it, so the
preview page does not run the import again; the session holds the token and the file's
SHA-256, and the confirm form must carry the same SHA-256, so the file confirmed is the
file previewed. Confirming validates it again and then saves it (or nothing): a
national file is read twice, not three times. Files left unconfirmed are removed after a
day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.core import clock
from saferelease.core.dates import format_date
from saferelease.core.errors import DATABASE_ERRORS, DATABASE_UNAVAILABLE
from saferelease.core.uploads import StagingArea
from saferelease.core.uploads.forms import BoundedFileField, UploadedContent
from saferelease.deadlines.catalogue import FACTS_BY_NAME
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishments_visible_to
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.prisoner_import import (
    REQUIRED_COLUMNS,
    ImportResult,
    prisoners_import,
)
from saferelease.release_planning.services import prisoners_listed

SESSION_KEY: Final = "prisoner_import"
UPLOAD_FOLDER: Final = "prisoner-imports"
#: Unconfirmed uploads older than a day are removed when someone next uploads a file.
STAGING: Final = StagingArea(UPLOAD_FOLDER, suffix=".csv")
ERRORS_SHOWN: Final = 100
PRISONERS_SHOWN: Final = 200


class PrisonerImportForm(forms.Form):
    file = BoundedFileField(
        kind="prisoner_file",
        label="Prisoner file",
        help_text="A CSV file with one row per prisoner and the column names in the first row",
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}),
        error_messages={
            "required": "Select a prisoner file",
            "empty": "The selected file is empty",
            "invalid": "Select a prisoner file",
        },
    )
    establishment = forms.ChoiceField(
        label="Establishment for rows without one",
        help_text="Used for every row whose establishment cell is empty",
        required=False,
    )

    def __init__(self, *args: Any, establishments: QuerySet[Establishment], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].choices = [  # type: ignore[attr-defined]
            ("", "None: every row gives its establishment"),
            *((e.code, f"{e.name} ({e.code})") for e in establishments),
        ]


def _require_importer(request: HttpRequest) -> None:
    require(request_actor(request), Capability.ASSIGN_CASES)


def _store_upload(
    request: HttpRequest, data: bytes, filename: str, establishment: str, result: ImportResult
) -> None:
    _discard_upload(request)
    staged = STAGING.stage(data, now=clock.now(), summary=_preview_summary(result))
    request.session[SESSION_KEY] = {
        "token": staged.token,
        "sha256": staged.sha256,
        "filename": filename[:200],
        "establishment": establishment,
    }


def _stored_upload(request: HttpRequest) -> tuple[dict[str, str], bytes] | None:
    """The pending upload and its content, if it is still there and unchanged."""
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    data = STAGING.read(str(pending.get("token", "")), str(pending.get("sha256", "")))
    return None if data is None else (pending, data)


def _discard_upload(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict):
        STAGING.discard(str(pending.get("token", "")))


def _plural(count: int, word: str) -> str:
    return f"{count:,} {word}{'' if count == 1 else 's'}"


def _render_upload(
    request: HttpRequest, form: PrisonerImportForm, result: ImportResult | None = None
) -> HttpResponse:
    context: dict[str, Any] = {
        "form": form,
        "required_columns": REQUIRED_COLUMNS,
        "row_errors": [],
    }
    if result is not None and result.errors:
        count = len(result.errors)
        if not form.is_bound:
            form.cleaned_data = {}  # add_error needs it; a fresh form after a failed confirm
        form.add_error(
            "file",
            f"The selected file has {_plural(count, 'error')}: correct the file and upload "
            "it again",
        )
        context.update(
            row_errors=result.errors[:ERRORS_SHOWN],
            error_count=count,
            more_errors=max(count - ERRORS_SHOWN, 0),
        )
    return render(request, "release_planning/import_upload.html", context)


def _new_form(request: HttpRequest, data: Any = None, files: Any = None) -> PrisonerImportForm:
    establishments = establishments_visible_to(request_actor(request)).order_by("name")
    initial = {}
    if len(establishments) == 1:
        initial["establishment"] = establishments[0].code
    return PrisonerImportForm(data, files, establishments=establishments, initial=initial)


@require_http_methods(["GET", "POST"])
def prisoner_import(request: HttpRequest) -> HttpResponse:
    """Upload a prisoner file; a valid file goes on to the preview."""
    _require_importer(request)
    if request.method != "POST":
        return _render_upload(request, _new_form(request))
    form = _new_form(request, request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, form)
    upload: UploadedContent = form.cleaned_data["file"]
    data = upload.data
    establishment = form.cleaned_data["establishment"]
    try:
        result = prisoners_import(
            actor=request_actor(request),
            rows_or_file=data,
            default_establishment_code=establishment,
            dry_run=True,
        )
    except DATABASE_ERRORS:
        form.add_error("file", DATABASE_UNAVAILABLE)
        return _render_upload(request, form)
    if not result.ok:
        return _render_upload(request, form, result)
    _store_upload(request, data, upload.name or "prisoners.csv", establishment, result)
    return redirect("release_planning:import-preview")


def _display(name: str, value: Any) -> str:
    if value is None or value == "":
        return "Not recorded"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.date):
        return format_date(value)
    if name == "establishment":
        return str(value)
    choices = dict(Prisoner._meta.get_field(name).flatchoices)  # type: ignore[union-attr]
    return str(choices.get(value, value))


def _label(name: str) -> str:
    return FACTS_BY_NAME[name].label


def _preview_changes(result: ImportResult) -> list[dict[str, Any]]:
    return [
        {
            "row": change.row,
            "prison_number": change.prison_number,
            "name": change.name,
            "fields": [
                {"label": _label(name), "old": _display(name, old), "new": _display(name, new)}
                for name, (old, new) in change.fields.items()
            ],
        }
        for change in result.changes[:PRISONERS_SHOWN]
    ]


def _preview_summary(result: ImportResult) -> dict[str, Any]:
    """What the preview page shows of a dry run, as plain JSON values."""
    return {
        "result": {
            name: getattr(result, name)
            for name in ("rows", "created", "updated", "unchanged", "key_date_changes")
        },
        "changes": _preview_changes(result),
        "more_changes": max(len(result.changes) - PRISONERS_SHOWN, 0),
        "creations": [
            {
                "row": creation.row,
                "prison_number": creation.prison_number,
                "name": creation.name,
                "establishment_code": creation.establishment_code,
            }
            for creation in result.creations[:PRISONERS_SHOWN]
        ],
        "more_creations": max(len(result.creations) - PRISONERS_SHOWN, 0),
    }


def prisoner_import_preview(request: HttpRequest) -> HttpResponse:
    """What the pending file would change: counts, each change, and a confirm button. Shows
    what the upload's dry run found; runs one only if that was not kept."""
    _require_importer(request)
    stored = _stored_upload(request)
    if stored is None:
        messages.info(request, "Upload the prisoner file again: the previous upload has gone")
        return redirect("release_planning:import")
    pending, data = stored
    summary = STAGING.summary(str(pending.get("token", "")))
    if summary is None:
        result = prisoners_import(
            actor=request_actor(request),
            rows_or_file=data,
            default_establishment_code=pending["establishment"],
            dry_run=True,
        )
        if not result.ok:
            _discard_upload(request)
            return _render_upload(request, _new_form(request), result)
        summary = _preview_summary(result)
    establishment = (
        Establishment.objects.filter(code=pending["establishment"]).first()
        if pending["establishment"]
        else None
    )
    prisoners_listed(
        actor=request_actor(request),
        what="prisoner file preview",
        prison_numbers=[
            row["prison_number"] for row in [*summary["changes"], *summary["creations"]]
        ],
        total=summary["result"]["rows"],
        establishment_code=pending["establishment"],
    )
    return render(
        request,
        "release_planning/import_preview.html",
        {
            **summary,
            "filename": pending["filename"],
            "sha256": pending["sha256"],
            "establishment": establishment,
        },
    )


@require_POST
def prisoner_import_confirm(request: HttpRequest) -> HttpResponse:
    """Validate the previewed file again and save it, all or nothing."""
    _require_importer(request)
    stored = _stored_upload(request)
    if stored is None or request.POST.get("sha256") != stored[0]["sha256"]:
        messages.info(request, "Nothing was imported: upload the prisoner file again and check it")
        return redirect("release_planning:import")
    pending, data = stored
    summary = STAGING.summary(str(pending.get("token", ""))) or {}
    rows = int(summary.get("result", {}).get("rows", 0))
    if rows >= settings.SAFERELEASE_IMPORT_JOB_ROWS:
        # A large file is imported by a job, off the request; its page shows the progress.
        from saferelease.jobs.models import JobKind
        from saferelease.jobs.services import job_start

        request.session.pop(SESSION_KEY, None)  # the job reads the staged file, then drops it
        job = job_start(
            actor=request_actor(request),
            kind=JobKind.PRISONER_IMPORT,
            parameters={
                "token": pending["token"],
                "sha256": pending["sha256"],
                "establishment": pending["establishment"],
                "filename": pending["filename"],
                "rows": rows,
            },
        )
        return redirect("jobs:detail", job_id=job.pk)
    try:
        result = prisoners_import(
            actor=request_actor(request),
            rows_or_file=data,
            default_establishment_code=pending["establishment"],
        )
    except DATABASE_ERRORS:
        # The file stays staged, so the same preview can be saved again.
        messages.error(request, DATABASE_UNAVAILABLE)
        return redirect("release_planning:import-preview")
    _discard_upload(request)
    if not result.ok:
        return _render_upload(request, _new_form(request), result)
    messages.success(
        request,
        f"Prisoner file imported: {_plural(result.created, 'new prisoner')}, "
        f"{_plural(result.updated, 'prisoner')} updated, {result.unchanged:,} unchanged",
    )
    return redirect("release_planning:import")
