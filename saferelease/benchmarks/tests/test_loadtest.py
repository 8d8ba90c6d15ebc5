"""The load test's report: the target is judged on the first pace only, and a lost write
or an error fails it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from saferelease.benchmarks.management.commands.loadtest import Command


def _row(name: str, p95: float, failures: int = 0) -> dict[str, str]:
    return {
        "Name": name,
        "Request Count": "100",
        "Failure Count": str(failures),
        "50%": str(p95 / 2),
        "95%": str(p95),
        "99%": str(p95 * 1.2),
        "Max Response Time": str(p95 * 1.5),
        "Requests/s": "5.0",
    }


def _run(p95: float, *, lost: list[str] | None = None, failures: int = 0) -> dict[str, Any]:
    return {
        "wait": "5-15",
        "started": dt.datetime(2026, 12, 5, 8, 0, tzinfo=dt.UTC),
        "rows": [
            _row("caseload", p95, failures),
            _row("health check (baseline)", 9),
            _row("Aggregated", p95, failures),
        ],
        "failures": [],
        "accepted": [{"prisoner": "A1234BC", "com_name": "x"}],
        "last": {"A1234BC": "x"},
        "lost": lost or [],
        "load_before": (0.1, 0.2, 0.3),
        "load": (1.0, 1.0, 1.0),
    }


def test_target_met_under_500_ms_with_nothing_lost() -> None:
    text = "\n".join(Command()._section(_run(190), target=True))
    assert "**met**" in text
    assert "the slowest p95 is caseload, 190 ms" in text
    assert "load average before: 0.10, 0.20, 0.30" in text


def test_target_not_met_when_slow_lost_or_failing() -> None:
    assert "**not met**" in "\n".join(Command()._section(_run(600), target=True))
    assert "**not met**" in "\n".join(Command()._section(_run(100, lost=["A1"]), target=True))
    assert "**not met**" in "\n".join(Command()._section(_run(100, failures=1), target=True))


def test_stress_run_is_reported_not_judged() -> None:
    text = "\n".join(Command()._section(_run(900, lost=["A1"]), target=False))
    assert "Target" not in text
    assert "Stress run, past the target's pace: 0 errors, 1 lost writes" in text
    assert "the slowest p95 is caseload, 900 ms" in text
