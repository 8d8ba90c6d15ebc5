import pytest
from django.urls import reverse

from saferelease.establishments.models import Establishment
from saferelease.establishments.services import establishment_update


@pytest.mark.django_db
def test_list_shows_only_assigned_establishments(client, littlehey_pom):
    client.force_login(littlehey_pom)
    response = client.get(reverse("establishments:list"))
    assert response.status_code == 200
    assert b"Littlehey" in response.content
    assert b"Dartmoor" not in response.content


@pytest.mark.django_db
def test_littlehey_user_gets_404_for_dartmoor_page(client, littlehey_pom):
    client.force_login(littlehey_pom)
    assert client.get(reverse("establishments:detail", args=["LTI"])).status_code == 200
    response = client.get(reverse("establishments:detail", args=["DAI"]))
    assert response.status_code == 404
    assert b"Page not found" in response.content


@pytest.mark.django_db
def test_littlehey_user_gets_404_for_dartmoor_in_api(api_client, littlehey_pom):
    api_client.force_authenticate(littlehey_pom)
    assert api_client.get("/api/v1/establishments/LTI/").status_code == 200
    response = api_client.get("/api/v1/establishments/DAI/")
    assert response.status_code == 404
    assert response.json() == {
        "error": {"status": 404, "code": "not_found", "message": "Not found."}
    }


@pytest.mark.django_db
def test_api_list_is_scoped_and_paginated(api_client, make_user):
    user = make_user("caseworker", ("LTI", "DAI"))
    api_client.force_authenticate(user)
    body = api_client.get("/api/v1/establishments/").json()
    assert body["count"] == 2
    assert [e["code"] for e in body["results"]] == ["DAI", "LTI"]
    national = make_user("national_manager", ())
    api_client.force_authenticate(national)
    body = api_client.get("/api/v1/establishments/?page_size=20").json()
    assert body["count"] == 173
    assert len(body["results"]) == 20
    assert body["next"]


@pytest.mark.django_db
def test_edit_form_requires_an_answer_and_saves(client, make_user):
    user = make_user("admin", ())
    client.force_login(user)
    url = reverse("establishments:edit", args=["LTI"])
    response = client.post(url, {})
    assert response.status_code == 200
    assert b"Select yes if this is a designated resettlement prison" in response.content
    response = client.post(url, {"designated_resettlement": "yes", "programme_places": "-3"})
    assert b"The number of places cannot be negative" in response.content
    response = client.post(
        url, {"designated_resettlement": "yes", "programme_places": "136", "version": 1}
    )
    assert response.status_code == 302
    littlehey = Establishment.objects.get(code="LTI")
    assert littlehey.designated_resettlement is True
    assert littlehey.programme_places == 136


@pytest.mark.django_db
def test_governor_cannot_open_edit_form(client, make_user):
    client.force_login(make_user("governor", ("LTI",)))
    assert client.get(reverse("establishments:edit", args=["LTI"])).status_code == 403


@pytest.mark.django_db
def test_edit_form_shows_a_conflict_with_both_values(client, make_user):
    colleague = make_user("admin", (), username="ann", first_name="Ann", last_name="Hall")
    establishment_update(
        actor=colleague,
        establishment=Establishment.objects.get(code="LTI"),
        designated_resettlement=False,
        programme_places=90,
    )
    client.force_login(make_user("national_manager", ()))
    url = reverse("establishments:edit", args=["LTI"])
    response = client.post(
        url, {"designated_resettlement": "yes", "programme_places": "136", "version": 1}
    )
    page = response.content.decode()
    assert "This record was changed by Ann Hall at " in page
    assert '<td class="govuk-table__cell">90</td>' in page
    assert '<td class="govuk-table__cell">136</td>' in page
    assert "Programme places: Not recorded to 90" in page
    assert Establishment.objects.get(code="LTI").programme_places == 90
