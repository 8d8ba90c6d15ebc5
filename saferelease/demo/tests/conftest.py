"""A demo world generated once per test session (generation takes a few seconds)."""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from typing import Any

import pytest

from saferelease.demo import world as world_module

AS_OF = dt.date(2026, 3, 16)


@cache
def _world(as_of: dt.date) -> tuple[dict[str, Any], ...]:
    return tuple(world_module.demo_world(as_of))


def cached_world(as_of: dt.date) -> list[dict[str, Any]]:
    return copy.deepcopy(list(_world(as_of)))


@pytest.fixture(scope="session")
def world() -> tuple[dict[str, Any], ...]:
    return _world(AS_OF)
