"""The form field for an uploaded file: its content read within the size limit of its kind,
or a form error naming the limit."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms

from saferelease.core.uploads.limits import UploadKind, UploadRefused, limits_for
from saferelease.core.uploads.reading import read_upload


@dataclass(frozen=True, slots=True)
class UploadedContent:
    """A file read from a form: its name as sent and its content."""

    name: str
    data: bytes


class BoundedFileField(forms.FileField):
    """A ``FileField`` whose cleaned value is an ``UploadedContent``, read only when the
    file is within the limits of ``kind``."""

    def __init__(self, *, kind: UploadKind, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> UploadedContent | None:
        upload = super().clean(data, initial)
        if not upload:
            return None
        try:
            content = read_upload(upload, limits_for(self.kind))
        except UploadRefused as error:
            raise forms.ValidationError(error.message, code="too_large") from None
        return UploadedContent(str(upload.name or ""), content)
