"""The append-only audit trail.

Entries are written only by `saferelease.audit.services.audit_record`. The model refuses
updates and deletes, the admin is read-only, and no view or API changes an entry.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditAction(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    VIEW = "view", "Viewed"
    IMPORT = "import", "Imported"
    EXPORT = "export", "Exported"


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit entries cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted")


class AuditEntry(models.Model):
    at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_username = models.CharField(max_length=150, blank=True)
    # Which of the service's own jobs acted (`accounts.actors.SystemActor`), when no person
    # did: ``actor`` is empty and ``actor_username`` is "system".
    system_actor = models.CharField(max_length=64, blank=True, default="", db_default="")
    action = models.CharField(max_length=16, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(max_length=200, blank=True)
    establishment_code = models.CharField(max_length=10, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    channel = models.CharField(max_length=16, blank=True, help_text="web, api or cli")
    path = models.CharField(max_length=300, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        who = f"system ({self.system_actor})" if self.system_actor else self.actor_username
        return f"{self.at:%Y-%m-%d %H:%M} {who} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit entries cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit entries cannot be deleted")
