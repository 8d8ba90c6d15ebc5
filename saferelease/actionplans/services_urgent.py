"""Writes for Urgent Notifications: the notification (inspectors), the Secretary of State's
response and its commitments, tracked as recommendations with owners and target dates
(managers). Keyword-only, validated, atomic, audited; the 28-day clock is in rules.py."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans.models import (
    Decision,
    Inspection,
    OwnerLine,
    Recommendation,
    RecommendationKind,
    UrgentNotification,
)
from saferelease.actionplans.services import _require_visible, _save, _update, _user
from saferelease.audit.services import snapshot
from saferelease.core import clock
from saferelease.core.dates import format_date


def _not_in_future(value: dt.date, as_of: dt.date, name: str, what: str) -> None:
    if value > as_of:
        raise ValidationError({name: [f"The date of the {what} must be today or in the past"]})


@transaction.atomic
def urgent_notification_record(
    *, actor: Actor, inspection: Inspection, issued_on: dt.date, concerns: str, as_of: dt.date
) -> UrgentNotification:
    """Record the Chief Inspector's urgent notification after an inspection (inspectors)."""
    require(actor, Capability.RECORD_JUDGEMENTS)
    _require_visible(actor, inspection.establishment)
    _not_in_future(issued_on, as_of, "issued_on", "notification")
    if UrgentNotification.objects.filter(inspection=inspection, issued_on=issued_on).exists():
        raise ValidationError({"issued_on": ["A notification issued that day is already held"]})
    notification = UrgentNotification(
        inspection=inspection,
        issued_on=issued_on,
        concerns=concerns.strip(),
        created_by=_user(actor),
        created_at=clock.now(),
    )
    _save(actor, notification)
    return notification


def _require_responder(actor: Actor) -> None:
    require(actor, Capability.MANAGE_ACTION_PLANS)


@transaction.atomic
def urgent_response_record(
    *,
    actor: Actor,
    notification: UrgentNotification,
    published_on: dt.date,
    summary: str,
    as_of: dt.date,
) -> UrgentNotification:
    """Record the Secretary of State's published response (a late one is kept and shown as
    late, never refused)."""
    _require_responder(actor)
    _require_visible(actor, notification.inspection.establishment)
    _not_in_future(published_on, as_of, "published_on", "response")
    if not summary.strip():
        raise ValidationError({"summary": ["Enter what the response says"]})
    # Locked and checked: a response recorded meanwhile by someone else is never overwritten.
    notification = UrgentNotification.objects.select_for_update().get(pk=notification.pk)
    if notification.response_published_on is not None:
        raise ValidationError(
            {"__all__": ["The response to this notification is already recorded"]}
        )
    before = snapshot(notification)
    notification.response_published_on = published_on
    notification.response_summary = summary.strip()
    _update(actor, notification, before, summary="Response to the urgent notification recorded")
    return notification


@transaction.atomic
def urgent_commitment_add(
    *,
    actor: Actor,
    notification: UrgentNotification,
    text: str,
    owner: str,
    target_date: dt.date | None = None,
    ref: str = "",
) -> Recommendation:
    """A commitment of the response: tracked like a recommendation of a plan, with its owner
    and target (overdue the day after the target while not complete)."""
    _require_responder(actor)
    _require_visible(actor, notification.inspection.establishment)
    notification = UrgentNotification.objects.select_for_update().get(pk=notification.pk)
    if notification.response_published_on is None:
        raise ValidationError({"__all__": ["Record the response before its commitments"]})
    if not text.strip():
        raise ValidationError({"text": ["Enter the commitment"]})
    if not owner.strip():
        raise ValidationError({"owner": ["Enter who owns the commitment"]})
    count = notification.commitments.count()
    ref = ref.strip() or f"UN{count + 1}"
    if notification.commitments.filter(ref=ref).exists():
        raise ValidationError({"ref": [f"Commitment {ref} is already held"]})
    commitment = Recommendation(
        inspection=notification.inspection,
        urgent_notification=notification,
        ref=ref,
        kind=RecommendationKind.COMMITMENT,
        addressee="the Secretary of State",
        text=text.strip(),
        decision=Decision.ACCEPTED,
        decision_as_written="Committed",
        position=count,
        in_current_plan=True,
    )
    _save(actor, commitment)
    line = OwnerLine(
        recommendation=commitment,
        position=0,
        function=owner.strip(),
        target_date=target_date,
        target_as_written=format_date(target_date) if target_date else "",
    )
    _save(actor, line)
    return commitment
