"""Prisoner file import in the browser: upload → preview → confirm.

The uploaded file is validated in full (a dry run of the import) before anything is
kept. A valid file is kept under MEDIA_ROOT with a random name until it is confirmed, with
what the dry run found (counts and the first changes, as shown on the preview page) beside
it, so the preview page does not run the import again; the session holds the name and the
file's SHA-256, and the confirm form must carry the same SHA-256, so the file confirmed is
the file previewed. Confirming validates it again and then saves it (or nothing): a
national file is read twice, not three times. Files left unconfirmed are removed after a
day.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
import uuid
from pathlib import Path
from typing import Any, Final

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from saferelease.core.dates import format_date
from saferelease.deadlines.catalogue import FACTS_BY_NAME
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishments_visible_to
from saferelease.release_planning.csv_import import REQUIRED_COLUMNS
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.services_import import ImportResult, prisoners_import

SESSION_KEY: Final = "prisoner_import"
UPLOAD_FOLDER: Final = "prisoner-imports"
MAX_UPLOAD_BYTES: Final = 50 * 1024 * 1024
#: Unconfirmed uploads older than this are removed when someone next uploads a file.
UPLOAD_LIFETIME_SECONDS: Final = 24 * 60 * 60
ERRORS_SHOWN: Final = 100
PRISONERS_SHOWN: Final = 200
_TOKEN_RE: Final = re.compile(r"^[0-9a-f]{32}$")


class PrisonerImportForm(forms.Form):
    file = forms.FileField(
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

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 50 MB")
        return upload


def _require_importer(request: HttpRequest) -> None:
    if not getattr(request.user, "may_assign_cases", False):
        raise PermissionDenied


def _upload_folder() -> Path:
    return Path(settings.MEDIA_ROOT) / UPLOAD_FOLDER


def _upload_path(token: str) -> Path | None:
    if not _TOKEN_RE.match(token):
        return None
    return _upload_folder() / f"{token}.csv"


def _preview_path(upload: Path) -> Path:
    return upload.with_suffix(".json")


def _remove_old_uploads() -> None:
    cutoff = time.time() - UPLOAD_LIFETIME_SECONDS
    for path in [*_upload_folder().glob("*.csv"), *_upload_folder().glob("*.json")]:
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except FileNotFoundError:
            pass


def _store_upload(
    request: HttpRequest, data: bytes, filename: str, establishment: str, result: ImportResult
) -> None:
    _discard_upload(request)
    folder = _upload_folder()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    _remove_old_uploads()
    token = uuid.uuid4().hex
    path = folder / f"{token}.csv"
    path.write_bytes(data)
    path.chmod(0o600)
    preview = _preview_path(path)
    preview.write_text(json.dumps(_preview_summary(result)), encoding="utf-8")
    preview.chmod(0o600)
    request.session[SESSION_KEY] = {
        "token": token,
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": filename[:200],
        "establishment": establishment,
    }


def _stored_upload(request: HttpRequest) -> tuple[dict[str, str], bytes] | None:
    """The pending upload and its content, if it is still there and unchanged."""
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict):
        return None
    path = _upload_path(str(pending.get("token", "")))
    if path is None:
        return None
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    if hashlib.sha256(data).hexdigest() != pending.get("sha256"):
        return None
    return pending, data


def _stored_preview(pending: dict[str, str]) -> dict[str, Any] | None:
    """What the upload's dry run found, if it was kept (see :func:`_preview_summary`)."""
    path = _upload_path(str(pending.get("token", "")))
    if path is None:
        return None
    try:
        summary = json.loads(_preview_path(path).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    return summary if isinstance(summary, dict) else None


def _discard_upload(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if isinstance(pending, dict):
        path = _upload_path(str(pending.get("token", "")))
        if path is not None:
            path.unlink(missing_ok=True)
            _preview_path(path).unlink(missing_ok=True)


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
    establishments = establishments_visible_to(request.user).order_by("name")
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
    upload = form.cleaned_data["file"]
    establishment = form.cleaned_data["establishment"]
    data = upload.read()
    result = prisoners_import(
        actor=request.user,  # type: ignore[arg-type]
        rows_or_file=data,
        default_establishment_code=establishment,
        dry_run=True,
    )
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
    summary = _stored_preview(pending)
    if summary is None:
        result = prisoners_import(
            actor=request.user,  # type: ignore[arg-type]
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
    result = prisoners_import(
        actor=request.user,  # type: ignore[arg-type]
        rows_or_file=data,
        default_establishment_code=pending["establishment"],
    )
    _discard_upload(request)
    if not result.ok:
        return _render_upload(request, _new_form(request), result)
    messages.success(
        request,
        f"Prisoner file imported: {_plural(result.created, 'new prisoner')}, "
        f"{_plural(result.updated, 'prisoner')} updated, {result.unchanged:,} unchanged",
    )
    return redirect("release_planning:import")
