from __future__ import annotations

from pathlib import Path

from saferelease.metrics.catalogue import CONTRACT_CODES, METRICS, METRICS_BY_CODE, Unit

DOC = Path(__file__).resolve().parents[3] / "docs" / "metrics.md"


def test_codes_are_unique_and_valid_recommendation_metric_codes():
    assert len(METRICS_BY_CODE) == len(METRICS)
    assert all(m.code.replace("_", "").isalnum() and m.code.islower() for m in METRICS)
    assert set(CONTRACT_CODES) <= set(METRICS_BY_CODE)


def test_every_metric_is_documented():
    text = DOC.read_text()
    missing = [m.code for m in METRICS if f"`{m.code}`" not in text]
    assert missing == []


def test_shares_are_named_as_shares():
    assert all(m.code.endswith("_share") for m in METRICS if m.unit == Unit.SHARE)
