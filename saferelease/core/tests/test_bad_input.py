"""No input gives a 500: NUL bytes and over-long values in paths, query strings and bodies
are refused with 400 (the API's error format, or a page) on every URL pattern, and the
error log names the route pattern, never the raw path."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.urls import get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from saferelease.audit.tests.test_reads import _routes, _samples
from saferelease.audit.tests.test_reads import world as world
from saferelease.core.logging import JsonFormatter

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    {"establishment": "LT\x00I"},
    {"as_of": "2026-01-01\x00"},
    {"q": "x" * 9000},
]
DATES = ["0000-01-01", "9999-12-31", "99999-01-01", "2026-02-30"]


def _urls(world: dict[str, Any]) -> list[tuple[str, str]]:
    samples = _samples(world)
    found = []
    for name, params in sorted(set(_routes(get_resolver()))):
        if name.startswith("admin:"):
            continue
        values = {p: samples[p][0] for p in params}
        try:
            found.append((name, reverse(name, kwargs=values)))
        except NoReverseMatch:
            continue
    return found


def test_every_route_refuses_nul_and_over_long_input_with_400(client, world):
    client.force_login(world["admin"])
    failures = []
    for name, url in _urls(world):
        for query in HOSTILE_QUERIES:
            response = client.get(url, query)
            if response.status_code != 400:
                failures.append(f"{name} {list(query)}: {response.status_code}")
            elif url.startswith("/api/"):
                assert response.json()["error"]["status"] == 400
        for path in (url + "x\x00", url + "x" * 2100):
            status = client.get(path).status_code
            if status != 400:
                failures.append(f"{name} path: {status}")
    assert failures == [], "\n".join(failures)


@pytest.mark.parametrize("date", DATES)
def test_out_of_range_dates_are_never_a_server_error(client, world, date):
    client.force_login(world["admin"])
    failures = []
    for name, url in _urls(world):
        for key in ("as_of", "from_date", "to_date"):
            status = client.get(url, {key: date}).status_code
            if status >= 500:
                failures.append(f"{name} ?{key}={date}: {status}")
    assert failures == [], "\n".join(failures)


def test_nul_in_a_form_or_json_body_is_400(client, world):
    client.force_login(world["admin"])
    page = client.post("/caseload/", "q=A%00", content_type="application/x-www-form-urlencoded")
    assert page.status_code == 400
    api = client.patch(
        "/api/v1/prisoners/A7001ZZ/",
        json.dumps({"rosh": "high\u0000"}),
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["error"]["code"] == "invalid_input"


def test_the_error_log_names_the_route_not_the_path(rf):
    request = rf.get("/prisoners/A7001ZZ/")
    request.resolver_match = type("Match", (), {"route": "prisoners/<str:prison_number>/"})()
    record = logging.LogRecord(
        "django.request",
        logging.ERROR,
        __file__,
        1,
        "Internal Server Error: %s",
        (request.path,),
        None,
    )
    record.request = request
    record.status_code = 500
    line = JsonFormatter().format(record)
    assert "A7001ZZ" not in line
    assert "prisoners/<str:prison_number>/" in json.loads(line)["message"]
