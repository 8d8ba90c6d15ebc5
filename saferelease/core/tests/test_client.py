"""The client's address behind a configured number of trusted proxies."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from saferelease.audit.context import current_origin
from saferelease.audit.middleware import AuditContextMiddleware
from saferelease.core.client import client_address_from

CLIENT, PROXY, INNER = "203.0.113.9", "10.0.0.2", "10.0.0.3"


@pytest.mark.parametrize(
    ("proxies", "forwarded", "remote", "expected"),
    [
        (0, "", PROXY, PROXY),  # no proxies: the connection's address
        (0, CLIENT, PROXY, PROXY),  # the header is ignored unless proxies are trusted
        (1, CLIENT, PROXY, CLIENT),  # one TLS proxy: the address it saw
        (1, f"192.0.2.1, {CLIENT}", PROXY, CLIENT),  # a forged leftmost entry is ignored
        (2, f"{CLIENT}, {PROXY}", INNER, CLIENT),  # two proxies
        (2, f"192.0.2.1, {CLIENT}, {PROXY}", INNER, CLIENT),
        (2, CLIENT, PROXY, CLIENT),  # fewer entries than proxies: the leftmost
        (1, "", PROXY, PROXY),  # reached directly (a health check from the host)
        (1, " 2001:db8::1 ", PROXY, "2001:db8::1"),
        (1, "not-an-address", PROXY, None),
        (0, "", "", None),
    ],
)
def test_client_address(proxies, forwarded, remote, expected):
    meta = {"REMOTE_ADDR": remote, "HTTP_X_FORWARDED_FOR": forwarded}
    assert client_address_from(meta, proxies) == expected


def test_the_audit_trail_records_the_client_address(settings):
    settings.SAFERELEASE_TRUSTED_PROXIES = 1
    seen = []

    def view(request):
        seen.append(current_origin())
        return HttpResponse()

    request = RequestFactory().get(
        "/prisoners/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.1, {CLIENT}"
    )
    AuditContextMiddleware(view)(request)
    assert seen[0].ip_address == CLIENT
