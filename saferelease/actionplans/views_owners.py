"""Pages of the managed list of owner functions and aliases (OF1). Everyone signed in reads
it (it names functions, not people); national managers and administrators change it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, has, require
from saferelease.actionplans import forms, selectors, services_owners
from saferelease.actionplans.views import _add_errors
from saferelease.core.concurrency import StaleVersion
from saferelease.core.conflicts import show_conflict


def owner_functions(request: HttpRequest) -> HttpResponse:
    user = request_actor(request)
    return render(
        request,
        "actionplans/owner_functions.html",
        {
            "functions": selectors.owner_function_list(),
            "unmatched": selectors.owner_functions_unmatched(user),
            "may_manage": has(user, Capability.MANAGE_OWNER_FUNCTIONS),
        },
    )


def owner_function_new(request: HttpRequest) -> HttpResponse:
    user = request_actor(request)
    require(user, Capability.MANAGE_OWNER_FUNCTIONS)
    initial = {"name": request.GET.get("name", "")[:300]}
    form = forms.OwnerFunctionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            function = services_owners.owner_function_create(
                actor=user,
                name=form.cleaned_data["name"],
                aliases=form.cleaned_data["aliases"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{function.name} added to the owner functions")
            return redirect("actionplans:owner-function", pk=function.pk)
    return render(request, "actionplans/owner_function_new.html", {"form": form})


def owner_function_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_actor(request)
    function = selectors.owner_function_get(pk)
    may_manage = has(user, Capability.MANAGE_OWNER_FUNCTIONS)
    rename = forms.OwnerFunctionRenameForm(
        initial={"name": function.name, "version": function.version}
    )
    alias_form = forms.OwnerAliasForm(initial={"version": function.version})
    if request.method == "POST":
        require(user, Capability.MANAGE_OWNER_FUNCTIONS)
        adding = "alias" in request.POST
        form: Any = (
            forms.OwnerAliasForm(request.POST)
            if adding
            else forms.OwnerFunctionRenameForm(request.POST)
        )
        if form.is_valid():
            data = form.cleaned_data
            try:
                if adding:
                    services_owners.owner_alias_add(
                        actor=user,
                        function=function,
                        alias=data["alias"],
                        expected_version=data["version"],
                    )
                    done = f"{data['alias']} now counts as {function.name}"
                else:
                    services_owners.owner_function_rename(
                        actor=user,
                        function=function,
                        name=data["name"],
                        expected_version=data["version"],
                    )
                    done = f"Renamed to {function.name}"
            except StaleVersion as stale:
                show_conflict(form, stale)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("actionplans:owner-function", pk=function.pk)
        if adding:
            alias_form = form
        else:
            rename = form
    return render(
        request,
        "actionplans/owner_function.html",
        {
            "function": function,
            "aliases": function.aliases.all(),
            "rename": rename,
            "alias_form": alias_form,
            "may_manage": may_manage,
            "lines": selectors.owner_function_line_count(user, function),
        },
    )


@require_POST
def owner_alias_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = request_actor(request)
    require(user, Capability.MANAGE_OWNER_FUNCTIONS)
    alias = selectors.owner_alias_get(pk)
    function_pk = alias.function_id
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        services_owners.owner_alias_remove(actor=user, alias=alias, expected_version=version)
    except StaleVersion:
        messages.error(
            request, "The list changed while you were looking at it: check it and try again"
        )
    else:
        messages.success(request, f"{alias.alias} is no longer an alias")
    return redirect("actionplans:owner-function", pk=function_pk)
