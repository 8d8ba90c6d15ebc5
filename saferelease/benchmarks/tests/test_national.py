"""The national generator: sizes, valid rows, the import contract."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from saferelease.benchmarks.national import (
    national_establishments,
    national_rows,
    national_sizes,
    rows_csv_write,
)
from saferelease.deadlines import RULES
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import Prisoner
from saferelease.release_planning.prisoner_import import COLUMNS, parse_prisoner_csv

AS_OF = dt.date(2026, 3, 16)


@pytest.mark.django_db
def test_national_sizes_cover_the_register() -> None:
    establishments = national_establishments()
    assert 110 <= len(establishments) <= 130
    sizes = national_sizes(establishments, 90_000)
    assert sum(sizes.values()) == 90_000
    assert sizes["LTI"] == 1215
    assert min(sizes.values()) > 50 and max(sizes.values()) > 1200


@pytest.mark.django_db
def test_national_rows_are_valid_prisoners() -> None:
    rows = list(national_rows(as_of=AS_OF, total=1000))
    assert len(rows) == 1000
    assert len({r["prison_number"] for r in rows}) == 1000
    ids = dict(Establishment.objects.values_list("code", "id"))
    for row in rows:
        values = {k: v for k, v in row.items() if k not in {"establishment", "pom"}}
        prisoner = Prisoner(establishment_id=ids[row["establishment"]], **values)
        prisoner.full_clean(exclude=["pom"], validate_unique=False)


@pytest.mark.django_db
def test_national_csv_is_the_import_contract() -> None:
    rows = list(national_rows(as_of=AS_OF, total=300))
    out = io.StringIO()
    assert rows_csv_write(rows, out) == 300
    text = out.getvalue()
    assert text.splitlines()[0] == ",".join(COLUMNS)
    parsed = parse_prisoner_csv(text)
    assert parsed.ok, parsed.errors[:3]
    assert parsed.row_count == 300


@pytest.mark.django_db
def test_bench_refuses_a_database_not_named_bench(monkeypatch: Any) -> None:
    monkeypatch.setenv("DATABASE_URL", "sqlite:///var/not-the-bench.sqlite3")
    with pytest.raises(CommandError, match="must contain 'bench'"):
        call_command("bench", "--prisoners", "10")


@pytest.mark.django_db
def test_bench_runs_end_to_end_and_writes_the_report(
    monkeypatch: Any, tmp_path: Any, media_root: Any
) -> None:
    from django.db import connection

    from saferelease.benchmarks.management.commands import bench

    created: list[str] = []
    monkeypatch.setenv("DATABASE_URL", "set-by-the-test")
    monkeypatch.setitem(connection.settings_dict, "NAME", "saferelease_bench_in_test")
    monkeypatch.setattr(bench, "_create_postgres_database", lambda d: created.append(d["NAME"]))
    report = tmp_path / "benchmarks.md"
    call_command(
        "bench", "--prisoners", "400", "--runs", "2", "--write", str(report), stdout=io.StringIO()
    )
    text = report.read_text(encoding="utf-8")
    assert "import the national file" in text and "400 created" in text
    results = 400 * len(RULES)
    assert f"{results:,} rule results for 400 prisoners" in text
    assert "median of 3 cold runs" in text
    assert f"{results:,} CSV rows written to a null stream" in text
    assert "| caseload page, LTI (" in text and "median of 2" in text
    assert "| cores (nproc) |" in text
    assert created == (["saferelease_bench_in_test"] if connection.vendor == "postgresql" else [])
    assert Prisoner.objects.count() == 400
