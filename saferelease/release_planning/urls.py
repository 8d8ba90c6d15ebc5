from django.urls import URLPattern, URLResolver, include, path

from saferelease.release_planning import views, views_rules

app_name = "release_planning"

urlpatterns: list[URLPattern | URLResolver] = [
    path("caseload/", views.caseload, name="caseload"),
    path("releases/", views.releases, name="releases"),
    path("releases/irmt-pack.pdf", views.releases_pdf, name="releases-pdf"),
    path("deadline-rules/", views_rules.rules, name="rules"),
    path(
        "deadline-rules/<str:establishment_code>/<str:rule_code>/",
        views_rules.rule_setting,
        name="rule-setting",
    ),
    path("prisoners/import/", include("saferelease.release_planning.urls_import")),
    path("prisoners/<str:prison_number>/", views.prisoner_detail, name="prisoner"),
    path(
        "prisoners/<str:prison_number>/deadlines/<str:rule_code>/",
        views.deadline_update,
        name="deadline",
    ),
    path("prisoners/<str:prison_number>/pom/", views.prisoner_assign, name="assign"),
    path("prisoners/<str:prison_number>/release/", views.prisoner_release, name="release"),
]
