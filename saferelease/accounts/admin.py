from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from saferelease.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Safe Release", {"fields": ("role", "establishments")}))  # type: ignore[misc]
    filter_horizontal = ["establishments"]
