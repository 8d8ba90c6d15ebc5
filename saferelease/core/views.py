"""Home, health check and error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from saferelease.accounts.actors import request_actor
from saferelease.accounts.roles import Role
from saferelease.core import clock
from saferelease.core.apidocs import api_sections
from saferelease.core.home import HomeContext, build_home
from saferelease.establishments.selectors import establishments_visible_to

#: Each role's first question, as the home page's heading.
HOME_HEADINGS = {
    Role.CASEWORKER: "Your men: what needs doing now",
    Role.OMU_MANAGER: "Your prison: what needs doing now",
    Role.GOVERNOR: "Your prison at a glance",
    Role.REGIONAL_MANAGER: "How establishments compare",
    Role.NATIONAL_MANAGER: "How establishments compare",
    Role.INSPECTOR: "What needs inspectors' attention",
}


def home(request: HttpRequest) -> HttpResponse:
    """Each role's first screen: the panels registered for it (saferelease/core/home.py)."""
    user = request_actor(request)
    context = HomeContext(user=user, as_of=clock.today(), query=request.GET)
    panels = build_home(context)
    establishments = establishments_visible_to(user).filter(active=True)
    return render(
        request,
        "core/home.html",
        {
            "heading": HOME_HEADINGS.get(user.role_enum, "Safe Release"),
            "panels": panels,
            "as_of": context.as_of,
            "establishment_count": establishments.count(),
            "establishments": establishments[:12],
        },
    )


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness and database check for load balancers; reveals nothing else."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@login_not_required
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness for a load balancer: the database, Redis (when it is the broker) and the
    age of the last successful Prisoner Search sync. 503 when the database or Redis
    fails, or when SAFERELEASE_READY_MAX_SYNC_HOURS is set and the last sync is older."""
    from saferelease.core.readiness import readiness

    report = readiness()
    return JsonResponse(report.as_json(), status=200 if report.ready else 503)


@login_not_required
def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


@login_not_required
def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


@login_not_required
def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the database may be the problem.
    from django.template import loader

    return HttpResponse(loader.get_template("500.html").render({}), status=500)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)


def developers(request: HttpRequest) -> HttpResponse:
    """For developers and analysts: the API, its schema, tokens and the command line."""
    return render(request, "core/developers.html")


def api_reference(request: HttpRequest) -> HttpResponse:
    return render(request, "core/api_reference.html", {"sections": api_sections()})
