from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.core.concurrency import StaleVersion
from saferelease.core.conflicts import Conflict, conflict, show_conflict
from saferelease.establishments import selectors, services
from saferelease.establishments.forms import EstablishmentEditForm, EstablishmentSearchForm
from saferelease.release_planning.prisoner_sync.selectors import last_sync


def establishment_list(request: HttpRequest) -> HttpResponse:
    form = EstablishmentSearchForm(request.GET or None)
    search, status = "", "active"
    if form.is_valid():
        search = form.cleaned_data["q"]
        status = form.cleaned_data["status"] or "active"
    active = {"active": True, "closed": False}.get(status)
    establishments = selectors.establishment_list(
        request_actor(request), search=search, active=active
    )
    page = Paginator(establishments, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "establishments/list.html",
        {"form": form, "page": page, "total": establishments.count()},
    )


def establishment_detail(request: HttpRequest, code: str) -> HttpResponse:
    establishment = selectors.establishment_get(request_actor(request), code)
    return render(
        request,
        "establishments/detail.html",
        {"establishment": establishment, "last_sync": last_sync(establishment)},
    )


def establishment_edit(request: HttpRequest, code: str) -> HttpResponse:
    actor = request_actor(request)
    establishment = selectors.establishment_get(actor, code)
    require(actor, Capability.EDIT_ESTABLISHMENTS)
    initial = {
        "designated_resettlement": "yes" if establishment.designated_resettlement else "no",
        "programme_places": establishment.programme_places,
        "version": establishment.version,
    }
    form = EstablishmentEditForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    changed: Conflict | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.establishment_update(
                actor=actor,
                establishment=establishment,
                designated_resettlement=data["designated_resettlement"],
                programme_places=data["programme_places"],
                expected_version=data["version"],
            )
        except StaleVersion as stale:
            yours = {
                "designated_resettlement": data["designated_resettlement"],
                "programme_places": data["programme_places"],
            }
            changed = conflict(stale, yours)
            show_conflict(form, stale)
        else:
            messages.success(request, f"{establishment.name} updated")
            return redirect("establishments:detail", code=establishment.code)
    return render(
        request,
        "establishments/edit.html",
        {"establishment": establishment, "form": form, "conflict": changed},
    )
