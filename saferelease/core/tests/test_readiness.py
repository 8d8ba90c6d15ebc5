"""/readyz: database, Redis when it is the broker, and the last sync's age."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from saferelease.core import clock
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import PrisonerSyncRun

pytestmark = pytest.mark.django_db


def _sync(hours_ago: float) -> None:
    at = clock.now() - dt.timedelta(hours=hours_ago)
    PrisonerSyncRun.objects.create(
        establishment=Establishment.objects.get(code="LTI"),
        started_at=at,
        finished_at=at,
        outcome="succeeded",
    )


def test_ready_without_signing_in(client: Any) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "redis": "not used",
        "last_sync_age_seconds": None,
        "sync": "never",
    }


def test_the_last_sync_age_and_a_stale_sync(client: Any, settings: Any) -> None:
    _sync(30)
    body = client.get("/readyz").json()
    assert body["sync"] == "ok" and 30 * 3600 - 60 < body["last_sync_age_seconds"] < 30 * 3600 + 60
    settings.SAFERELEASE_READY_MAX_SYNC_HOURS = 26
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["sync"] == "stale"


def test_redis_is_checked_when_it_is_the_broker(client: Any, settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/6"
    assert client.get("/readyz").json()["redis"] == "ok"
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens there
    response = client.get("/readyz")
    assert response.status_code == 503 and response.json()["redis"] == "unavailable"
