"""Form fields shared by every app."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from saferelease.core.dates import parse_date

DATE_HINT = "For example, 27/3/2026"


class GovukDateField(forms.Field):
    """A date typed in one text input as DD/MM/YYYY or YYYY-MM-DD, with GOV.UK error
    messages ("Enter the date completed", "Date completed must be a real date")."""

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", DATE_HINT)
        messages = kwargs.pop("error_messages", {})
        super().__init__(label=label, required=required, **kwargs)
        self.error_messages["required"] = f"Enter the {label[0].lower()}{label[1:]}"
        self.error_messages.update(messages)

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if value in (None, ""):
            return None
        try:
            return parse_date(str(value))
        except ValueError:
            raise ValidationError(
                f"{self.label} must be a real date, for example 27/3/2026"
            ) from None

    def prepare_value(self, value: Any) -> Any:
        return f"{value.day}/{value.month}/{value.year}" if isinstance(value, dt.date) else value


class VersionedForm(forms.Form):
    """A form that edits a record: it carries the version of the record it showed, so a
    save over someone else's change is refused (``saferelease.core.concurrency``)."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        max_value=2_147_483_647,
        error_messages={
            "required": "This page is out of date: go back and open it again",
            "invalid": "This page is out of date: go back and open it again",
            "min_value": "This page is out of date: go back and open it again",
            "max_value": "This page is out of date: go back and open it again",
        },
    )
