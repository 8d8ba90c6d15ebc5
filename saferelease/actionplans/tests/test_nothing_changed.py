"""NC1: a recommendation claimed complete whose linked metric has not moved is tagged
"Complete – nothing changed" in plan lists, counted beside Complete, and exported."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from saferelease.actionplans import exports, selectors, selectors_home
from saferelease.actionplans.models import RecommendationMetric
from saferelease.actionplans.tests.factories import (
    ActionPlanFactory,
    InspectionFactory,
    ProgressUpdateFactory,
    RecommendationFactory,
)
from saferelease.metrics import selectors as metric_selectors
from saferelease.metrics.catalogue import METRICS_BY_CODE
from saferelease.metrics.change import ChangeTest
from saferelease.metrics.periods import Period

pytestmark = pytest.mark.django_db

AS_OF = dt.date(2026, 12, 4)


def _test(code: str, before: float, after: float, inspection: dt.date) -> ChangeTest:
    return ChangeTest(
        metric=METRICS_BY_CODE[code],
        inspection_date=inspection,
        as_of=AS_OF,
        before=Period(dt.date(2025, 6, 8), dt.date(2025, 9, 7)),
        after=Period(dt.date(2026, 9, 1), dt.date(2026, 11, 30)),
        before_value=before,
        after_value=after,
        claimed_complete=True,
    )


@pytest.fixture
def metric_values(monkeypatch):
    """OASys currency did not move (0.6 to 0.6); MAPPA levels on time improved."""
    values = {"oasys_current_share": (0.6, 0.6), "mappa_set_on_time_share": (0.5, 0.9)}
    calls: list[str] = []

    def fake(
        code, establishment, inspection_date, as_of, *, claimed_complete=True, values_cache=None
    ):
        calls.append(code)
        return _test(code, *values[code], inspection_date)

    monkeypatch.setattr(metric_selectors, "marked_complete_no_change", fake)
    return calls


@pytest.fixture
def plan():
    plan = ActionPlanFactory.create(
        inspection=InspectionFactory.create(start_date=dt.date(2025, 9, 8))
    )
    unchanged, improved, open_, unlinked = (
        RecommendationFactory.create(action_plan=plan, ref=ref) for ref in ("1", "2", "3", "4")
    )
    for rec, code in (
        (unchanged, "oasys_current_share"),
        (improved, "mappa_set_on_time_share"),
        (open_, "oasys_current_share"),
    ):
        RecommendationMetric.objects.create(recommendation=rec, metric_code=code)
    for rec in (unchanged, improved, unlinked):
        ProgressUpdateFactory.create(
            recommendation=rec, status="complete", date=dt.date(2026, 2, 1)
        )
    ProgressUpdateFactory.create(recommendation=open_, status="in_progress")
    return plan


def _rows(user, plan):
    return selectors.tracking_rows(
        selectors.recommendation_list(user, action_plan=plan), as_of=AS_OF
    )


def test_NC1_complete_with_an_unmoved_metric_is_tagged(make_user, plan, metric_values):
    rows = {row.recommendation.ref: row for row in _rows(make_user("governor", ("LTI",)), plan)}
    assert rows["1"].complete_nothing_changed
    assert rows["1"].nothing_changed.metric.code == "oasys_current_share"
    assert rows["1"].shown_status_label == "Complete – nothing changed"
    assert not rows["2"].complete_nothing_changed  # the metric improved
    assert not rows["3"].complete_nothing_changed  # not claimed complete
    assert not rows["4"].complete_nothing_changed  # no metric linked
    assert rows["4"].shown_status_label == "Complete"


def test_NC1_each_metric_is_tested_once_per_read(make_user, plan, metric_values):
    second = RecommendationFactory.create(action_plan=plan, ref="5")
    RecommendationMetric.objects.create(recommendation=second, metric_code="oasys_current_share")
    ProgressUpdateFactory.create(recommendation=second, status="complete")
    _rows(make_user("governor", ("LTI",)), plan)
    assert sorted(metric_values) == ["mappa_set_on_time_share", "oasys_current_share"]


def test_counts_and_summary_give_nothing_changed_beside_complete(make_user, plan, metric_values):
    rows = _rows(make_user("governor", ("LTI",)), plan)
    counts = selectors.tracking_counts(rows)
    assert counts.by_status["complete"] == 3
    assert counts.nothing_changed == 1
    (status_line,) = [
        line for line in selectors.tracking_summary(rows)["status"] if line.label == "Complete"
    ]
    assert (status_line.complete, status_line.nothing_changed) == (3, 1)


def test_status_filter_picks_out_nothing_changed(make_user, plan, metric_values):
    rows = _rows(make_user("governor", ("LTI",)), plan)
    kept = selectors.tracking_filter(
        rows, selectors.TrackingFilters(status=selectors.NOTHING_CHANGED)
    )
    assert [row.recommendation.ref for row in kept] == ["1"]


def test_home_page_delivery_uses_the_same_computation(make_user, plan, metric_values):
    governor = make_user("governor", ("LTI",))
    delivery = selectors_home.delivery(governor, plan.inspection.establishment, as_of=AS_OF)
    assert [(n.recommendation.ref, n.tag) for n in delivery.no_change] == [
        ("1", "Complete – nothing changed")
    ]


def test_plan_page_and_dashboard_show_the_tag_and_count(client, make_user, plan, metric_values):
    client.force_login(make_user("governor", ("LTI",)))
    page = client.get(reverse("actionplans:plan", args=[plan.pk]))
    text = page.content.decode()
    assert text.count('<strong class="govuk-tag govuk-tag--pink">Complete – nothing changed') == 1
    assert page.context["counts"].nothing_changed == 1
    filtered = client.get(
        reverse("actionplans:plan", args=[plan.pk]), {"status": "complete_nothing_changed"}
    )
    assert [row.recommendation.ref for row in filtered.context["rows"]] == ["1"]
    dashboard = client.get(reverse("actionplans:dashboard"))
    assert dashboard.context["total"].nothing_changed == 1
    report = client.get(reverse("actionplans:plan-report", args=[plan.pk])).content.decode()
    assert "Complete – nothing changed" in report
    plans = client.get(reverse("actionplans:plans"))
    assert dict(plans.context["plans"])[plan].nothing_changed == 1
    assert (
        '<strong class="govuk-tag govuk-tag--pink">1 complete – nothing changed</strong>'
        in plans.content.decode()
    )


def test_exports_carry_the_state(make_user, plan, metric_values):
    rows = _rows(make_user("governor", ("LTI",)), plan)
    table = list(csv.DictReader(io.StringIO(exports.to_csv(rows).decode("utf-8-sig"))))
    by_ref = {line["Ref"]: line for line in table}
    assert by_ref["1"]["Complete – nothing changed"].startswith("yes: ")
    assert by_ref["2"]["Complete – nothing changed"] == "no"
    workbook = load_workbook(io.BytesIO(exports.to_xlsx(plan, rows, AS_OF)))
    header = [cell.value for cell in workbook["Recommendations"][1]]
    assert "Complete – nothing changed" in header
    summary = [[cell.value for cell in row] for row in workbook["Summary"].iter_rows()]
    assert ["Complete", 3, 3, 1, 0, 0] in summary


def test_api_gives_the_flag_and_the_count(client, make_user, plan, metric_values):
    client.force_login(make_user("governor", ("LTI",)))
    data = client.get("/api/v1/recommendations/", {"action_plan": plan.pk}).json()["results"]
    by_ref = {item["ref"]: item for item in data}
    assert by_ref["1"]["complete_nothing_changed"] is True
    assert by_ref["1"]["nothing_changed_metric"] == "oasys_current_share"
    assert by_ref["2"]["complete_nothing_changed"] is False
    assert by_ref["2"]["nothing_changed_metric"] is None
    detail = client.get(f"/api/v1/action-plans/{plan.pk}/").json()
    assert detail["counts"]["complete_nothing_changed"] == 1
