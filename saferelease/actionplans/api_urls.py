"""API routes for inspections and action plans, included under /api/v1/."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from saferelease.actionplans import apis, apis_cycle

router = SimpleRouter()
router.register("inspections", apis.InspectionViewSet, basename="inspection")
router.register("action-plans", apis.ActionPlanViewSet, basename="action-plan")
router.register("recommendations", apis.RecommendationViewSet, basename="recommendation")
router.register("progress-updates", apis.ProgressUpdateViewSet, basename="progress-update")
router.register("evidence-files", apis.EvidenceFileViewSet, basename="evidence-file")
router.register("target-date-changes", apis.TargetDateChangeViewSet, basename="target-date-change")
router.register("judgements", apis.JudgementViewSet, basename="judgement")
router.register("reviews-of-progress", apis_cycle.ReviewViewSet, basename="review-of-progress")
router.register(
    "urgent-notifications", apis_cycle.UrgentNotificationViewSet, basename="urgent-notification"
)

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "inspection-reports/import/",
        apis_cycle.InspectionReportImportView.as_view(),
        name="inspection-report-import",
    ),
    path(
        "establishments/<str:code>/lineage/",
        apis_cycle.EstablishmentLineageView.as_view(),
        name="establishment-lineage",
    ),
    path("readiness/", apis_cycle.ReadinessView.as_view(), name="readiness"),
    path("", include(router.urls)),
]
