"""Fixtures shared by every test module."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rest_framework.test import APIClient

from saferelease.accounts.tests.factories import UserFactory


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    def make(role: str = "caseworker", establishments: tuple[str, ...] = ("LTI",), **kwargs: Any):
        return UserFactory(role=role, establishments=establishments, **kwargs)

    return make


@pytest.fixture
def littlehey_pom(make_user: Callable[..., Any]) -> Any:
    return make_user("caseworker", ("LTI",), username="pom.lti")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """A throwaway MEDIA_ROOT for tests that store uploads (evidence, prisoner files)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
