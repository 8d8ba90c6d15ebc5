"""gunicorn for `make serve`: workers from the CPU count (2 x CPUs + 1, or WEB_CONCURRENCY),
bound to 127.0.0.1:$PORT; request logs are the application's JSON lines."""

import multiprocessing
import os

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 60
graceful_timeout = 30
keepalive = 5
accesslog = None
errorlog = "-"
loglevel = "warning"
