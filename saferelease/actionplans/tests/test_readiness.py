"""The readiness forecast: each factor at its thresholds, the bands, and the explanations."""

from __future__ import annotations

import dataclasses

import pytest

from saferelease.actionplans.readiness import ReadinessFacts, forecast

QUIET = ReadinessFacts(
    last_grade=4,
    tracked=20,
    overdue=0,
    repeated=0,
    claims_not_borne_out=0,
    review_followed_up=0,
    review_insufficient=0,
    released_homeless_share=0.02,
    oasys_current_share=0.95,
    mappa_set_on_time_share=0.9,
)


def _points(**changes: object) -> dict[str, int]:
    result = forecast(dataclasses.replace(QUIET, **changes))  # type: ignore[arg-type]
    return {factor.name: factor.points for factor in result.factors}


def test_a_quiet_establishment_scores_nothing() -> None:
    result = forecast(QUIET)
    assert (result.score, result.band) == (0, "Lower risk")
    assert [factor.max_points for factor in result.factors] == [20, 20, 15, 15, 15, 15]


@pytest.mark.parametrize(("grade", "points"), [(1, 20), (2, 12), (3, 4), (4, 0), (None, 0)])
def test_RF1_last_grade(grade: int | None, points: int) -> None:
    assert _points(last_grade=grade)["Last rehabilitation and release planning grade"] == points


@pytest.mark.parametrize(("overdue", "points"), [(0, 0), (1, 5), (2, 10), (4, 10), (5, 20)])
def test_RF2_overdue_share(overdue: int, points: int) -> None:
    assert _points(overdue=overdue)["Overdue recommendations"] == points


@pytest.mark.parametrize(("repeated", "points"), [(0, 0), (1, 8), (2, 8), (3, 15)])
def test_RF3_repeated(repeated: int, points: int) -> None:
    assert _points(repeated=repeated)["Concerns raised again"] == points


@pytest.mark.parametrize(("claims", "points"), [(0, 0), (1, 8), (2, 15)])
def test_RF4_claims_not_borne_out(claims: int, points: int) -> None:
    assert _points(claims_not_borne_out=claims)["Complete but nothing changed"] == points


@pytest.mark.parametrize(
    ("followed", "insufficient", "points"), [(0, 0, 0), (4, 0, 0), (4, 1, 8), (4, 2, 15)]
)
def test_RF5_review(followed: int, insufficient: int, points: int) -> None:
    assert (
        _points(review_followed_up=followed, review_insufficient=insufficient)["Review of progress"]
        == points
    )


def test_RF6_public_protection_thresholds() -> None:
    name = "Public-protection figures (last 12 months)"
    assert _points(released_homeless_share=0.10)[name] == 0  # 10% is not more than 10%
    assert _points(released_homeless_share=0.11)[name] == 5
    assert _points(oasys_current_share=0.79, mappa_set_on_time_share=0.5)[name] == 10
    assert _points(released_homeless_share=None)[name] == 0


def test_bands_and_explanations() -> None:
    result = forecast(
        dataclasses.replace(QUIET, last_grade=2, overdue=5, repeated=1)  # 12 + 20 + 8 = 40
    )
    assert (result.score, result.band) == (40, "Some risk")
    findings = {factor.name: factor.finding for factor in result.factors}
    assert findings["Last rehabilitation and release planning grade"] == (
        "graded 2 (not sufficiently good) at the last inspection"
    )
    assert findings["Overdue recommendations"] == "5 of 20 recommendations overdue (25%)"
    assert findings["Review of progress"] == "no review of progress held"
    assert (
        forecast(dataclasses.replace(QUIET, last_grade=1, overdue=5, repeated=3)).band
        == "Higher risk"
    )
