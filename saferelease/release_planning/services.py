"""Writes to prisoner records: atomic, validated, audited; key-date changes kept."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, has, require
from saferelease.accounts.models import User
from saferelease.audit.context import current_origin
from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_model_change, audit_read, snapshot
from saferelease.core import clock
from saferelease.core.concurrency import StaleVersion, bump_version, lock_for_edit, save_edit
from saferelease.core.dates import format_date
from saferelease.deadlines import (
    RULES_BY_CODE,
    Offset,
    Rule,
    may_change_offset,
    may_switch_off,
)
from saferelease.deadlines.catalogue import EDITABLE
from saferelease.establishments.models import Establishment
from saferelease.release_planning.models import (
    KEY_DATE_FIELDS,
    KeyDateChange,
    Prisoner,
    RuleSetting,
)
from saferelease.release_planning.services_results import (
    deadline_results_refresh,
    deadline_results_refresh_establishment,
)

if TYPE_CHECKING:
    from saferelease.release_planning.selectors import CaseRow

#: Fields staff may change through forms and the API (identity and establishment are
#: changed by import only): the editable facts of the catalogue.
EDITABLE_FIELDS = EDITABLE


def prisoner_record_viewed(
    *, actor: Actor, prisoner: Prisoner | CaseRow, what: str = "record"
) -> None:
    """Audit a view of an individual prisoner's record (a page, a form that shows it, an
    API answer): one entry."""
    audit_read(
        actor=actor,
        object_type="release_planning.prisoner",
        object_id=prisoner.pk,
        object_repr=prisoner.prison_number,
        establishment_code=prisoner.establishment.code,
        prison_numbers=[prisoner.prison_number],
        summary=f"Viewed {what}",
    )


def prisoners_listed(
    *,
    actor: Actor,
    what: str,
    prison_numbers: Iterable[str],
    query: Mapping[str, Any] | None = None,
    total: int | None = None,
    establishment_code: str = "",
    export: bool = False,
) -> None:
    """Audit a read of many prisoners (a list, a search, a board, an export): one entry
    naming the query, how many were shown and their prison numbers."""
    audit_read(
        actor=actor,
        object_type="release_planning.prisoner",
        establishment_code=establishment_code,
        query=query,
        prison_numbers=prison_numbers,
        total=total,
        summary=f"{'Exported' if export else 'Listed'} {what}",
        export=export,
    )


@transaction.atomic
def prisoner_update(
    *,
    actor: Actor,
    prisoner: Prisoner,
    changes: dict[str, Any],
    expected_version: int | None = None,
    summary: str = "",
) -> Prisoner:
    """Change editable fields; validate the whole record; keep key-date history; audit.

    Only the fields in ``changes`` are written, to the record as it is now (read again
    under a lock); ``expected_version`` is the version the editor started from (a changed
    record raises ``StaleVersion`` and nothing is saved). Returns the saved record.
    """
    require(actor, Capability.UPDATE_CASES)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({name: "This field cannot be changed here" for name in unknown})
    prisoner = lock_for_edit(prisoner, expected_version=expected_version)
    before = snapshot(prisoner)
    for name, value in changes.items():
        setattr(prisoner, name, value)
    prisoner.full_clean()
    bump_version(prisoner, before)
    prisoner.save()
    now = clock.now()
    KeyDateChange.objects.bulk_create(
        KeyDateChange(
            prisoner=prisoner,
            field=name,
            old_value=dt.date.fromisoformat(before[name]) if before[name] else None,
            new_value=getattr(prisoner, name),
            changed_at=now,
            changed_by=actor if isinstance(actor, User) else None,
            source=current_origin().channel,
        )
        for name in KEY_DATE_FIELDS
        if name in changes and (before[name] or None) != _iso(getattr(prisoner, name))
    )
    audit_model_change(
        actor=actor,
        instance=prisoner,
        action=AuditAction.UPDATE,
        before=before,
        establishment_code=prisoner.establishment.code,
        summary=summary,
    )
    deadline_results_refresh(prisoner_ids=[prisoner.pk])
    return prisoner


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def deadline_complete(
    *,
    actor: Actor,
    prisoner: Prisoner,
    rule_code: str,
    completed_on: dt.date,
    today: dt.date,
    expected_version: int | None = None,
) -> Prisoner:
    """Record the date a deadline's action was completed (not in the future)."""
    rule = _rule(rule_code)
    if completed_on > today:
        raise ValidationError({"completed_on": "The date cannot be in the future"})
    return prisoner_update(
        actor=actor,
        prisoner=prisoner,
        changes={rule.completed_by: completed_on},
        expected_version=expected_version,
        summary=f"{rule.title}: completed {format_date(completed_on)}",
    )


