"""Pages under /inspections/."""

from django.urls import URLPattern, URLResolver, path

from saferelease.actionplans import views

app_name = "actionplans"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("establishments/<str:code>/", views.establishment_inspections, name="establishment"),
    path("inspection/<int:pk>/edit/", views.inspection_edit, name="inspection-edit"),
    path("import/", views.import_upload, name="import"),
    path("import/<str:token>/", views.import_preview, name="import-preview"),
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
