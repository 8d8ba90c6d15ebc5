"""Reads of the audit trail (admins only)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from saferelease.accounts.actors import Actor
from saferelease.accounts.capabilities import Capability, has
from saferelease.audit.models import AuditEntry


@dataclass(frozen=True)
class AuditSearch:
    text: str = ""
    action: str = ""
    actor: str = ""
    establishment: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_entries_for(user: Actor, search: AuditSearch) -> QuerySet[AuditEntry]:
    """The entries matching ``search``; 404 for anyone who may not read the trail."""
    if not has(user, Capability.ADMINISTER):
        raise Http404
    entries = AuditEntry.objects.select_related("actor")
    if search.text:
        entries = entries.filter(
            Q(object_repr__icontains=search.text)
            | Q(object_id__iexact=search.text)
            | Q(object_type__icontains=search.text)
            | Q(summary__icontains=search.text)
            # a list read names the prison numbers it showed
            | Q(changes__prison_numbers__icontains=search.text)
        )
    if search.action:
        entries = entries.filter(action=search.action)
    if search.actor:
        entries = entries.filter(actor_username__iexact=search.actor)
    if search.establishment:
        entries = entries.filter(establishment_code__iexact=search.establishment)
    if search.date_from:
        entries = entries.filter(at__date__gte=search.date_from)
    if search.date_to:
        entries = entries.filter(at__date__lte=search.date_to)
    return entries
