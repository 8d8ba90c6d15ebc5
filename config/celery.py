"""The Celery application: long work off the request path (docs/adr/0012-celery.md).

With ``CELERY_BROKER_URL`` set (Redis in production: ``redis://127.0.0.1:6379/0``) tasks
go to the broker and a worker (``make worker``) runs them; Celery beat (``make beat``)
sends the scheduled ones, from the schedule django-celery-beat keeps in the database.
Without it (``make demo``, the tests) tasks run eagerly, in the process that asks.
"""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

app = Celery("saferelease")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
