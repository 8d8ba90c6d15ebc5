"""The judgement form reveals only the outcomes of the chosen kind, and still refuses an
outcome of the other kind without JavaScript; its date defaults to today."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from saferelease.actionplans.forms import JudgementForm
from saferelease.actionplans.tests.factories import RecommendationFactory
from saferelease.core import clock


@pytest.mark.parametrize(
    ("kind", "outcome", "valid"),
    [
        ("follow_up_inspection", "achieved", True),
        ("follow_up_inspection", "not_achieved", True),
        ("follow_up_inspection", "good_progress", False),
        ("review_of_progress", "insufficient_progress", True),
        ("review_of_progress", "partially_achieved", False),
    ],
)
def test_outcome_must_belong_to_the_kind(kind, outcome, valid):
    form = JudgementForm({"kind": kind, "outcome": outcome, "date": "01/01/2020"})
    assert form.is_valid() == valid
    if not valid:
        assert "is a judgement" in form.errors["outcome"][0]


def test_each_kind_reveals_its_own_outcomes():
    groups = JudgementForm().kind_groups()
    assert [[o["value"] for o in g["outcomes"]] for g in groups] == [
        ["achieved", "partially_achieved", "not_achieved"],
        ["no_meaningful_progress", "insufficient_progress", "reasonable_progress", "good_progress"],
    ]
    ids = [o["id"] for g in groups for o in g["outcomes"]]
    assert len(set(ids)) == len(ids) and "id_outcome_0" in ids


def test_the_error_goes_with_the_chosen_kind():
    form = JudgementForm({"kind": "review_of_progress", "outcome": "achieved", "date": "1/1/2020"})
    form.is_valid()
    follow_up, review = form.kind_groups()
    assert not follow_up["errors"] and review["errors"]
    assert review["outcomes"][0]["id"] == "id_outcome_0"  # the error summary's link


@pytest.mark.django_db
def test_page_has_conditional_reveals_and_todays_date(client, make_user, monkeypatch):
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 12, 4))
    client.force_login(make_user("inspector", ()))
    url = reverse("actionplans:judgement-add", args=[RecommendationFactory.create().pk])
    html = client.get(url).content.decode()
    assert 'data-aria-controls="conditional-id_kind_0"' in html
    assert 'id="conditional-id_kind_1"' in html
    assert "govuk-radios__conditional--hidden" in html
    assert 'id="id_date" name="date" type="text" value="4/12/2026"' in html
