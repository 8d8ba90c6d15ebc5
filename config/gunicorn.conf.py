"""gunicorn for `make serve`: workers from the CPU count (2 x CPUs + 1, or WEB_CONCURRENCY),
bound to 127.0.0.1:$PORT; request logs are the application's JSON lines.

The application is loaded once in the master (``preload_app``) and warmed there before the
workers are forked (`saferelease.core.warmup`): each worker starts with every module
imported and every template compiled, so no user waits for a worker's first requests."""

import multiprocessing
import os
from typing import Any

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = None
errorlog = "-"
loglevel = "warning"
preload_app = True


def when_ready(server: Any) -> None:
    """In the master, after the application is loaded and before any worker is forked."""
    from saferelease.core.warmup import warm

    warm()
