"""The Prisoner model against the prisoner facts catalogue (saferelease/deadlines/catalogue.py)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from saferelease.deadlines import RULES
from saferelease.deadlines.catalogue import FACTS, FACTS_BY_NAME, RECORD, Column, Kind
from saferelease.release_planning.models import (
    KEY_DATE_FIELDS,
    KEY_DATE_LABELS,
    Prisoner,
    health_need_labels,
    health_needs_from_text,
    validate_health_needs,
)

#: Model fields that are bookkeeping, not facts about the prisoner (``version``: see
#: saferelease/core/concurrency.py).
BOOKKEEPING = {"id", "created_at", "updated_at", "version"}


def _field(name: str) -> models.Field:
    field = Prisoner._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def test_the_catalogue_lists_every_prisoner_field_and_nothing_else() -> None:
    fields = {field.name for field in Prisoner._meta.concrete_fields} - BOOKKEEPING
    assert set(RECORD) == fields
    assert [fact.name for fact in FACTS if not fact.on_record] == ["in_resettlement_prison"]


def test_each_fact_is_the_kind_of_its_model_field() -> None:
    for fact in FACTS:
        if not fact.on_record:
            continue
        field = _field(fact.name)
        expected: type[models.Field] = {
            Kind.TEXT: models.CharField,
            Kind.CHOICE: models.CharField,
            Kind.CHOICES: models.CharField,
            Kind.NUMBER: models.PositiveSmallIntegerField,
            Kind.DATE: models.DateField,
            Kind.YES_NO: models.BooleanField,
            Kind.REFERENCE: models.ForeignKey,
        }[fact.kind]
        assert isinstance(field, expected), fact.name
        assert bool(field.choices) == (fact.kind in (Kind.CHOICE, Kind.NUMBER)), fact.name
        # A required column is a field that must have a value and has no default.
        required = not field.blank and not field.has_default()
        assert required == (fact.column == Column.REQUIRED), fact.name


def test_key_dates_are_labelled_from_the_catalogue() -> None:
    for name in KEY_DATE_FIELDS:
        fact = FACTS_BY_NAME[name]
        assert KEY_DATE_LABELS[name] == fact.label
        if fact.short:
            assert str(_field(name).verbose_name) == fact.short
            assert f"({fact.short})" in fact.label


def test_every_rules_completion_field_is_a_declared_fact_and_a_model_field() -> None:
    for rule in RULES:
        for name in filter(None, (rule.completed_by, rule.exemption_field)):
            assert name in FACTS_BY_NAME, f"{rule.code}: {name} is not in the catalogue"
            assert _field(name).name == name


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("", ""),
        (" ; ", ""),
        ("mental", "mental"),
        ("Social care; Mental", "mental;social_care"),
        ("substance;physical;substance", "physical;substance"),
        ("social-care;PHYSICAL", "physical;social_care"),
    ],
)
def test_health_needs_are_stored_each_once_in_the_vocabulary_order(text: str, stored: str) -> None:
    assert health_needs_from_text(text) == stored
    validate_health_needs(stored)


def test_health_needs_outside_the_vocabulary_or_not_in_stored_form_are_refused() -> None:
    with pytest.raises(ValueError, match="'dental' is not a health need"):
        health_needs_from_text("mental;dental")
    with pytest.raises(ValidationError, match="'dental' is not a health need"):
        validate_health_needs("dental")
    with pytest.raises(ValidationError, match="'mental;substance'"):
        validate_health_needs("substance;mental")


def test_health_needs_display() -> None:
    assert Prisoner(health_needs="physical;social_care").health_needs_display == (
        "Physical health, Social care"
    )
    assert health_need_labels("") == []
