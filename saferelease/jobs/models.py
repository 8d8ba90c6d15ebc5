"""Long work run off the request path, and how far along it is."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class JobKind(models.TextChoices):
    PRISONER_SYNC = "prisoner_sync", "Prisoner Search sync"
    DIGEST = "digest", "Daily POM digests"
    MILESTONES_EXPORT = "milestones_export", "National deadlines export"
    METRICS_EXPORT = "metrics_export", "National metrics export"
    IRMT_PACK = "irmt_pack", "IRMT pack"
    PRISONER_IMPORT = "prisoner_import", "Prisoner file import"


class JobStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    SUCCEEDED = "succeeded", "Finished"
    FAILED = "failed", "Failed"


FINISHED = frozenset({JobStatus.SUCCEEDED, JobStatus.FAILED})


class Job(models.Model):
    """One piece of long work: what, for whom, how far along, and its result (a message,
    and a file to download for exports and packs)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=32, choices=JobKind.choices)
    status = models.CharField(max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    parameters = models.JSONField(default=dict, blank=True)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    message = models.TextField(blank=True)
    result_file = models.CharField(max_length=300, blank=True)
    result_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M} {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        """How far along, 0 to 100 (100 once finished; 0 while the total is unknown)."""
        if self.finished:
            return 100
        if not self.total:
            return 0
        return min(100, self.done * 100 // self.total)
