from django.urls import path

from saferelease.omu import views

app_name = "omu"

urlpatterns = [
    path("com-reports/", views.com_report_list, name="com_reports"),
    path("com-reports/new/", views.com_report_create, name="com_report_create"),
    path("com-reports/<int:pk>/", views.com_report_edit, name="com_report_edit"),
]
