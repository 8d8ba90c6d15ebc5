from django.urls import URLPattern, URLResolver, path

from saferelease.metrics import views

app_name = "metrics"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.national, name="national"),
    path("export.<str:fmt>", views.national_export, name="national-export"),
    path("league.pdf", views.league_pdf, name="league-pdf"),
    path("<str:code>/", views.establishment, name="establishment"),
    path("<str:code>/export.<str:fmt>", views.establishment_export, name="establishment-export"),
    path("<str:code>/report.pdf", views.establishment_pdf, name="establishment-pdf"),
]
