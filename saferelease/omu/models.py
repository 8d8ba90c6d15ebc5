"""The offender management unit's own work: requests for reports from community offender
managers (COM report requests). Prisoners' facts stay in ``release_planning``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from saferelease.core.concurrency import Versioned


class ComReportKind(models.TextChoices):
    PRE_RELEASE = "pre_release", "Pre-release report"
    PAROLE = "parole", "Parole report"
    RISK_MANAGEMENT_PLAN = "risk_management_plan", "Risk management plan"
    OTHER = "other", "Other"


class ComReportRequest(Versioned):
    """A report the OMU asked a community offender manager for, with its due date; whether
    it arrived, when, and whether its quality was acceptable. ``pdu`` is the probation
    delivery unit the COM works in (free text, as the record names it)."""

    prisoner = models.ForeignKey(
        "release_planning.Prisoner", on_delete=models.CASCADE, related_name="com_report_requests"
    )
    kind = models.CharField("Report", max_length=24, choices=ComReportKind.choices)
    kind_other = models.CharField("Other report", max_length=200, blank=True)
    pdu = models.CharField("Probation delivery unit", max_length=200, blank=True)
    requested_on = models.DateField("Requested")
    due_on = models.DateField("Due")
    received_on = models.DateField("Received", null=True, blank=True)
    quality_acceptable = models.BooleanField("Quality acceptable", null=True, blank=True)
    notes = models.TextField(blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["due_on", "received_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("requested_on")),
                name="com_report_due_on_or_after_request",
            ),
            models.CheckConstraint(
                condition=models.Q(received_on__isnull=True)
                | models.Q(received_on__gte=models.F("requested_on")),
                name="com_report_received_on_or_after_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind_label} for {self.prisoner.prison_number}, due {self.due_on.isoformat()}"

    @property
    def kind_label(self) -> str:
        if self.kind == ComReportKind.OTHER and self.kind_other:
            return self.kind_other
        return str(ComReportKind(self.kind).label) if self.kind else ""