def deadline_exempt(
    *,
    actor: Actor,
    prisoner: Prisoner,
    rule_code: str,
    reason: str,
    expected_version: int | None = None,
) -> Prisoner:
    """Record an exemption with its reason, for rules that allow one."""
    rule = _rule(rule_code)
    if not rule.exemption_field:
        raise ValidationError({"reason": f"{rule.title} cannot be exempted"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for the exemption"})
    return prisoner_update(
        actor=actor,
        prisoner=prisoner,
        changes={rule.exemption_field: reason.strip()},
        expected_version=expected_version,
        summary=f"{rule.title}: exempted",
    )


def _rule(code: str) -> Rule:
    try:
        return RULES_BY_CODE[code]
    except KeyError:
        raise ValidationError({"rule": f"Unknown deadline rule '{code}'"}) from None


@transaction.atomic
def prisoner_assign_pom(
    *, actor: Actor, prisoner: Prisoner, pom: User | None, expected_version: int | None = None
) -> Prisoner:
    """Allocate a POM: a caseworker or head of OMU assigned to the prisoner's establishment
    (``expected_version``: as for ``prisoner_update``)."""
    require(actor, Capability.ASSIGN_CASES)
    if pom is not None and (
        not pom.establishments.filter(pk=prisoner.establishment_id).exists()
        or pom.role not in {"caseworker", "omu_manager"}
    ):
        raise ValidationError({"pom": "Choose a POM who works at this establishment"})
    prisoner = lock_for_edit(prisoner, expected_version=expected_version)
    before = snapshot(prisoner)
    prisoner.pom = pom
    return save_edit(
        actor,
        prisoner,
        before=before,
        establishment_code=prisoner.establishment.code,
        summary="POM allocated" if pom else "POM removed",
        update_fields=["pom", "updated_at"],
    )


@transaction.atomic
def prisoner_record_release(
    *,
    actor: Actor,
    prisoner: Prisoner,
    released_on: dt.date,
    accommodation_on_release: str,
    today: dt.date,
    expected_version: int | None = None,
) -> Prisoner:
    """Record a release and where he went, kept so outcomes can be measured
    (``expected_version``: as for ``prisoner_update``)."""
    require(actor, Capability.UPDATE_CASES)
    if released_on > today:
        raise ValidationError({"released_on": "The release date cannot be in the future"})
    if released_on < prisoner.reception_date:
        raise ValidationError({"released_on": "The release date must be after reception"})
    prisoner = lock_for_edit(prisoner, expected_version=expected_version)
    before = snapshot(prisoner)
    prisoner.released_on = released_on
    prisoner.accommodation_on_release = accommodation_on_release
    prisoner.full_clean()
    save_edit(
        actor,
        prisoner,
        before=before,
        establishment_code=prisoner.establishment.code,
        summary="Release recorded",
    )
    deadline_results_refresh(prisoner_ids=[prisoner.pk])
    return prisoner


#: The longest offset an establishment may set before the ERD.
MAX_OFFSET_MONTHS = 24
MAX_OFFSET_DAYS = 365


@transaction.atomic
def rule_setting_save(
    *,
    actor: Actor,
    establishment: Establishment,
    rule_code: str,
    switched_off: bool,
    offset_months: int | None,
    offset_days: int | None,
    reason: str,
    expected_version: int | None = None,
) -> RuleSetting:
    """Switch a deadline rule off, give it another offset before the ERD, or put it back
    as declared, at one establishment, with the reason; versioned and audited.

    Only a rule an establishment may change (``deadlines.settings``): a local default, or
    a rule that applies only where the establishment says so (that one is only switched
    off or on). ``expected_version`` is the version the editor saw, 0 when there was no
    setting yet; a different one raises ``StaleVersion`` and nothing is saved.
    """
    require(actor, Capability.CHANGE_RULE_SETTINGS)
    if not (
        has(actor, Capability.SEE_ALL_ESTABLISHMENTS)
        or (isinstance(actor, User) and actor.establishments.filter(pk=establishment.pk).exists())
    ):
        raise PermissionDenied("You can change deadline rules only at your own establishments")
    rule = _rule(rule_code)
    if not may_switch_off(rule):
        raise ValidationError({"rule": f"{rule.title} is national policy: it cannot be changed"})
    months, days = offset_months or 0, offset_days or 0
    errors: dict[str, str] = {}
    if (months or days) and not may_change_offset(rule):
        errors["offset_months"] = f"{rule.title} can only be switched off or on here"
    if (months or days) and switched_off:
        errors["offset_months"] = "Either switch the rule off or change its offset, not both"
    if not 0 <= months <= MAX_OFFSET_MONTHS:
        errors["offset_months"] = f"Months must be between 0 and {MAX_OFFSET_MONTHS}"
    if not 0 <= days <= MAX_OFFSET_DAYS:
        errors["offset_days"] = f"Days must be between 0 and {MAX_OFFSET_DAYS}"
    reason = reason.strip()
    if not reason:
        errors["reason"] = "Enter the reason for this setting"
    elif len(reason) > 500:
        errors["reason"] = "The reason must be 500 characters or fewer"
    if errors:
        raise ValidationError(errors)

    fields = {
        "switched_off": switched_off,
        "offset_months": months or None,
        "offset_days": days or None,
        "reason": reason,
        "updated_at": clock.now(),
        "updated_by": actor if isinstance(actor, User) else None,
    }
    setting = (
        RuleSetting.objects.select_for_update()
        .filter(establishment=establishment, rule_code=rule.code)
        .first()
    )
    summary = f"{rule.title} at {establishment.name}: " + (
        "switched off"
        if switched_off
        else f"offset {Offset(months=months, days=days).describe()}"
        if months or days
        else "as declared"
    )
    if setting is None:
        if expected_version not in (None, 0):
            raise ValidationError("This page is out of date: go back and open it again")
        setting = RuleSetting(establishment=establishment, rule_code=rule.code, **fields)
        setting.full_clean()
        try:
            with transaction.atomic():
                setting.save()
        except IntegrityError:  # someone saved the first setting meanwhile
            current = RuleSetting.objects.get(establishment=establishment, rule_code=rule.code)
            raise StaleVersion(current=current, expected=0) from None
        audit_model_change(
            actor=actor,
            instance=setting,
            action=AuditAction.CREATE,
            establishment_code=establishment.code,
            summary=summary,
        )
        deadline_results_refresh_establishment(establishment=establishment)
        return setting
    if expected_version == 0:
        raise StaleVersion(current=setting, expected=0)
    setting = lock_for_edit(setting, expected_version=expected_version)
    content = ("switched_off", "offset_months", "offset_days", "reason")
    if all(getattr(setting, name) == fields[name] for name in content):
        return setting  # nothing changed: no new version, no audit entry
    before = snapshot(setting)
    for name, value in fields.items():
        setattr(setting, name, value)
    setting.full_clean()
    save_edit(actor, setting, before=before, establishment_code=establishment.code, summary=summary)
    deadline_results_refresh_establishment(establishment=establishment)
    return setting
