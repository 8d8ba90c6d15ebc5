import pytest
from django.urls import reverse

from saferelease.accounts.tests.factories import TEST_PASSWORD


@pytest.mark.django_db
def test_anonymous_home_redirects_to_sign_in(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_sign_in_and_out(client, littlehey_pom):
    response = client.post(
        reverse("accounts:login"), {"username": littlehey_pom.username, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 200
    assert b"Sign out" in home.content
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_wrong_password_shows_govuk_error(client, littlehey_pom):
    response = client.post(
        reverse("accounts:login"), {"username": littlehey_pom.username, "password": "nope"}
    )
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"Enter a correct username and password" in response.content


@pytest.mark.django_db
def test_lockout_after_five_failures(client, littlehey_pom):
    for _ in range(5):
        client.post(
            reverse("accounts:login"), {"username": littlehey_pom.username, "password": "wrong"}
        )
    response = client.post(
        reverse("accounts:login"),
        {"username": littlehey_pom.username, "password": TEST_PASSWORD},
    )
    assert response.status_code == 429
    assert b"Sign-in is locked" in response.content
    assert client.get("/").status_code == 302


@pytest.mark.django_db
def test_session_expires_after_an_hour_idle(settings):
    assert settings.SESSION_COOKIE_AGE == 3600
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
