"""The demo's OMU work: calibrated to the seeds (places far below need, most men
maintaining innocence offered nothing), loaded once."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.core.management import call_command

from saferelease.actionplans.models import RecommendationMetric
from saferelease.audit.models import AuditEntry
from saferelease.demo import services
from saferelease.demo.tests.conftest import AS_OF, cached_world
from saferelease.establishments.models import Establishment
from saferelease.metrics.periods import default_period
from saferelease.metrics.selectors import metric_values, scope_of
from saferelease.omu import selectors
from saferelease.omu.models import ComReportRequest, QaSample

OMU_METRICS = (
    "qa_completed_on_time_share",
    "qa_meeting_standard_share",
    "supervision_sessions_per_pom_per_quarter",
    "com_reports_on_time_share",
    "innocence_without_offer_count",
    "programme_need_unmet_at_release_share",
    "programme_places_against_need",
)


@pytest.mark.django_db
def test_demo_omu_work(monkeypatch: Any, capsys: Any) -> None:
    monkeypatch.setattr(services, "demo_world", cached_world)
    services.demo_load(as_of=AS_OF)
    lti = Establishment.objects.get(code="LTI")
    boards = selectors.programme_boards(lti, as_of=AS_OF)
    places = sum(b.programme.places_per_year for b in boards)
    waiting = sum(b.need for b in boards)
    unmet = sum(b.unmet for b in boards)
    assert places == 136
    assert waiting > 1.5 * places  # places far below need: more than 18 months of places
    assert unmet > 0
    rows = selectors.maintaining_innocence(lti, as_of=AS_OF)
    without = sum(not r.offered_in_last_year for r in rows)
    assert len(rows) > 300 and without / len(rows) > 0.75
    assert ComReportRequest.objects.filter(prisoner__establishment=lti).count() > 50
    assert QaSample.objects.filter(establishment=lti).count() == 3
    by_pdu = selectors.com_reports_on_time_by_pdu(
        establishment_ids=[lti.pk], start=AS_OF.replace(year=AS_OF.year - 1), end=AS_OF, as_of=AS_OF
    )
    figures = selectors.qa_figures(lti, start=AS_OF.replace(year=AS_OF.year - 1), end=AS_OF)
    with capsys.disabled():
        print(
            f"\nLTI: {places} places, {waiting} waiting, {unmet} released first; "
            f"{without}/{len(rows)} maintaining innocence without an offer in 12 months; "
            f"COM reports on time {by_pdu[-1].on_time}/{by_pdu[-1].due}; QA on time "
            f"{figures.completed_on_time}/{figures.reviews_due}, standard "
            f"{figures.meeting_standard}/{figures.completed}, sessions/POM/quarter "
            f"{figures.sessions_per_pom_per_quarter:.2f}"
        )
    count = AuditEntry.objects.count()
    services.demo_load(as_of=AS_OF)
    assert AuditEntry.objects.count() == count
    out = io.StringIO()
    call_command(
        "metrics",
        "--establishment",
        "LTI",
        "--to",
        AS_OF.isoformat(),
        "--months",
        "12",
        "--format",
        "json",
        stdout=out,
    )
    text = out.getvalue()
    listed = {
        code: re.search(rf'"{code}": ([0-9.]+|null)', text)
        for code in (
            "health_discharge_plan_before_release_share",
            "careers_advice_before_release_share",
            "ete_arranged_share",
            "rule_health_discharge_plan_on_time_share",
            *OMU_METRICS,
        )
    }
    assert all(listed.values()), text[:400]
    with capsys.disabled():
        print({code: match.group(1) for code, match in listed.items() if match})
    # The OMU's metrics are non-trivial at Littlehey over the last 12 months.
    values = metric_values(scope_of(lti), default_period(AS_OF))

    def figure(code: str) -> float:
        value = values[code]
        assert value is not None, code
        return value

    assert values["innocence_without_offer_count"] == without
    assert 0.3 < figure("programme_need_unmet_at_release_share") < 0.95
    assert 0 < figure("programme_places_against_need") < 1  # places far below need
    assert 0 < figure("qa_completed_on_time_share") < 1
    assert figure("supervision_sessions_per_pom_per_quarter") > 0.5
    assert 0 < figure("com_reports_on_time_share") < 1
    # Each is linked to a recommendation of the 2015 plan.
    linked = set(
        RecommendationMetric.objects.filter(
            recommendation__action_plan__inspection__establishment=lti
        ).values_list("recommendation__ref", "metric_code")
    )
    for ref, code in (
        ("5.50", "qa_completed_on_time_share"),
        ("5.50", "qa_meeting_standard_share"),
        ("5.50", "supervision_sessions_per_pom_per_quarter"),
        ("5.51", "com_reports_on_time_share"),
        ("5.57", "innocence_without_offer_count"),
        ("5.57", "programme_need_unmet_at_release_share"),
        ("5.57", "programme_places_against_need"),
    ):
        assert (ref, code) in linked
