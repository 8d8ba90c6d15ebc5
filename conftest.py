"""Fixtures shared by every test module."""

from __future__ import annotations

import importlib
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from saferelease.accounts.models import User
from saferelease.accounts.tests.factories import MakeUser, UserFactory


@pytest.fixture
def make_user(db: Any) -> MakeUser:
    def make(
        role: str = "caseworker", establishments: tuple[str, ...] = ("LTI",), **kwargs: Any
    ) -> User:
        user: User = UserFactory(role=role, establishments=establishments, **kwargs)
        return user

    return make


@pytest.fixture
def littlehey_pom(make_user: MakeUser) -> User:
    return make_user("caseworker", ("LTI",), username="pom.lti")


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def media_root(settings: Any, tmp_path: Path) -> Path:
    """A throwaway MEDIA_ROOT for tests that store uploads (evidence, prisoner files)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


class Threads:
    """Calls run at the same moment in threads, each with a database connection of its own,
    committed for real. PostgreSQL's test database is used as it is. SQLite's in-memory
    test database (its shared cache locks whole tables) is copied to a file at the first
    run, the kind of database `make demo` serves: from then on query it only through
    ``run`` and ``one``, since the test's own connection still holds the copy's origin."""

    def __init__(self, tmp_path: Path) -> None:
        self._path = tmp_path / "concurrent.sqlite3"
        self._in_memory: str | None = None

    def _share(self) -> None:
        if connection.vendor != "sqlite" or self._in_memory is not None:
            return
        connection.ensure_connection()
        with closing(sqlite3.connect(self._path)) as target:
            connection.connection.backup(target)
        self._in_memory = connection.settings_dict["NAME"]
        connection.settings_dict["NAME"] = str(self._path)

    def restore(self) -> None:
        if self._in_memory is not None:
            connection.settings_dict["NAME"] = self._in_memory

    def run(self, *calls: Callable[[], Any]) -> Sequence[Any]:
        """The calls' results (or the exceptions they raised), in order."""
        self._share()
        results: list[Any] = [None] * len(calls)
        start = threading.Barrier(len(calls))

        def run(index: int, call: Callable[[], Any]) -> None:
            try:
                start.wait()
                results[index] = call()
            except Exception as error:  # handed to the test, which asserts on it
                results[index] = error
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        return results

    def one(self, call: Callable[[], Any]) -> Any:
        [result] = self.run(call)
        if isinstance(result, Exception):
            raise result
        return result


def _load_prison_register_if_missing() -> None:
    """The prison register comes from a data migration; load it again with the
    migration's own loader when a flush has emptied the table."""
    from django.apps import apps

    from saferelease.establishments.models import Establishment

    if not Establishment.objects.exists():
        migration = importlib.import_module(
            "saferelease.establishments.migrations.0002_load_register"
        )
        migration.load(apps, None)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> None:
    """The test database, with the prison register. A transactional test flushes the
    database at its end, so a test database kept from an earlier run (``--reuse-db``)
    may have lost the register its migration loaded."""
    with django_db_blocker.unblock():
        _load_prison_register_if_missing()


@pytest.fixture
def prison_register(transactional_db: Any) -> None:
    """For transactional tests: Django flushes the database after each one, data
    migrations included, so the prison register is loaded again when it is missing."""
    _load_prison_register_if_missing()


@pytest.fixture
def threads(prison_register: None, tmp_path: Path) -> Iterator[Threads]:
    """Run database work in concurrent threads (see ``Threads``)."""
    shared = Threads(tmp_path)
    try:
        yield shared
    finally:
        shared.restore()
