from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from knox.models import AuthToken

from saferelease.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "email", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Safe Release", {"fields": ("role", "establishments")}))  # type: ignore[misc]
    filter_horizontal = ["establishments"]


# API tokens are issued and revoked only through the audited services (the command line and
# the account page), which refuse accounts that cannot sign in; knox's own admin would
# bypass both.
if admin.site.is_registered(AuthToken):
    admin.site.unregister(AuthToken)
