"""`saferelease metrics`: the command-line contract."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from saferelease.metrics.catalogue import CONTRACT_CODES
from saferelease.metrics.tests.factories import littlehey_population, man
from saferelease.metrics.tests.test_apis import dartmoor_man

pytestmark = pytest.mark.django_db
PERIOD = ["--from", "2025-01-01", "--to", "2025-12-31"]


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("metrics", *args, stdout=out)
    return out.getvalue()


def test_json_for_one_establishment():
    littlehey_population()
    dartmoor_man()
    data = json.loads(run("--establishment", "LTI", *PERIOD, "--format", "json"))
    assert set(CONTRACT_CODES) <= set(data)
    assert data["population"] == 6
    assert data["released_homeless_share"] == 0.25
    shares = [v for k, v in data.items() if k.endswith("_share") and v is not None]
    assert all(0 <= v <= 1 for v in shares)


def test_all_establishments_together():
    littlehey_population()
    dartmoor_man()
    assert json.loads(run(*PERIOD))["population"] == 7


def test_csv():
    littlehey_population()
    rows = list(
        csv.DictReader(io.StringIO(run("--establishment", "lti", *PERIOD, "--format", "csv")))
    )
    assert {r["code"]: r["value"] for r in rows}["population"] == "6"


def test_trends_for_the_last_months():
    man()
    data = json.loads(run("--establishment", "LTI", "--to", "2025-12-31", "--months", "2"))
    assert list(data) == ["2025-11", "2025-12"]


@pytest.mark.parametrize(
    "args",
    [
        ["--establishment", "XXX"],
        ["--from", "2025-02-30"],
        ["--from", "2025-06-01", "--to", "2025-01-01"],
        ["--months", "0"],
    ],
)
def test_bad_input(args):
    with pytest.raises(CommandError):
        run(*args)
