"""API: the metrics object and trends, scoped (404 outside scope), in the schema."""

from __future__ import annotations

import pytest

from saferelease.establishments.models import Establishment
from saferelease.metrics.catalogue import CONTRACT_CODES
from saferelease.metrics.tests.factories import littlehey_population, man

pytestmark = pytest.mark.django_db
QUERY = "from=2025-01-01&to=2025-12-31"


def dartmoor_man():
    return man(establishment=Establishment.objects.get(code="DAI"))


@pytest.fixture
def governor(api_client, make_user):
    littlehey_population()
    api_client.force_authenticate(make_user("governor", ("LTI",)))
    return api_client


def test_metrics_object(governor):
    response = governor.get(f"/api/v1/metrics/?establishment=LTI&{QUERY}")
    assert response.status_code == 200
    data = response.json()
    assert set(CONTRACT_CODES) <= set(data)
    assert data["population"] == 6
    assert data["mappa_set_on_time_share"] == pytest.approx(1 / 3)


def test_out_of_scope_is_404(governor):
    dartmoor_man()
    assert governor.get(f"/api/v1/metrics/?establishment=DAI&{QUERY}").status_code == 404
    assert governor.get("/api/v1/metrics/trends/?establishment=DAI").status_code == 404


def test_default_scope_is_what_the_user_sees(governor):
    dartmoor_man()
    assert governor.get(f"/api/v1/metrics/?{QUERY}").json()["population"] == 6


def test_trends(governor):
    response = governor.get(f"/api/v1/metrics/trends/?establishment=LTI&{QUERY}")
    assert response.status_code == 200
    data = response.json()
    assert data["establishments"] == ["LTI"]
    assert [m["month"] for m in data["months"]][:2] == ["2025-01", "2025-02"]
    assert data["months"][6]["metrics"]["releases_count"] == 1


def test_trends_last_n_months(governor):
    response = governor.get("/api/v1/metrics/trends/?establishment=LTI&to=2025-12-31&months=3")
    assert [m["month"] for m in response.json()["months"]] == ["2025-10", "2025-11", "2025-12"]


@pytest.mark.parametrize(
    "query", ["from=2025-13-01", "from=2025-06-01&to=2025-01-01", "months=0", "from=2000-01-01"]
)
def test_bad_input_is_400(governor, query):
    response = governor.get(f"/api/v1/metrics/?{query}")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]


def test_needs_authentication(api_client):
    assert api_client.get("/api/v1/metrics/").status_code in {401, 403}


def test_in_the_schema(api_client, littlehey_pom):
    api_client.force_authenticate(littlehey_pom)
    schema = api_client.get("/api/schema/?format=json").json()
    assert "/api/v1/metrics/" in schema["paths"]
    assert "/api/v1/metrics/trends/" in schema["paths"]


def test_deadline_summary_by_establishment_and_rule(governor, make_user):
    from saferelease.deadlines import RULES
    from saferelease.release_planning.services_results import deadline_results_rebuild
    from saferelease.release_planning.tests.factories import make_prisoner

    make_prisoner(prison_number="H1111AA", mappa_category=1, crd="2026-03-20")
    make_prisoner(prison_number="H2222AA", establishment=Establishment.objects.get(code="DAI"))
    deadline_results_rebuild(as_of=__import__("datetime").date(2026, 3, 1))
    response = governor.get("/api/v1/metrics/deadlines/?as_of=2026-03-01")
    assert response.status_code == 200
    data = response.json()
    assert data["as_of"] == "2026-03-01"
    # The governor sees Littlehey only; the men in custody there on 1 March 2026.
    assert [row["establishment"] for row in data["establishments"]] == ["LTI"]
    littlehey = data["establishments"][0]
    assert [rule["rule"] for rule in littlehey["rules"]] == [rule.code for rule in RULES]
    mappa = next(rule for rule in littlehey["rules"] if rule["rule"] == "mappa-level-set")
    assert mappa["overdue"] + mappa["met"] + mappa["met_late"] >= 1
    assert data["totals"] == littlehey["rules"]
    counted = {k: v for k, v in mappa.items() if k not in {"rule", "on_time_share"}}
    assert sum(counted.values()) == littlehey["prisoners"] == data["prisoners"]
    assert governor.get("/api/v1/metrics/deadlines/?establishment=DAI").status_code == 404
    assert governor.get("/api/v1/metrics/deadlines/?as_of=soon").status_code == 400
    national = make_user("national_manager", ())
    governor.force_authenticate(national)
    both = governor.get("/api/v1/metrics/deadlines/?as_of=2026-03-01").json()
    assert [row["establishment"] for row in both["establishments"]] == ["DAI", "LTI"]
