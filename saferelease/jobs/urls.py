from django.urls import path

from saferelease.jobs import views

app_name = "jobs"

urlpatterns = [
    path("", views.schedule, name="schedule"),
    path("new/", views.job_new, name="new"),
    path("<str:job_id>/", views.job_detail, name="detail"),
    path("<str:job_id>/status.json", views.job_status, name="status"),
    path("<str:job_id>/download/", views.job_download, name="download"),
]
