"""`saferelease metrics_bench`: refuses ordinary databases; its population is valid."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from saferelease.benchmarks.management.commands.metrics_bench import _population
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import Prisoner

pytestmark = pytest.mark.django_db


def test_refuses_a_database_whose_name_lacks_bench(monkeypatch):
    monkeypatch.setitem(connection.settings_dict, "NAME", "saferelease")
    with pytest.raises(CommandError, match="must contain 'bench'"):
        call_command("metrics_bench", "--populate")


def test_population_in_custody_and_released():
    establishments = list(Establishment.objects.filter(code__in=["LTI", "DAI"]).order_by("code"))
    as_of = dt.date(2026, 1, 31)
    men = list(_population(establishments, as_of=as_of, total=40, releases=10, months=2))
    in_custody = [man for man in men if man.released_on is None]
    assert len(in_custody) == 40
    assert 15 <= len(men) - len(in_custody) <= 25
    assert all(
        as_of - dt.timedelta(days=61) <= m.released_on <= as_of for m in men if m.released_on
    )
    Prisoner.objects.bulk_create(men)
    assert Prisoner.objects.count() == len(men)
