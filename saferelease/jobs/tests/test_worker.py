"""A real Celery worker takes tasks from the local Redis (redis://127.0.0.1:6379/6, or
SAFERELEASE_TEST_REDIS_URL): the production path, not the eager one."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

from celery import Celery

REDIS_URL = os.environ.get("SAFERELEASE_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")
ROOT = Path(__file__).resolve().parents[3]


def test_a_worker_runs_a_task_sent_through_redis() -> None:
    queue = f"test-{uuid.uuid4().hex[:12]}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CELERY_BROKER_URL": REDIS_URL,
        "CELERY_RESULT_BACKEND": REDIS_URL,
    }
    worker = subprocess.Popen(  # noqa: S603
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "-Q",
            queue,
            "--loglevel=WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        sender = Celery("test-sender", broker=REDIS_URL, backend=REDIS_URL)
        result = sender.send_task("saferelease.jobs.ping", args=[queue], queue=queue)
        assert result.get(timeout=120) == f"pong {queue}"
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
