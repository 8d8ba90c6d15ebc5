"""Every metric against a hand-made population where the answer is known; scoping; trends;
metrics tied to recommendations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404

from saferelease.establishments.models import Establishment
from saferelease.metrics import selectors
from saferelease.metrics.catalogue import CONTRACT_CODES, METRICS
from saferelease.metrics.periods import Period
from saferelease.metrics.tests.factories import END, START, littlehey_population, man, released

D = dt.date
pytestmark = pytest.mark.django_db

EXPECTED = {
    # Six men in custody at 31 December 2025 (A to F).
    "population": 6,
    "sexual_offence_share": 3 / 6,  # A, B, E
    "over_50_share": 2 / 6,  # A (55) and C (50 that day); B is 49
    "indeterminate_count": 1,  # C
    "sentence_under_4_years_share": 1 / 5,  # of the five sentenced (D is on remand)
    "sentence_4_to_10_years_share": 1 / 5,  # B: exactly 4 years
    "sentence_over_10_years_share": 1 / 5,  # E: 10 years and a day
    "sentence_indeterminate_share": 1 / 5,
    "sentence_length_not_recorded_share": 1 / 5,  # F: no sentence start
    "high_rosh_share": 2 / 4,  # of the four with RoSH recorded
    "rosh_low_share": 1 / 4,
    "rosh_medium_share": 1 / 4,
    "rosh_high_share": 1 / 4,
    "rosh_very_high_share": 1 / 4,
    "rosh_not_recorded_count": 2,
    # A current, B exactly 364 days, C 365 days, F none; E's only date is after the period.
    "oasys_current_share": 2 / 4,
    "maintaining_innocence_count": 2,
    "maintaining_innocence_with_work_share": 1 / 2,
    "programme_need_count": 2,  # C on programme, E referral submitted
    "programme_places": 40,
    # Four released in 2025 (R1 to R4).
    "releases_count": 4,
    "releases_per_month": 4 / 12,
    "released_homeless_share": 1 / 4,
    "released_temporary_share": 2 / 4,  # temporary and CAS3
    "high_risk_released_homeless_count": 1,
    "mappa_set_on_time_share": 1 / 3,  # R1 exactly 6 months; R2 a day late; R4 never
    "com_allocated_on_time_share": 2 / 4,
    "rule_com_allocated_on_time_share": 2 / 4,
    "rule_com_allocated_late_share": 1 / 4,
    "rule_com_allocated_missed_share": 1 / 4,
    "resettlement_transfers_needed_count": 3,  # R2 is exempt
    "resettlement_transfers_achieved_count": 2,  # R1 on time, R3 late
    "resettlement_transfers_achieved_share": 2 / 3,
    "rule_resettlement_transfer_missed_share": 1 / 3,
    "rule_mappa_level_set_on_time_share": 1 / 3,
    "rule_mappa_level_set_late_share": 1 / 3,
    "rule_mappa_level_set_missed_share": 1 / 3,
    "rule_licence_approved_missed_share": 1.0,
}


@pytest.fixture
def littlehey() -> Establishment:
    establishment = Establishment.objects.get(code="LTI")
    establishment.programme_places = 40
    establishment.save()
    littlehey_population()
    return establishment


def test_every_metric_has_a_value(littlehey):
    values = selectors.metric_values(selectors.scope_of(littlehey), Period(START, END))
    assert list(values) == [metric.code for metric in METRICS]
    assert set(CONTRACT_CODES) <= set(values)


@pytest.mark.parametrize(("code", "expected"), sorted(EXPECTED.items()))
def test_metric_against_the_hand_made_population(littlehey, code, expected):
    values = selectors.metric_values(selectors.scope_of(littlehey), Period(START, END))
    assert values[code] == pytest.approx(expected)


def test_other_establishments_are_not_counted(littlehey):
    man(establishment=Establishment.objects.get(code="DAI"))
    values = selectors.metric_values(selectors.scope_unscoped(["LTI"]), Period(START, END))
    assert values["population"] == 6
    everything = selectors.metric_values(selectors.scope_unscoped(), Period(START, END))
    assert everything["population"] == 7


def test_a_region_adds_establishments_together(littlehey):
    dartmoor = Establishment.objects.get(code="DAI")
    man(establishment=dartmoor)
    released(D(2025, 6, 1), establishment=dartmoor, accommodation_on_release="none")
    values = selectors.metric_values(selectors.scope_unscoped(["LTI", "DAI"]), Period(START, END))
    assert values["population"] == 7
    assert values["released_homeless_share"] == pytest.approx(2 / 5)


def test_monthly_trend(littlehey):
    report = selectors.metric_report(selectors.scope_of(littlehey), Period(START, END))
    assert [m.period.start.month for m in report.months] == list(range(1, 13))
    by_month = {m.period.start.month: m.values for m in report.months}
    assert by_month[7]["releases_count"] == 1  # R1
    assert by_month[7]["released_homeless_share"] == 1.0
    assert by_month[6]["released_homeless_share"] is None  # nobody released in June
    # R1 was in custody at the end of June, not at the end of July.
    assert by_month[6]["population"] == (by_month[7]["population"] or 0) + 1


def test_a_man_transferred_out_leaves_the_population_on_that_day_and_stays_in_history(
    littlehey,
):
    """The prisoner sync marks a man who left for somewhere outside the register
    transferred out: from that day he is not in custody here, before it he was."""
    scope = selectors.scope_of(littlehey)
    june, year = Period(START, D(2025, 6, 30)), Period(START, END)
    in_june = selectors.metric_values(scope, june)["population"]
    man(transferred_out_on=D(2025, 7, 15), offence_category="sexual")
    assert selectors.metric_values(scope, june)["population"] == (in_june or 0) + 1
    values = selectors.metric_values(scope, year)
    assert (values["population"], values["sexual_offence_share"]) == (6, pytest.approx(3 / 6))
    assert values["releases_count"] == 4  # a transfer is not a release
    by_month = {
        m.period.start.month: m.values["population"]
        for m in selectors.metric_report(scope, year).months
    }
    assert by_month[6] == (by_month[7] or 0) + 2  # he and R1 left in July


def test_comparison_lists_establishments_with_records(littlehey):
    man(establishment=Establishment.objects.get(code="DAI"))
    rows = selectors.establishment_comparison(selectors.scope_unscoped(), Period(START, END))
    assert {row.establishment.code: row.values["population"] for row in rows} == {
        "LTI": 6,
        "DAI": 1,
    }


def test_establishment_user_sees_only_their_establishments(make_user, littlehey):
    governor = make_user("governor", ("LTI",))
    assert selectors.scope_for(governor).codes == ["LTI"]
    with pytest.raises(Http404):
        selectors.scope_for(governor, ["DAI"])
    with pytest.raises(Http404):
        selectors.scope_for(governor, ["LTI", "DAI"])


def test_national_manager_sees_all(make_user):
    manager = make_user("national_manager", ())
    scope = selectors.scope_for(manager)
    assert scope.everything
    assert len(scope.codes) == Establishment.objects.count()
    assert selectors.scope_for(manager, ["dai"]).codes == ["DAI"]


# --- metrics tied to recommendations ------------------------------------------------------

INSPECTION = D(2025, 4, 1)  # before window: January to March; after: October to December


def _homeless_releases(months: list[int], homeless: bool) -> None:
    for month in months:
        released(D(2025, month, 10), accommodation_on_release="none" if homeless else "settled")


def test_marked_complete_and_nothing_changed_is_flagged():
    _homeless_releases([1, 2], homeless=True)
    _homeless_releases([10, 11], homeless=True)
    littlehey = Establishment.objects.get(code="LTI")
    test = selectors.marked_complete_no_change(
        "released_homeless_share", littlehey, INSPECTION, END, claimed_complete=True
    )
    assert (test.before_value, test.after_value) == (1.0, 1.0)
    assert test.no_change
    assert test.flagged


def test_marked_complete_and_improved_is_not_flagged():
    _homeless_releases([1, 2], homeless=True)
    _homeless_releases([10, 11], homeless=False)
    littlehey = Establishment.objects.get(code="LTI")
    test = selectors.marked_complete_no_change(
        "released_homeless_share", littlehey, INSPECTION, END, claimed_complete=True
    )
    assert (test.before_value, test.after_value) == (1.0, 0.0)
    assert test.improved
    assert not test.flagged


def test_tests_of_several_metrics_share_one_load_a_window(monkeypatch):
    _homeless_releases([1, 2], homeless=True)
    _homeless_releases([10, 11], homeless=True)
    littlehey = Establishment.objects.get(code="LTI")
    loads = []
    real = selectors.metric_values

    def counted(scope, period):
        loads.append(period)
        return real(scope, period)

    monkeypatch.setattr(selectors, "metric_values", counted)
    cache: selectors.ValuesCache = {}
    homeless = selectors.marked_complete_no_change(
        "released_homeless_share", littlehey, INSPECTION, END, values_cache=cache
    )
    releases = selectors.marked_complete_no_change(
        "releases_count", littlehey, INSPECTION, END, values_cache=cache
    )
    assert len(loads) == 2  # before and after, once for both metrics
    assert homeless == selectors.marked_complete_no_change(
        "released_homeless_share", littlehey, INSPECTION, END
    )
    assert (
        releases.before_value
        == selectors.marked_complete_no_change(
            "releases_count", littlehey, INSPECTION, END
        ).before_value
    )


def test_metric_trend_since_the_inspection():
    _homeless_releases([5, 6], homeless=True)
    littlehey = Establishment.objects.get(code="LTI")
    trend = selectors.metric_trend_since("releases_count", littlehey, INSPECTION, END)
    assert [p.period.start.month for p in trend.points] == list(range(4, 13))
    assert [p.value for p in trend.points][:3] == [0, 1, 1]


def test_unknown_metric_code():
    with pytest.raises(selectors.UnknownMetric):
        selectors.metric_get("no_such_metric")


def test_a_fixed_number_of_queries_for_a_report(littlehey, django_assert_max_num_queries):
    # Three for the men (with their engagement offers and programme needs), one per kind
    # of OMU record (QA reviews with their ratings: two) and one for what the
    # establishments have (places, POMs).
    scope = selectors.scope_of(littlehey)
    with django_assert_max_num_queries(8):
        selectors.metric_report(scope, Period(START, END))
