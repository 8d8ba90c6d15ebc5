"""How the audit trail reads to staff: record kinds and field names as labels, dates in
en-GB, choices by their names, file digests left out (docs/architecture.md, audit).

The stored entry is unchanged (and the CSV export keeps the raw values for analysts);
this only shapes the page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from saferelease.audit.models import AuditEntry
from saferelease.core.dates import format_date

#: Fields a person has no use for on screen: digests of uploaded files, internal counters.
HIDDEN_FIELDS = frozenset({"source_sha256", "sha256", "version"})


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class EntryView:
    entry: AuditEntry
    record_label: str
    changes: list[ChangeLine]
    #: What a read showed (``audit_read``): the query, and how many records and which.
    read: list[str] = field(default_factory=list)


#: Entries that record a read: their ``changes`` say what was read, not old and new.
READ_ACTIONS = frozenset({"view", "export"})
#: A read lists at most this many prison numbers on screen (the export keeps them all).
NUMBERS_SHOWN = 20


def read_lines(details: dict[str, Any]) -> list[str]:
    """What a read entry's ``changes`` say, as lines of text."""
    lines = []
    query = details.get("query") or {}
    if query:
        lines.append("Query: " + ", ".join(f"{key}={value}" for key, value in query.items()))
    numbers = details.get("prison_numbers")
    total = details.get("total")
    if numbers:
        count = details.get("count", len(numbers))
        shown = ", ".join(numbers[:NUMBERS_SHOWN])
        more = f" and {count - NUMBERS_SHOWN} more" if count > NUMBERS_SHOWN else ""
        of = f" of {total}" if total is not None else ""
        lines.append(f"{count} shown{of}: {shown}{more}")
    elif total is not None:
        lines.append(f"{total} records")
    return lines


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def record_label(object_type: str) -> str:
    """'release_planning.prisoner' -> 'Prisoner'; unknown types read as words."""
    model = _model(object_type)
    if model is None:
        return object_type.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return str(model._meta.verbose_name).capitalize()


def _field(model: type[models.Model] | None, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model: type[models.Model] | None, name: str) -> str:
    field = _field(model, name)
    verbose = getattr(field, "verbose_name", None)
    if verbose and str(verbose) != name.replace("_", " "):
        return str(verbose)[:1].upper() + str(verbose)[1:]
    return name.replace("_", " ").capitalize()


def value_text(model: type[models.Model] | None, name: str, value: Any) -> str:
    """A stored value as a person reads it."""
    if value is None or value == "":
        return "(empty)"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    field = _field(model, name)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return format_date(dt.date.fromisoformat(value))
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{format_date(moment.date())} at {moment:%H:%M}"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or "(empty)"
    return str(value)


def _related_names(rows: list[tuple[AuditEntry, type[models.Model] | None]]) -> dict[Any, str]:
    """Names of the records that foreign-key values point at ("Littlehey (HMP)", a
    user's name), fetched with one query a related model for the page."""
    wanted: dict[type[models.Model], set[Any]] = {}
    for entry, model in rows:
        if entry.action in READ_ACTIONS:
            continue
        for name, values in (entry.changes or {}).items():
            model_field = _field(model, name)
            if isinstance(model_field, models.ForeignKey):
                related = model_field.related_model
                assert isinstance(related, type)
                wanted.setdefault(related, set()).update(v for v in values if v is not None)
    names: dict[Any, str] = {}
    for related, pks in wanted.items():
        try:
            found = related._default_manager.in_bulk([pk for pk in pks if isinstance(pk, int)])
        except (TypeError, ValueError):  # a stored value that is not a key
            continue
        for pk, instance in found.items():
            names[(related, pk)] = str(instance)
    return names


def _text(model: type[models.Model] | None, name: str, value: Any, names: dict[Any, str]) -> str:
    field = _field(model, name)
    if isinstance(field, models.ForeignKey) and value is not None:
        return names.get((field.related_model, value), "a record since removed")
    return value_text(model, name, value)


def entry_views(entries: Iterable[AuditEntry]) -> list[EntryView]:
    rows = [(entry, _model(entry.object_type)) for entry in entries]
    names = _related_names(rows)
    views = []
    for entry, model in rows:
        if entry.action in READ_ACTIONS:
            details = entry.changes if isinstance(entry.changes, dict) else {}
            views.append(EntryView(entry, record_label(entry.object_type), [], read_lines(details)))
            continue
        changes = [
            ChangeLine(
                field_label(model, name),
                _text(model, name, values[0] if values else None, names),
                _text(model, name, values[1] if len(values) > 1 else None, names),
            )
            for name, values in (entry.changes or {}).items()
            if name not in HIDDEN_FIELDS and "sha256" not in name
        ]
        views.append(EntryView(entry, record_label(entry.object_type), changes))
    return views
