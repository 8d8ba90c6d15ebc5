"""API routes for inspections and action plans, included under /api/v1/."""

from django.urls import URLPattern, URLResolver, include, path
from rest_framework.routers import SimpleRouter

from saferelease.actionplans import apis

router = SimpleRouter()
router.register("inspections", apis.InspectionViewSet, basename="inspection")
router.register("action-plans", apis.ActionPlanViewSet, basename="action-plan")
router.register("recommendations", apis.RecommendationViewSet, basename="recommendation")
router.register("progress-updates", apis.ProgressUpdateViewSet, basename="progress-update")
router.register("evidence-files", apis.EvidenceFileViewSet, basename="evidence-file")
router.register("target-date-changes", apis.TargetDateChangeViewSet, basename="target-date-change")
router.register("judgements", apis.JudgementViewSet, basename="judgement")

urlpatterns: list[URLPattern | URLResolver] = [path("", include(router.urls))]
