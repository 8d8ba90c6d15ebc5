"""Actors: a signed-in person or a named system actor; the audit trail names either."""

from __future__ import annotations

import dataclasses

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from saferelease.accounts.actors import (
    COMMAND_LINE,
    PRISONER_SYNC,
    SYSTEM_ACTORS,
    NotSignedIn,
    SystemActor,
    is_system,
    request_actor,
)
from saferelease.audit.models import AuditAction, AuditEntry
from saferelease.audit.services import audit_record


def test_a_system_actor_is_frozen_and_named():
    actor = SystemActor("prisoner-sync")
    assert actor == PRISONER_SYNC
    assert str(actor) == "system (prisoner-sync)"
    with pytest.raises(dataclasses.FrozenInstanceError):
        actor.name = "other"  # type: ignore[misc]


@pytest.mark.parametrize("name", ["", " padded "])
def test_a_system_actor_needs_a_name(name):
    with pytest.raises(ValueError, match="needs a name"):
        SystemActor(name)


def test_the_named_system_actors_are_distinct_and_never_signed_in():
    assert len({actor.name for actor in SYSTEM_ACTORS}) == len(SYSTEM_ACTORS)
    assert all(is_system(actor) and not actor.is_authenticated for actor in SYSTEM_ACTORS)


@pytest.mark.django_db
def test_request_actor_is_the_signed_in_user(littlehey_pom):
    request = RequestFactory().get("/")
    request.user = littlehey_pom
    assert request_actor(request) == littlehey_pom
    assert not is_system(littlehey_pom)


def test_request_actor_refuses_an_anonymous_request():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with pytest.raises(NotSignedIn):
        request_actor(request)
    del request.user
    with pytest.raises(NotSignedIn):
        request_actor(request)


@pytest.mark.django_db
def test_the_audit_trail_names_a_system_actor():
    entry = audit_record(actor=COMMAND_LINE, action=AuditAction.CREATE, object_type="x.y")
    entry.refresh_from_db()
    assert (entry.actor_id, entry.actor_username, entry.system_actor) == (
        None,
        "system",
        "command-line",
    )
    assert "system (command-line)" in str(entry)


@pytest.mark.django_db
def test_the_audit_trail_names_a_person_and_no_system_actor(littlehey_pom):
    entry = audit_record(actor=littlehey_pom, action=AuditAction.CREATE, object_type="x.y")
    assert (entry.actor_id, entry.actor_username, entry.system_actor) == (
        littlehey_pom.pk,
        littlehey_pom.username,
        "",
    )
    assert AuditEntry.objects.filter(system_actor="").count() == 1
