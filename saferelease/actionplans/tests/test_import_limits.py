"""An action plan's limits: the same in the web form, the API and the command line."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from saferelease.actionplans.models import ActionPlan
from saferelease.actionplans.tests.documents import SEED
from saferelease.actionplans.tests.factories import InspectionFactory
from saferelease.core.tests import hostile

pytestmark = pytest.mark.django_db

BOMB_MESSAGE = (
    "it holds more than 500,000 XML tags (paragraphs, rows, cells, formatting), the limit "
    "for an action plan"
)


@pytest.fixture
def governor(make_user):
    return make_user("governor", ("LTI",))


@pytest.fixture
def small_limit(settings):
    settings.SAFERELEASE_UPLOAD_LIMITS = {"action_plan": {"max_bytes": 1000}}


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return hostile.docx_of_empty_paragraphs(3_500_000)


def test_the_web_form_refuses_a_file_over_the_size_limit(client, governor, small_limit):
    client.force_login(governor)
    response = client.post(
        reverse("actionplans:import"), {"file": SimpleUploadedFile("plan.txt", SEED)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "The file must be smaller than 1,000 bytes (the limit for an action plan)" in html
    assert "smaller than 1,000 bytes" in html.split("govuk-hint")[1]  # the hint says so too
    assert ActionPlan.objects.count() == 0


def test_the_web_form_names_the_limit_a_bomb_is_over(client, governor, bomb):
    client.force_login(governor)
    response = client.post(
        reverse("actionplans:import"), {"file": SimpleUploadedFile("plan.docx", bomb)}
    )
    assert response.status_code == 200
    assert BOMB_MESSAGE in response.content.decode()
    assert ActionPlan.objects.count() == 0


def test_the_api_answers_413_over_the_size_limit(api_client, governor, small_limit):
    api_client.force_authenticate(governor)
    response = api_client.post(
        "/api/v1/action-plans/import/",
        {"file": SimpleUploadedFile("plan.txt", SEED)},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["error"] == {
        "status": 413,
        "code": "too_large",
        "message": "The file must be smaller than 1,000 bytes (the limit for an action plan)",
    }


def test_the_api_answers_400_naming_the_limit_a_bomb_is_over(api_client, governor, bomb):
    api_client.force_authenticate(governor)
    response = api_client.post(
        "/api/v1/action-plans/import/",
        {"file": SimpleUploadedFile("plan.docx", bomb)},
        format="multipart",
    )
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert error["fields"]["file"] == [
        f"plan.docx: the file is too large or too complex to read: {BOMB_MESSAGE}"
    ]


def test_the_command_refuses_a_file_over_the_size_limit(tmp_path, small_limit):
    path = tmp_path / "plan.txt"
    path.write_bytes(SEED)
    for action in ("parse", "import"):
        with pytest.raises(CommandError) as refused:
            call_command("actionplan", action, str(path), stdout=StringIO())
        assert str(refused.value) == (
            f"{path}: The file must be smaller than 1,000 bytes (the limit for an action plan)"
        )
    assert ActionPlan.objects.count() == 0


def test_the_command_names_the_limit_a_bomb_is_over(tmp_path, bomb):
    path = tmp_path / "plan.docx"
    path.write_bytes(bomb)
    with pytest.raises(CommandError, match=BOMB_MESSAGE.replace("(", r"\(").replace(")", r"\)")):
        call_command("actionplan", "parse", str(path), stdout=StringIO())
    with pytest.raises(CommandError, match="the limit for an action plan"):
        call_command("actionplan", "import", str(path), stdout=StringIO())
    assert ActionPlan.objects.count() == 0


@pytest.mark.parametrize(
    "url", ["/api/v1/inspection-reports/import/", "/api/v1/reviews-of-progress/import/"]
)
def test_the_report_and_review_apis_answer_413_over_the_size_limit(
    api_client, make_user, url, settings
):
    settings.SAFERELEASE_UPLOAD_LIMITS = {"inspection_report": {"max_bytes": 1000}}
    api_client.force_authenticate(make_user("inspector", ()))
    inspection = InspectionFactory.create()
    response = api_client.post(
        url,
        {"file": SimpleUploadedFile("report.txt", SEED), "inspection": inspection.pk},
        format="multipart",
    )
    assert response.status_code == 413
    assert response.json()["error"]["message"] == (
        "The file must be smaller than 1,000 bytes (the limit for an inspection report)"
    )
