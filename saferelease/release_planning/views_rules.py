"""The deadline rules at an establishment, and a governor's setting of one (thin: the
reads are selectors, the write a service)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, has
from saferelease.core.concurrency import StaleVersion
from saferelease.core.conflicts import Conflict, conflict, show_conflict
from saferelease.deadlines import RULES_BY_CODE, may_change_offset, may_switch_off
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishment_get, establishments_visible_to
from saferelease.release_planning import selectors, services
from saferelease.release_planning.forms import RuleSettingForm


def rules(request: HttpRequest) -> HttpResponse:
    """Every deadline rule with its authority, severity and this establishment's setting."""
    code = request.GET.get("establishment")
    establishment = (
        establishment_get(request_actor(request), code) if code else _first_establishment(request)
    )
    return render(
        request,
        "release_planning/rules.html",
        {
            "establishment": establishment,
            "establishments": establishments_visible_to(request_actor(request))
            .filter(active=True)
            .order_by("name"),
            "rows": selectors.rule_settings(establishment),
            "may_change": _may_change(request, establishment),
        },
    )


def _first_establishment(request: HttpRequest) -> Establishment:
    user = request_actor(request)
    first = user.establishments.order_by("name").first()
    if first is None:
        first = establishments_visible_to(user).order_by("name").first()
    if first is None:
        raise Http404("No establishment")
    return first


def _may_change(request: HttpRequest, establishment: Establishment) -> bool:
    user = request_actor(request)
    if not has(user, Capability.CHANGE_RULE_SETTINGS):
        return False
    return bool(
        has(user, Capability.SEE_ALL_ESTABLISHMENTS)
        or user.establishments.filter(pk=establishment.pk).exists()
    )


def _choices(rule_code: str) -> list[tuple[str, str]]:
    rule = RULES_BY_CODE[rule_code]
    if rule.local_condition:
        return [("default", "Yes: the rule applies here"), ("off", "No: switch it off here")]
    choices = [("default", f"As declared: {rule.offset_words} from the ERD")]
    if may_change_offset(rule):
        choices.append(("offset", "Another offset before the ERD"))
    choices.append(("off", "Switched off at this establishment"))
    return choices


@require_http_methods(["GET", "POST"])
def rule_setting(request: HttpRequest, establishment_code: str, rule_code: str) -> HttpResponse:
    establishment = establishment_get(request_actor(request), establishment_code)
    rule = RULES_BY_CODE.get(rule_code)
    if rule is None or not may_switch_off(rule):
        raise Http404
    if not _may_change(request, establishment):
        raise PermissionDenied
    current = selectors.rule_setting_get(establishment, rule.code)
    initial = {
        "setting": "default",
        "version": current.version if current else 0,
        "reason": current.reason if current else "",
    }
    if current is not None:
        initial["setting"] = (
            "off" if current.switched_off else "offset" if current.changes_offset else "default"
        )
        initial["offset_months"] = current.offset_months
        initial["offset_days"] = current.offset_days
    form = RuleSettingForm(
        request.POST if request.method == "POST" else None,
        choices=_choices(rule.code),
        initial=initial,
    )
    if rule.local_condition:
        form.fields["setting"].label = rule.local_condition
    changed: Conflict | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        offset = data["setting"] == "offset"
        try:
            services.rule_setting_save(
                actor=request_actor(request),
                establishment=establishment,
                rule_code=rule.code,
                switched_off=data["setting"] == "off",
                offset_months=data["offset_months"] if offset else None,
                offset_days=data["offset_days"] if offset else None,
                reason=data["reason"],
                expected_version=data["version"],
            )
        except StaleVersion as stale:
            changed = conflict(stale, {"reason": data["reason"]}, labels={"reason": "Reason"})
            show_conflict(form, stale)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, f"{rule.title}: setting saved for {establishment.name}")
            url = reverse("release_planning:rules")
            return redirect(f"{url}?establishment={establishment.code}#{rule.code}")
    return render(
        request,
        "release_planning/rule_setting.html",
        {
            "establishment": establishment,
            "rule": rule,
            "current": current,
            "form": form,
            "conflict": changed,
        },
    )
