"""URL map: pages, API under /api/v1/, schema and docs, health check."""

from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from saferelease.core.views import api_reference
from saferelease.establishments.apis import EstablishmentViewSet, MeView

router = DefaultRouter()
router.register("establishments", EstablishmentViewSet, basename="establishment")

api_urlpatterns: list[URLPattern | URLResolver] = [
    path("me/", MeView.as_view(), name="me"),
    path("", include(router.urls)),
    path("", include("saferelease.release_planning.api_urls")),
    path("", include("saferelease.actionplans.api_urls")),
    path("", include("saferelease.metrics.api_urls")),
    path("", include("saferelease.omu.api_urls")),
]

urlpatterns = [
    path("", include("saferelease.core.urls")),
    path("accounts/", include("saferelease.accounts.urls")),
    path("establishments/", include("saferelease.establishments.urls")),
    path("audit/", include("saferelease.audit.urls")),
    path("", include("saferelease.release_planning.urls")),
    path("inspections/", include("saferelease.actionplans.urls")),
    path("dashboards/", include("saferelease.metrics.urls")),
    path("jobs/", include("saferelease.jobs.urls")),
    path("omu/", include("saferelease.omu.urls")),
    path("django-admin/", admin.site.urls),
    path("api/v1/", include((api_urlpatterns, "api"))),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", api_reference, name="api-docs"),
]

handler404 = "saferelease.core.views.not_found"
handler403 = "saferelease.core.views.forbidden"
handler500 = "saferelease.core.views.server_error"
