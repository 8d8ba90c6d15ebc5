"""Writes to the managed list of owner functions and their aliases (OF1): national managers
and administrators only; each audited, the function versioned (an alias added or removed
raises its function's version, so an edit begun from an older list is refused)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans import rules
from saferelease.actionplans.models import OwnerAlias, OwnerFunction
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_model_change, snapshot
from saferelease.core.concurrency import bump_version, lock_for_edit


def _audit(actor: Actor, instance: Any, action: AuditAction, before: Any = None) -> None:
    audit_model_change(actor=actor, instance=instance, action=action, before=before)


def _check_key_free(key: str, *, function: OwnerFunction | None, what: str) -> None:
    """A name or alias may match one function only."""
    others = OwnerFunction.objects.all()
    if function is not None:
        others = others.exclude(pk=function.pk)
    for other in others:
        if rules.owner_key(other.name) == key:
            raise ValidationError({what: f"{other.name} is already a function in the list"})
    taken = OwnerAlias.objects.filter(key=key).select_related("function").first()
    if taken is not None and (function is None or taken.function_id != function.pk):
        raise ValidationError({what: f"{taken.alias} is already an alias of {taken.function.name}"})


def _raise_version(function: OwnerFunction) -> None:
    function.version += 1
    function.save(update_fields=["version"])


@transaction.atomic
def owner_function_create(*, actor: Actor, name: str, aliases: Sequence[str] = ()) -> OwnerFunction:
    """A new function with its aliases (blank lines ignored)."""
    require(actor, Capability.MANAGE_OWNER_FUNCTIONS)
    function = OwnerFunction(name=name)
    function.full_clean(validate_unique=False)
    _check_key_free(rules.owner_key(function.name), function=None, what="name")
    function.full_clean()
    function.save()
    _audit(actor, function, AuditAction.CREATE)
    for alias in aliases:
        if alias.strip():
            _alias_save(actor, function, alias)
    return function


@transaction.atomic
def owner_function_rename(
    *, actor: Actor, function: OwnerFunction, name: str, expected_version: int | None
) -> OwnerFunction:
    require(actor, Capability.MANAGE_OWNER_FUNCTIONS)
    lock_for_edit(function, expected_version=expected_version)
    before = snapshot(function)
    function.name = name
    function.full_clean(validate_unique=False)
    _check_key_free(rules.owner_key(function.name), function=function, what="name")
    function.full_clean()
    bump_version(function, before)
    function.save()
    _audit(actor, function, AuditAction.UPDATE, before)
    return function


def _alias_save(actor: Actor, function: OwnerFunction, alias: str) -> OwnerAlias:
    record = OwnerAlias(function=function, alias=alias, key=rules.owner_key(alias))
    record.full_clean(validate_unique=False)
    if record.key == rules.owner_key(function.name):
        raise ValidationError({"alias": f"{function.name} already matches {record.alias}"})
    _check_key_free(record.key, function=function, what="alias")
    if OwnerAlias.objects.filter(key=record.key).exists():
        raise ValidationError({"alias": f"{record.alias} is already an alias of {function.name}"})
    record.save()
    _audit(actor, record, AuditAction.CREATE)
    return record


@transaction.atomic
def owner_alias_add(
    *, actor: Actor, function: OwnerFunction, alias: str, expected_version: int | None
) -> OwnerAlias:
    """Another way plans write the function; raises the function's version."""
    require(actor, Capability.MANAGE_OWNER_FUNCTIONS)
    lock_for_edit(function, expected_version=expected_version)
    record = _alias_save(actor, function, alias)
    _raise_version(function)
    return record


@transaction.atomic
def owner_alias_remove(*, actor: Actor, alias: OwnerAlias, expected_version: int | None) -> None:
    """The alias goes: owner lines written that way count under their own words again."""
    require(actor, Capability.MANAGE_OWNER_FUNCTIONS)
    function = lock_for_edit(alias.function, expected_version=expected_version)
    before = snapshot(alias)
    alias_id = alias.pk
    alias.delete()
    alias.pk = alias_id
    audit_model_change(actor=actor, instance=alias, action=AuditAction.DELETE, before=before)
    _raise_version(function)
