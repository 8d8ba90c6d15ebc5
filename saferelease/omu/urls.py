from django.urls import path

from saferelease.omu import views

app_name = "omu"

urlpatterns = [
    path("com-reports/", views.com_report_list, name="com_reports"),
    path("com-reports/new/", views.com_report_create, name="com_report_create"),
    path("com-reports/<int:pk>/", views.com_report_edit, name="com_report_edit"),
    path("qa/", views.qa_overview, name="qa"),
    path("qa/reviews/<int:pk>/", views.qa_review, name="qa_review"),
    path("qa/<str:code>/draw/", views.qa_draw, name="qa_draw"),
    path("qa/<str:code>/settings/", views.qa_settings, name="qa_settings"),
    path("supervision/", views.supervision, name="supervision"),
    path("supervision/<int:pk>/", views.supervision_edit, name="supervision_edit"),
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/engagement/", views.engagement, name="engagement"),
    path("programmes/needs/<int:pk>/", views.programme_need, name="programme_need"),
]
