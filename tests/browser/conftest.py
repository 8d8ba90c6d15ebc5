"""Headless Debian Chromium through Python Playwright, and axe-core from npm.

Never downloads a browser: it drives /usr/bin/chromium (installed by `make test`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Playwright's sync API runs an event loop in this thread; the test itself still talks to
# the database synchronously through the ORM, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    # bypass_csp only so that axe-core can be injected; pages still send their CSP.
    context = browser.new_context(locale="en-GB", timezone_id="Europe/London", bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA rules) on the page; return serious and
    critical violations."""
    page.add_script_tag(path=str(AXE_JS))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}
        })"""
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture
def check_a11y() -> Callable[[Any, str], None]:
    def check(page: Any, name: str) -> None:
        page.wait_for_load_state("load")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        violations = axe_violations(page)
        assert violations == [], f"axe found serious/critical violations on {name}: {violations}"

    return check


@pytest.fixture
def sign_in(live_server: Any) -> Callable[[Any, str, str], None]:
    def do_sign_in(page: Any, username: str, password: str) -> None:
        page.goto(f"{live_server.url}/accounts/sign-in/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(f"{live_server.url}/")

    return do_sign_in


@pytest.fixture(autouse=True)
def establishment_register(transactional_db: Any) -> None:
    """Browser tests use the live server, so they run in transactional tests, and Django
    flushes the database after each one, data migrations included. Reload the prison
    register (with the data migration's own loader) when it is missing."""
    import importlib

    from django.apps import apps

    from saferelease.establishments.models import Establishment

    if not Establishment.objects.exists():
        migration = importlib.import_module(
            "saferelease.establishments.migrations.0002_load_register"
        )
        migration.load(apps, None)
