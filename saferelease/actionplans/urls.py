"""Pages under /inspections/."""

from django.urls import URLPattern, URLResolver, path

from saferelease.actionplans import views, views_cycle, views_owners

app_name = "actionplans"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("establishments/<str:code>/", views.establishment_inspections, name="establishment"),
    path("inspection/<int:pk>/edit/", views.inspection_edit, name="inspection-edit"),
    path("inspection/<int:pk>/", views_cycle.inspection_detail, name="inspection"),
    path("inspection/<int:pk>/report/", views_cycle.report_source, name="report-source"),
    path("inspection/<int:pk>/reviews/new/", views_cycle.review_new, name="review-new"),
    path("inspection/<int:pk>/reviews/import/", views_cycle.review_upload, name="review-import"),
    path("inspection/<int:pk>/urgent/new/", views_cycle.urgent_new, name="urgent-new"),
    path("reports/import/", views_cycle.report_upload, name="report-import"),
    path("reviews/<int:pk>/", views_cycle.review_detail, name="review"),
    path("urgent/", views_cycle.urgent_dashboard, name="urgent-dashboard"),
    path("urgent/<int:pk>/", views_cycle.urgent_detail, name="urgent"),
    path("urgent/<int:pk>/response/", views_cycle.urgent_response, name="urgent-response"),
    path("urgent/<int:pk>/commitments/", views_cycle.urgent_commitment, name="urgent-commitment"),
    path("readiness/", views_cycle.readiness, name="readiness"),
    path(
        "establishments/<str:code>/reviews/",
        views_cycle.establishment_reviews,
        name="establishment-reviews",
    ),
    path(
        "establishments/<str:code>/lineage/",
        views_cycle.establishment_lineage,
        name="establishment-lineage",
    ),
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/", views.import_preview, name="import-preview"),
    path("plans/", views.plan_list, name="plans"),
    path("owner-functions/", views_owners.owner_functions, name="owner-functions"),
    path("owner-functions/new/", views_owners.owner_function_new, name="owner-function-new"),
    path("owner-functions/<int:pk>/", views_owners.owner_function_detail, name="owner-function"),
    path(
        "owner-aliases/<int:pk>/remove/",
        views_owners.owner_alias_remove,
        name="owner-alias-remove",
    ),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/report/", views.plan_report, name="plan-report"),
    path("plans/<int:pk>/export.<str:export_format>", views.plan_export, name="plan-export"),
    path("plans/<int:pk>/source/", views.plan_source, name="plan-source"),
    path("recommendations/<int:pk>/", views.recommendation_detail, name="recommendation"),
    path("recommendations/<int:pk>/progress/", views.progress_add, name="progress-add"),
    path("recommendations/<int:pk>/judgement/", views.judgement_add, name="judgement-add"),
    path("recommendations/<int:pk>/decide-by/", views.decide_by_edit, name="decide-by"),
    path("recommendations/<int:pk>/metrics/", views.metric_add, name="metric-add"),
    path("metrics/<int:pk>/remove/", views.metric_remove, name="metric-remove"),
    path("owners/<int:pk>/target/", views.target_change, name="target-change"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
]
