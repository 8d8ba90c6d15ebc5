"""API routes for release planning, included under /api/v1/."""

from django.urls import URLPattern, URLResolver, path
from rest_framework.routers import SimpleRouter

from saferelease.release_planning.apis import CaseloadView, PrisonerViewSet, ReleasesBoardView
from saferelease.release_planning.apis_import import PrisonerImportView

# --- prisoners, deadlines, caseload, releases board -------------------------------------
router = SimpleRouter()
router.register("prisoners", PrisonerViewSet, basename="prisoner")

urlpatterns: list[URLPattern | URLResolver] = [
    path("caseload/", CaseloadView.as_view(), name="caseload"),
    path("releases/", ReleasesBoardView.as_view(), name="releases"),
]

# --- prisoner import (see apis_import.py) -----------------------------------------------
urlpatterns += [
    path("prisoners/import/", PrisonerImportView.as_view(), name="prisoner-import"),
]
# --- end of prisoner import ---------------------------------------------------------------

# The router comes last so that "prisoners/import/" is matched before "prisoners/<number>/".
urlpatterns += router.urls
