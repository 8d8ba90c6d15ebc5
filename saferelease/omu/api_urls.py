"""API routes for the offender management unit's work, included under /api/v1/."""

from django.urls import URLPattern, URLResolver
from rest_framework.routers import SimpleRouter

from saferelease.omu.apis import (
    ComReportRequestViewSet,
    EngagementOfferViewSet,
    ProgrammeNeedViewSet,
    ProgrammeViewSet,
    QaReviewViewSet,
    QaSampleViewSet,
    SupervisionSessionViewSet,
)

router = SimpleRouter()
router.register("com-report-requests", ComReportRequestViewSet, basename="com-report-request")
router.register("qa-samples", QaSampleViewSet, basename="qa-sample")
router.register("qa-reviews", QaReviewViewSet, basename="qa-review")
router.register("supervision-sessions", SupervisionSessionViewSet, basename="supervision-session")
router.register("programmes", ProgrammeViewSet, basename="programme")
router.register("programme-needs", ProgrammeNeedViewSet, basename="programme-need")
router.register("engagement-offers", EngagementOfferViewSet, basename="engagement-offer")

urlpatterns: list[URLPattern | URLResolver] = [*router.urls]
