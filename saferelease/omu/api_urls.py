"""API routes for the offender management unit's work, included under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from saferelease.omu.apis import ComReportRequestViewSet

router = SimpleRouter()
router.register("com-report-requests", ComReportRequestViewSet, basename="com-report-request")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
