"""Structured (JSON lines) logging with no personal data.

Request logs carry the route pattern (e.g. `prisoners/<str:prison_number>/`), never the
raw path, so prison numbers and names never reach the logs.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

#: The request being served (every log line written while it is carries its id).
REQUEST_ID: ContextVar[str] = ContextVar("request_id", default="")
_GIVEN_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


def request_id_for(given: str) -> str:
    """The id of a request: the proxy's ``X-Request-ID`` when it looks like one, else new."""
    return given if _GIVEN_ID.match(given) else uuid.uuid4().hex


_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, Any] = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = REQUEST_ID.get()
        if request_id:
            payload["request_id"] = request_id
        request = getattr(record, "request", None)
        if request is not None:
            # Django's request loggers name the raw path ("Not Found: /prisoners/A1234BC/"):
            # keep the route pattern instead.
            match = getattr(request, "resolver_match", None)
            route = match.route if match else None
            path = getattr(request, "path", "")
            if path:
                payload["message"] = payload["message"].replace(path, route or "(no route)")
            payload["route"] = route
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_") and key != "request":
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)
