from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from saferelease.accounts import selectors, services
from saferelease.accounts.actors import request_actor
from saferelease.accounts.forms import SignInForm
from saferelease.core import clock


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True


class SignOutView(auth_views.LogoutView):
    pass


@login_not_required
def signed_out(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/signed_out.html")


def account(request: HttpRequest) -> HttpResponse:
    """The signed-in user's details and API tokens (listed and revoked here)."""
    user = request_actor(request)
    tokens = selectors.api_tokens_for(user, now=clock.now(), username=user.get_username())
    return render(
        request,
        "accounts/account.html",
        {
            "tokens": tokens,
            "establishments": user.establishments.order_by("name"),
        },
    )


@require_POST
def token_revoke(request: HttpRequest, key: str) -> HttpResponse:
    """Revoke one of the signed-in user's own API tokens (another's is 404)."""
    try:
        user = request_actor(request)
        services.user_token_revoke(actor=user, key=key, owner=user)
    except ValidationError:
        raise Http404("No such token") from None
    messages.success(request, f"API token {key[:8]} revoked: it no longer works")
    return redirect("accounts:account")
