"""What ``/readyz`` checks: the database, Redis (when it is Celery's broker) and how long
ago a Prisoner Search sync last succeeded. Reveals no data, only states and an age."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection

from saferelease.core import clock


@dataclass
class Readiness:
    database: str
    redis: str
    last_sync_age_seconds: int | None
    sync: str

    @property
    def ready(self) -> bool:
        return self.database == "ok" and self.redis in {"ok", "not used"} and self.sync != "stale"

    def as_json(self) -> dict[str, Any]:
        return {
            "status": "ok" if self.ready else "error",
            "database": self.database,
            "redis": self.redis,
            "last_sync_age_seconds": self.last_sync_age_seconds,
            "sync": self.sync,
        }


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "unavailable"
    return "ok"


def _redis() -> str:
    url = str(settings.CELERY_BROKER_URL)
    if settings.CELERY_TASK_ALWAYS_EAGER or not url.startswith(("redis://", "rediss://")):
        return "not used"
    import redis

    try:
        client = redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1)
        client.ping()
    except Exception:
        return "unavailable"
    return "ok"


def readiness() -> Readiness:
    database = _database()
    age: int | None = None
    sync = "never"
    if database == "ok":
        from saferelease.release_planning.prisoner_sync.selectors import last_successful_sync

        run = last_successful_sync()
        if run is not None:
            age = max(0, int((clock.now() - run.finished_at).total_seconds()))
            sync = "ok"
            limit = settings.SAFERELEASE_READY_MAX_SYNC_HOURS
            if limit and age > limit * 3600:
                sync = "stale"
    return Readiness(database=database, redis=_redis(), last_sync_age_seconds=age, sync=sync)
