"""The server warm-up: every module imported, every template compiled, nothing left open."""

from __future__ import annotations

import gc
import runpy
import sys
from pathlib import Path

import pytest
from django.template import engines

from saferelease.core import warmup


def test_template_names_cover_the_site_and_app_templates() -> None:
    names = warmup.template_names()
    assert "base.html" in names or any(n.endswith("base.html") for n in names)
    assert any(n.startswith("release_planning/") for n in names)
    assert any(n.startswith("actionplans/") for n in names)
    assert names == sorted(set(names))


def test_import_modules_skips_tests_migrations_commands_and_locust() -> None:
    sys.modules.pop("saferelease.benchmarks.locustfile", None)
    count = warmup.import_modules()
    assert count > 50
    assert "saferelease.release_planning.home_panels" in sys.modules
    assert "saferelease.benchmarks.locustfile" not in sys.modules


def test_warm_compiles_templates_and_closes_connections(monkeypatch: pytest.MonkeyPatch) -> None:
    closed: list[bool] = []
    monkeypatch.setattr(warmup.connections, "close_all", lambda: closed.append(True))
    try:
        compiled = warmup.warm()
        assert compiled >= len([n for n in warmup.template_names() if n.endswith(".html")]) // 2
        assert closed == [True]
        assert gc.get_freeze_count() > 0
        # The cached loader now holds the compiled caseload template.
        loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
        assert any("caseload" in str(key) for key in loader.get_template_cache)
    finally:
        gc.unfreeze()


def test_gunicorn_preloads_and_warms_before_forking(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = runpy.run_path(str(Path(__file__).resolve().parents[3] / "config/gunicorn.conf.py"))
    assert settings["preload_app"] is True
    warmed: list[bool] = []

    def fake_warm() -> int:
        warmed.append(True)
        return 0

    monkeypatch.setattr(warmup, "warm", fake_warm)
    settings["when_ready"](object())
    assert warmed == [True]
