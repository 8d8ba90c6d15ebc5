"""The API's one error format: every field's errors are a list of strings."""

from __future__ import annotations

import pytest
from rest_framework import exceptions

from saferelease.core.api import exception_handler


@pytest.mark.parametrize(
    ("detail", "fields"),
    [
        ({"pom": ["Unknown"]}, {"pom": ["Unknown"]}),
        # Raised bare by a view: a list of one, as the schema states (was a string).
        ({"pom": "Unknown"}, {"pom": ["Unknown"]}),
        # A nested serializer's and a list's items: flattened, each led by where it is.
        (
            {"ratings": [{}, {"score": ["Choose a rating"]}]},
            {"ratings": ["1: score: Choose a rating"]},
        ),
        ({"address": {"town": ["Enter a town"]}}, {"address": ["town: Enter a town"]}),
        (["Dates out of order"], {"non_field_errors": ["Dates out of order"]}),
    ],
)
def test_validation_errors_are_lists_of_strings_by_field(detail, fields):
    response = exception_handler(exceptions.ValidationError(detail), {})
    assert response is not None
    assert response.status_code == 400
    assert response.data["error"]["fields"] == fields
