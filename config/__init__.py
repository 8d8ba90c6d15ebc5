"""The Safe Release project. The Celery application is loaded with Django (docs/adr)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
