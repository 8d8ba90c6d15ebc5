"""API routes for metrics, included under /api/v1/."""

from django.urls import URLPattern, URLResolver, path

from saferelease.metrics import apis

urlpatterns: list[URLPattern | URLResolver] = [
    path("metrics/", apis.MetricsView.as_view(), name="metrics"),
    path("metrics/trends/", apis.MetricTrendsView.as_view(), name="metric-trends"),
    path("metrics/deadlines/", apis.DeadlineSummaryView.as_view(), name="metric-deadlines"),
]
