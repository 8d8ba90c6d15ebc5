"""Concurrent edits of one prisoner through the API, for real: threads with connections of
their own on the test database (PostgreSQL in CI; SQLite copied to a file otherwise)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from saferelease.accounts.models import User
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.tests.factories import make_prisoner

pytestmark = pytest.mark.django_db(transaction=True)  # committed for real

URL = "/api/v1/prisoners/A1111AA/"
PAIRS = 20


def _client(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _patch(user: User, data: dict[str, Any], etag: str) -> int:
    response = _client(user).patch(URL, data, format="json", headers={"If-Match": etag})
    return response.status_code


def _state() -> tuple[int, str, dt.date | None]:
    prisoner = Prisoner.objects.get(prison_number="A1111AA")
    return prisoner.version, prisoner.rosh, prisoner.oasys_completed_date


@pytest.mark.parametrize("read", ["one_read_for_both", "each_reads_its_own"])
def test_concurrent_pairs_of_edits_to_one_prisoner_lose_no_value(threads, make_user, read):
    """Each pair: one POM sets the OASys date while another sets the RoSH level. A pair
    ends with both values, or with one 412 and the other value kept; never two 200s and
    one value gone, never a server error."""
    first = make_user("caseworker", ("LTI",), username="pom.one")
    second = make_user("caseworker", ("LTI",), username="pom.two")
    make_prisoner(prison_number="A1111AA", rosh="high", oasys_completed_date=None)
    outcomes = {"both saved": 0, "one refused (412)": 0}
    for pair in range(PAIRS):
        _, rosh_before, _ = threads.one(_state)
        oasys = dt.date(2026, 1, 1) + dt.timedelta(days=pair)
        rosh = "medium" if rosh_before == "low" else "low"

        def edit(user: User, data: dict[str, Any], etag: str | None) -> int:
            tag = etag or _client(user).get(URL)["ETag"]
            return _patch(user, data, tag)

        etag = threads.one(lambda: _client(first).get(URL)["ETag"])
        shared = etag if read == "one_read_for_both" else None
        statuses = threads.run(
            lambda: edit(first, {"oasys_completed_date": oasys.isoformat()}, shared),  # noqa: B023
            lambda: edit(second, {"rosh": rosh}, shared),  # noqa: B023
        )
        version, stored_rosh, stored_oasys = threads.one(_state)
        assert sorted(statuses) in ([200, 200], [200, 412]), statuses
        oasys_saved, rosh_saved = (status == 200 for status in statuses)
        assert (stored_oasys == oasys) is oasys_saved, (pair, statuses)
        assert (stored_rosh == rosh) is rosh_saved, (pair, statuses)
        assert version == int(etag.strip('"')) + statuses.count(200)
        outcomes["both saved" if statuses == [200, 200] else "one refused (412)"] += 1
        if read == "one_read_for_both":
            # Both started from the same version: exactly one of them may save.
            assert sorted(statuses) == [200, 412]
    assert sum(outcomes.values()) == PAIRS
