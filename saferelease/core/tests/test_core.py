import json
import logging

import pytest
import yaml
from django.urls import reverse
from openapi_spec_validator import validate

from saferelease.core.dates import format_date, parse_date
from saferelease.core.logging import JsonFormatter


def test_format_date_is_en_gb_long_form():
    import datetime as dt

    assert format_date(dt.date(2016, 1, 31)) == "31 January 2016"
    assert format_date(dt.date(2016, 3, 1)) == "1 March 2016"


@pytest.mark.parametrize("text", ["2016-01-31", "31/01/2016", " 31/1/2016 "])
def test_parse_date_accepts_iso_and_uk(text):
    import datetime as dt

    assert parse_date(text) == dt.date(2016, 1, 31)


@pytest.mark.parametrize("text", ["31/02/2016", "2016-13-01", "tomorrow", "31/01/16"])
def test_parse_date_rejects_bad_dates(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text)


@pytest.mark.django_db
def test_healthz_checks_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db
def test_api_needs_authentication(api_client):
    response = api_client.get("/api/v1/establishments/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.django_db
def test_schema_is_valid_openapi(api_client, littlehey_pom):
    api_client.force_authenticate(littlehey_pom)
    response = api_client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    validate(schema)
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/establishments/{code}/" in schema["paths"]


@pytest.mark.django_db
def test_api_docs_page_served(client, littlehey_pom):
    client.force_login(littlehey_pom)
    assert client.get("/api/docs/").status_code == 200


@pytest.mark.django_db
def test_pages_carry_csp_and_security_headers(client, littlehey_pom):
    client.force_login(littlehey_pom)
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "'nonce-" in csp
    assert response["X-Frame-Options"] == "DENY"
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content


@pytest.mark.django_db
def test_unknown_page_is_govuk_404(client, littlehey_pom):
    client.force_login(littlehey_pom)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"govuk-heading-l" in response.content


@pytest.mark.django_db
def test_demo_banner_follows_demo_flag(client, littlehey_pom):
    from saferelease.core.services import demo_flag_set

    client.force_login(littlehey_pom)
    assert b"Demo: all people are fictional" not in client.get("/").content
    demo_flag_set(loaded=True)
    assert b"Demo: all people are fictional" in client.get("/").content


@pytest.mark.django_db
def test_request_log_has_route_not_raw_path(client, littlehey_pom, caplog):
    client.force_login(littlehey_pom)
    with caplog.at_level(logging.INFO, logger="saferelease.request"):
        client.get(reverse("establishments:detail", args=["LTI"]))
    record = next(r for r in caplog.records if r.name == "saferelease.request")
    line = json.loads(JsonFormatter().format(record))
    assert line["route"] == "establishments/<str:code>/"
    assert line["status"] == 200
    assert "LTI" not in json.dumps(line)
    assert littlehey_pom.username not in json.dumps(line)


@pytest.mark.django_db
def test_api_docs_are_linked_from_the_developer_page_not_the_footer(client, littlehey_pom):
    client.force_login(littlehey_pom)
    home = client.get("/").content.decode()
    assert "/api/docs/" not in home
    developers = client.get("/developers/").content.decode()
    assert 'href="/api/docs/"' in developers
    reference = client.get("/api/docs/").content.decode()
    assert "/api/v1/establishments/{code}/" in reference
    assert "swagger" not in reference.lower()


def test_the_demo_serves_with_debug_off():
    """`make demo` and `saferelease demo` use config.settings.demo: DEBUG off (the
    service's own 404 page, never Django's list of URLs), static files from the build."""
    import importlib

    demo = importlib.import_module("config.settings.demo")
    assert demo.DEBUG is False
    assert demo.WHITENOISE_USE_FINDERS is True
    assert "127.0.0.1" in demo.ALLOWED_HOSTS
    assert "Manifest" not in demo.STORAGES["staticfiles"]["BACKEND"]


@pytest.mark.django_db
def test_staff_see_the_moj_internal_header_and_role_names(client, littlehey_pom):
    client.force_login(littlehey_pom)
    page = client.get("/developers/").content.decode()
    assert 'class="moj-header"' in page
    assert "govuk-header__logotype" not in page
    assert "POM" in page and "Caseworker" not in page
