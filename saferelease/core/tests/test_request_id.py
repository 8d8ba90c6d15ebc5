"""Every request has an id: in its log lines and its X-Request-ID response header."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from saferelease.core.logging import JsonFormatter

pytestmark = pytest.mark.django_db


class Lines(logging.Handler):
    """Formats each record as it is written (the id belongs to the request being served)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.setFormatter(JsonFormatter())
        self.lines: list[dict[str, Any]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


def test_a_request_id_is_made_returned_and_logged(client: Any) -> None:
    logger = logging.getLogger("saferelease.request")
    handler, level = Lines(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        response = client.get("/healthz")
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    assert handler.lines[-1]["request_id"] == request_id
    assert handler.lines[-1]["status"] == 200


def test_a_proxys_request_id_is_kept_and_a_bad_one_replaced(client: Any) -> None:
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc12345-lb")["X-Request-ID"] == "abc12345-lb"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="<script>")["X-Request-ID"] != "<script>"
