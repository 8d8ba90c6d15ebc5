from django.urls import path

from saferelease.accounts import views

app_name = "accounts"

urlpatterns = [
    path("sign-in/", views.SignInView.as_view(), name="login"),
    path("sign-out/", views.SignOutView.as_view(), name="logout"),
    path("signed-out/", views.signed_out, name="signed-out"),
    path("", views.account, name="account"),
    path("tokens/<str:key>/revoke/", views.token_revoke, name="token-revoke"),
]
