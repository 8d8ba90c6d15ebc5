"""Daily digests to POMs of their due-soon and overdue deadlines and their men's overdue COM
report requests (idempotent per day)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from saferelease.accounts.models import User
from saferelease.core import clock
from saferelease.core.dates import format_date
from saferelease.deadlines import Status
from saferelease.omu.selectors import overdue_com_reports
from saferelease.release_planning.models import NotificationLog, Prisoner
from saferelease.release_planning.selectors import Case, case_for


@dataclass(frozen=True)
class DigestReport:
    sent: int
    already_sent: int
    nothing_due: int


def _digest_cases(pom: User, as_of: dt.date) -> list[Case]:
    prisoners = (
        Prisoner.objects.in_custody()
        .filter(pom=pom, establishment__in=pom.establishments.all())
        .select_related("establishment")
    )
    cases = [case_for(p, as_of) for p in prisoners]
    return [c for c in cases if c.counts[Status.OVERDUE] or c.counts[Status.DUE_SOON]]


def digests_send(*, as_of: dt.date) -> DigestReport:
    """Send each POM with due-soon or overdue items one email for `as_of`. A POM already
    sent a digest for that day is skipped, so running twice sends nothing more."""
    sent = already = nothing = 0
    poms = (
        User.objects.filter(
            is_active=True,
            caseload__released_on__isnull=True,
            caseload__transferred_out_on__isnull=True,
        )
        .exclude(email="")
        .distinct()
    )
    for pom in poms:
        if NotificationLog.objects.filter(recipient=pom, for_date=as_of).exists():
            already += 1
            continue
        cases = _digest_cases(pom, as_of)
        reports = overdue_com_reports(as_of=as_of, pom=pom)
        if not cases and not reports:
            nothing += 1
            continue
        items = sum(c.overdue + c.due_soon for c in cases) + len(reports)
        try:
            with transaction.atomic():
                NotificationLog.objects.create(
                    recipient=pom, for_date=as_of, sent_at=clock.now(), item_count=items
                )
                send_mail(
                    subject=f"Safe Release: {items} deadline(s) overdue or due soon",
                    message=render_to_string(
                        "release_planning/digest.txt",
                        {
                            "pom": pom,
                            "cases": cases,
                            "reports": reports,
                            "as_of": format_date(as_of),
                        },
                    ),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[pom.email],
                )
        except IntegrityError:
            already += 1
            continue
        sent += 1
    return DigestReport(sent=sent, already_sent=already, nothing_due=nothing)
