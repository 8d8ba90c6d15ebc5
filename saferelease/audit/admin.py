from django.contrib import admin
from django.http import HttpRequest

from saferelease.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin[AuditEntry]):
    """Read-only: entries can be searched but never added, changed or deleted."""

    list_display = [
        "at",
        "actor_username",
        "system_actor",
        "action",
        "object_type",
        "object_repr",
        "channel",
    ]
    list_filter = ["action", "channel", "object_type"]
    search_fields = ["object_repr", "object_id", "actor_username", "summary"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
