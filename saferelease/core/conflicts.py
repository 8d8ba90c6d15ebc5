"""How a page shows an edit refused because the record changed (``StaleVersion``).

The form is shown again with the editor's own values and the record's new version (so
saving again is a deliberate choice), the GOV.UK error summary says who changed the record
and when, and a table puts their values beside the editor's for every field the form
writes. Nothing has been saved.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import QueryDict

from saferelease.core.concurrency import StaleVersion
from saferelease.core.dates import format_date

NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class ConflictRow:
    label: str
    theirs: str
    yours: str


@dataclass(frozen=True)
class ChangeRow:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Conflict:
    """What the conflict panel shows: the message, who and when, and the values."""

    message: str
    by: str
    when: str
    rows: Sequence[ConflictRow]
    their_changes: Sequence[ChangeRow]


def display(field: models.Field[Any, Any], value: Any) -> str:
    """A stored or submitted value as the pages write it (en-GB dates, choice labels)."""
    if value is None or value == "":
        return NOT_RECORDED
    if isinstance(field, models.ForeignKey):
        related = (
            value
            if isinstance(value, models.Model)
            else field.related_model._base_manager.filter(pk=value).first()
        )
        if related is None:
            return NOT_RECORDED
        full_name = getattr(related, "get_full_name", None)
        return (full_name() if full_name else "") or str(related)
    if field.choices:
        labels = {str(key): str(label) for key, label in field.flatchoices}
        return labels.get(str(value), str(value))
    if isinstance(field, models.BooleanField):
        return "Yes" if value else "No"
    if isinstance(field, models.DateField) and not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            return str(value)
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def _label(field: models.Field[Any, Any]) -> str:
    text = str(field.verbose_name)
    return text[:1].upper() + text[1:]


def conflict(
    stale: StaleVersion,
    yours: Mapping[str, Any],
    labels: Mapping[str, str] | None = None,
) -> Conflict:
    """The conflict panel: for each model field in ``yours`` (name to the value the editor
    submitted) the value saved now beside theirs; and what the other change did."""
    current = stale.current
    meta = current._meta
    labels = labels or {}
    rows = []
    for name, value in yours.items():
        field = meta.get_field(name)
        assert isinstance(field, models.Field)
        rows.append(
            ConflictRow(
                label=labels.get(name) or _label(field),
                theirs=display(field, getattr(current, field.name)),
                yours=display(field, value),
            )
        )
    change = stale.last_change
    their_changes = []
    for name, values in change.changes.items():
        try:
            field = meta.get_field(name)
        except FieldDoesNotExist:  # a field since removed from the model
            continue
        if not isinstance(field, models.Field) or not isinstance(values, list) or len(values) != 2:
            continue
        old, new = values
        their_changes.append(
            ChangeRow(
                label=labels.get(name) or _label(field),
                old=display(field, old),
                new=display(field, new),
            )
        )
    return Conflict(
        message=stale.message,
        by=change.by,
        when=change.when,
        rows=rows,
        their_changes=their_changes,
    )


def show_conflict(form: forms.Form, stale: StaleVersion) -> None:
    """Put the conflict on a bound form: its ``version`` becomes the record's current one
    (saving again keeps the editor's values, knowingly) and the message goes to the error
    summary."""
    data = form.data.copy() if isinstance(form.data, QueryDict) else dict(form.data)
    data[form.add_prefix("version")] = str(stale.current.version)
    form.data = data
    form.full_clean()
    form.add_error(None, stale.message)
