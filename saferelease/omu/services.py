"""Writes for the offender management unit's work: keyword-only, validated, atomic,
audited; edits of a record are versioned (``saferelease/core/concurrency.py``)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from saferelease.audit.models import AuditAction
from saferelease.audit.services import audit_model_change, audit_record, snapshot
from saferelease.core.concurrency import bump_version, lock_for_edit
from saferelease.omu.models import ComReportKind, ComReportRequest
from saferelease.release_planning.models import Prisoner

#: The fields of a COM report request staff set (create and edit alike).
COM_REPORT_FIELDS = (
    "kind",
    "kind_other",
    "pdu",
    "requested_on",
    "due_on",
    "received_on",
    "quality_acceptable",
    "notes",
)


def _require_case_update(actor: Any) -> None:
    if not getattr(actor, "may_update_cases", False):
        raise PermissionDenied("Your role cannot record offender management work")


def _check_com_report(request: ComReportRequest) -> None:
    errors: dict[str, str] = {}
    if request.kind == ComReportKind.OTHER and not request.kind_other.strip():
        errors["kind_other"] = "Enter what report was requested"
    if request.due_on and request.requested_on and request.due_on < request.requested_on:
        errors["due_on"] = "The due date must be on or after the date requested"
    if request.received_on and request.requested_on and request.received_on < request.requested_on:
        errors["received_on"] = "The date received must be on or after the date requested"
    if request.quality_acceptable is not None and request.received_on is None:
        errors["quality_acceptable"] = "Record the date received before judging its quality"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def com_report_request_create(
    *, actor: Any, prisoner: Prisoner, values: dict[str, Any]
) -> ComReportRequest:
    """Record a request to a community offender manager for a report. ``values`` holds
    fields of :data:`COM_REPORT_FIELDS`; ``pdu`` defaults to the prisoner's COM team."""
    _require_case_update(actor)
    unknown = set(values) - set(COM_REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be set here" for name in unknown})
    request = ComReportRequest(prisoner=prisoner, created_by=actor, **values)
    if not request.pdu:
        request.pdu = prisoner.com_team
    # The date checks say which field is wrong; the constraints then hold.
    request.full_clean(validate_constraints=False)
    _check_com_report(request)
    request.save()
    audit_model_change(
        actor=actor,
        instance=request,
        action=AuditAction.CREATE,
        establishment_code=prisoner.establishment.code,
        summary=f"COM report requested: {request.kind_label}",
    )
    return request


@transaction.atomic
def com_report_request_update(
    *,
    actor: Any,
    request: ComReportRequest,
    changes: dict[str, Any],
    expected_version: int | None,
) -> ComReportRequest:
    """Change the fields in ``changes`` on the record as it is now (read again under a
    lock); a record changed since ``expected_version`` raises ``StaleVersion`` and nothing
    is saved."""
    _require_case_update(actor)
    unknown = set(changes) - set(COM_REPORT_FIELDS)
    if unknown:
        raise ValidationError({name: "This field cannot be changed here" for name in unknown})
    request = lock_for_edit(request, expected_version=expected_version)
    before = snapshot(request)
    for name, value in changes.items():
        setattr(request, name, value)
    # The date checks say which field is wrong; the constraints then hold.
    request.full_clean(validate_constraints=False)
    _check_com_report(request)
    bump_version(request, before)
    request.save()
    audit_model_change(
        actor=actor,
        instance=request,
        action=AuditAction.UPDATE,
        before=before,
        establishment_code=request.prisoner.establishment.code,
    )
    return request


def com_report_request_viewed(*, actor: Any, request: ComReportRequest) -> None:
    """Audit a view of one request (part of a prisoner's record)."""
    audit_record(
        actor=actor,
        action=AuditAction.VIEW,
        object_type="omu.comreportrequest",
        object_id=str(request.pk),
        object_repr=str(request),
        establishment_code=request.prisoner.establishment.code,
        summary="Viewed COM report request",
    )
