"""An action-plan import whose database fails part way saves nothing and says so clearly."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import OperationalError
from django.urls import reverse

from saferelease.accounts.actors import COMMAND_LINE
from saferelease.actionplans import services
from saferelease.actionplans.models import ActionPlan, Inspection, Recommendation
from saferelease.actionplans.tests.documents import SEED, SEED_PATH
from saferelease.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

MESSAGE = "The database could not be reached: nothing was saved. Try again in a few minutes"


def counts() -> tuple[int, int, int, int]:
    return (
        Inspection.objects.count(),
        ActionPlan.objects.count(),
        Recommendation.objects.count(),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def governor(make_user):
    return make_user("governor", ("LTI",))


@pytest.fixture
def connection_killed_after_the_recommendations(monkeypatch):
    """The connection dies once the inspection, plan and its 64 recommendations are
    written, as the repeats are linked."""
    written: list[int] = []

    def killed(**kwargs: object) -> None:
        written.append(Recommendation.objects.count())
        raise OperationalError("terminating connection due to administrator command")

    monkeypatch.setattr(services, "recommendation_links_refresh", killed)
    return written


def test_the_service_rolls_back_everything(connection_killed_after_the_recommendations):
    with pytest.raises(OperationalError):
        services.action_plan_import(actor=COMMAND_LINE, data=SEED, filename="littlehey.txt")
    assert connection_killed_after_the_recommendations == [64]
    assert counts() == (0, 0, 0, 0)


def test_the_api_answers_503_in_the_error_format(
    api_client, governor, connection_killed_after_the_recommendations
):
    api_client.force_authenticate(governor)
    response = api_client.post(
        "/api/v1/action-plans/import/",
        {"file": SimpleUploadedFile("littlehey.txt", SEED)},
        format="multipart",
    )
    assert response.status_code == 503
    assert response.json() == {
        "error": {"status": 503, "code": "database_unavailable", "message": MESSAGE}
    }
    assert counts() == (0, 0, 0, 0)


def test_the_command_exits_1_with_a_clear_message(connection_killed_after_the_recommendations):
    with pytest.raises(CommandError) as refused:
        call_command("actionplan", "import", str(SEED_PATH), stdout=StringIO())
    assert str(refused.value) == f"{SEED_PATH}: {MESSAGE}"
    assert refused.value.returncode == 1
    assert counts() == (0, 0, 0, 0)


def test_the_page_keeps_the_preview_to_save_again(
    client, governor, connection_killed_after_the_recommendations
):
    client.force_login(governor)
    uploaded = client.post(
        reverse("actionplans:import"), {"file": SimpleUploadedFile("littlehey.txt", SEED)}
    )
    preview = uploaded["Location"]
    response = client.post(preview)
    assert response["Location"] == preview
    assert MESSAGE in client.get(preview).content.decode()
    assert counts() == (0, 0, 0, 0)
