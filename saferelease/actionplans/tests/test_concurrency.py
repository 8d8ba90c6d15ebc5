"""Concurrent target-date changes on one owner line, for real: threads with connections of
their own on the test database (PostgreSQL in CI; SQLite copied to a file otherwise)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from rest_framework.test import APIClient

from saferelease.accounts.models import User
from saferelease.actionplans.models import OwnerLine, TargetDateChange
from saferelease.actionplans.tests.factories import OwnerLineFactory

pytestmark = pytest.mark.django_db(transaction=True)  # committed for real

CHANGES = 10
FIRST_TARGET = dt.date(2016, 3, 31)


def _change(user: User, line_pk: int, new_date: dt.date) -> int:
    client = APIClient()
    client.force_authenticate(user)
    response = client.post(
        "/api/v1/target-date-changes/",
        {"owner_line": line_pk, "new_date": new_date.isoformat(), "reason": "Fictional delay"},
        format="json",
    )
    return response.status_code


def test_concurrent_target_changes_leave_an_unbroken_history(threads, make_user):
    """Ten managers move one target at the same moment: every change is saved, one after
    the other, and each records as its old date the target the previous one set."""
    managers = [make_user("governor", ("LTI",), username=f"gov.{n}") for n in range(CHANGES)]
    line = OwnerLineFactory.create(target_date=FIRST_TARGET)
    dates = [FIRST_TARGET + dt.timedelta(days=30 * (n + 1)) for n in range(CHANGES)]
    statuses = threads.run(
        *[
            (lambda user=user, new_date=new_date: _change(user, line.pk, new_date))
            for user, new_date in zip(managers, dates, strict=True)
        ]
    )
    assert statuses == [201] * CHANGES
    history, final, version = threads.one(
        lambda: (
            list(
                TargetDateChange.objects.filter(owner_line=line.pk)
                .order_by("id")
                .values_list("old_date", "new_date")
            ),
            OwnerLine.objects.get(pk=line.pk).target_date,
            OwnerLine.objects.get(pk=line.pk).version,
        )
    )
    assert len(history) == CHANGES
    assert history[0][0] == FIRST_TARGET
    for (_, new_date), (old_date, _) in itertools.pairwise(history):
        assert old_date == new_date  # no change skipped
    assert final == history[-1][1]
    assert sorted(new for _, new in history) == dates
    assert version == 1 + CHANGES
