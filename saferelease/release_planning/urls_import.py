"""Prisoner file import pages, included at /prisoners/import/ in "release_planning"."""

from django.urls import URLPattern, URLResolver, path

from saferelease.release_planning import views_import

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views_import.prisoner_import, name="import"),
    path("preview/", views_import.prisoner_import_preview, name="import-preview"),
    path("confirm/", views_import.prisoner_import_confirm, name="import-confirm"),
]
