"""Regions are managed in the Django admin (and with `saferelease regions`)."""

from django.contrib import admin

from saferelease.establishments.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin[Region]):
    list_display = ["name"]
    filter_horizontal = ["establishments"]
    search_fields = ["name"]
