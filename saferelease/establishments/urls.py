from django.urls import path

from saferelease.establishments import views

app_name = "establishments"

urlpatterns = [
    path("", views.establishment_list, name="list"),
    path("<str:code>/", views.establishment_detail, name="detail"),
    path("<str:code>/edit/", views.establishment_edit, name="edit"),
]
