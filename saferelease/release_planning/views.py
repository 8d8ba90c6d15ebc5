"""Caseload, prisoner page, deadline forms and the upcoming-releases board. Thin: every
read is a selector, every write a service."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, has, require
from saferelease.accounts.models import User
from saferelease.audit.models import AuditEntry
from saferelease.core import clock
from saferelease.core.concurrency import StaleVersion
from saferelease.core.conflicts import Conflict, conflict, show_conflict
from saferelease.core.dates import parse_date
from saferelease.core.pdf import render_pdf
from saferelease.deadlines import RULES_BY_CODE
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishments_visible_to
from saferelease.release_planning import selectors, services
from saferelease.release_planning.forms import (
    AssignPomForm,
    CaseloadFilterForm,
    CompletionForm,
    ExemptionForm,
    ReleaseForm,
    ReleasesBoardFilterForm,
)
from saferelease.release_planning.models import KEY_DATE_FIELDS, KEY_DATE_LABELS
from saferelease.release_planning.quality import ALERT_CODES, data_quality_flags

PAGE_SIZE = 50


def _as_of(request: HttpRequest) -> dt.date:
    """`?as_of=YYYY-MM-DD` lets staff look ahead; the default is today (Europe/London)."""
    value = request.GET.get("as_of")
    if value:
        try:
            return parse_date(value)
        except ValueError:
            pass
    return clock.today()


def _require_records(request: HttpRequest) -> None:
    if not has(request_actor(request), Capability.VIEW_PRISONER_RECORDS):
        raise Http404


def _must_choose(request: HttpRequest) -> bool:
    """A user with no establishment of their own (a regional or national manager, an
    administrator) chooses which establishment to open: never silently the first."""
    return (
        not request.GET.get("establishment") and not request_actor(request).establishments.exists()
    )


def _choose(request: HttpRequest, what: str, url_name: str) -> HttpResponse:
    establishments = (
        establishments_visible_to(request_actor(request))
        .filter(active=True, prisoners__isnull=False)
        .distinct()
        .order_by("name")
    )
    return render(
        request,
        "release_planning/choose_establishment.html",
        {"what": what, "url_name": url_name, "establishments": establishments},
    )


def caseload(request: HttpRequest) -> HttpResponse:
    _require_records(request)
    if _must_choose(request):
        return _choose(request, "Caseload", "release_planning:caseload")
    as_of = _as_of(request)
    visible = establishments_visible_to(request_actor(request)).filter(active=True).order_by("name")
    establishment = selectors.establishment_for_caseload(
        request_actor(request), request.GET.get("establishment")
    )
    default_scope = "mine" if request_actor(request).caseload.exists() else "establishment"
    # The form shows what is applied: the establishment and scope in use when the query
    # string leaves them out (e.g. a sort link), not the first option of each list.
    params = request.GET.copy()
    if params:
        params["establishment"] = params.get("establishment") or establishment.code
        params["scope"] = params.get("scope") or default_scope
    form = CaseloadFilterForm(
        params or None,
        establishments=[(e.code, e.name) for e in visible],
        rules=selectors.rule_choices(),
        initial={"establishment": establishment.code, "scope": default_scope},
    )
    data = form.cleaned_data if form.is_valid() else {}
    filters = selectors.CaseloadFilter(
        scope=data.get("scope") or default_scope,
        release_within_days=int(data["release"]) if data.get("release") else None,
        risk=data.get("risk", ""),
        mappa=data.get("mappa", ""),
        rule=data.get("rule", ""),
        status=data.get("status", ""),
        search=data.get("q", ""),
        sort=request.GET.get("sort") or "urgency",
    )
    cases = selectors.caseload(
        request_actor(request), establishment=establishment, as_of=as_of, filters=filters
    )
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    services.prisoners_listed(
        actor=request_actor(request),
        what="caseload",
        query=request.GET,
        prison_numbers=[case.prisoner.prison_number for case in page.object_list],
        total=page.paginator.count,
        establishment_code=establishment.code,
    )
    return render(
        request,
        "release_planning/caseload.html",
        {
            "form": form,
            "page": page,
            "establishment": establishment,
            "filters": filters,
            "as_of": as_of,
            "summary": selectors.caseload_summary(cases),
            "rule_settings": selectors.changed_rule_settings(establishment),
            "selected_rule": RULES_BY_CODE.get(filters.rule),
        },
    )


def prisoner_detail(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.prisoner_get(request_actor(request), prison_number)
    as_of = _as_of(request)
    case = selectors.case_for(prisoner, as_of)
    services.prisoner_record_viewed(actor=request_actor(request), prisoner=prisoner)
    history = AuditEntry.objects.filter(
        object_type="release_planning.prisoner", object_id=str(prisoner.pk)
    ).exclude(action="view")[:50]
    key_dates = [
        {"code": name, "label": KEY_DATE_LABELS[name], "value": getattr(prisoner, name)}
        for name in KEY_DATE_FIELDS
    ]
    return render(
        request,
        "release_planning/prisoner.html",
        {
            "prisoner": prisoner,
            "case": case,
            "as_of": as_of,
            "key_dates": key_dates,
            # Alerts (release date passed) have their own red banner.
            "flags": [
                flag
                for flag in data_quality_flags(prisoner.facts(), as_of)
                if flag.code not in ALERT_CODES
            ],
            "key_date_changes": prisoner.key_date_changes.select_related("changed_by")[:50],
            "history": history,
            "assign_form": AssignPomForm(
                poms=_pom_choices(prisoner.establishment_id),
                initial={"pom": prisoner.pom_id or "", "version": prisoner.version},
            )
            if has(request_actor(request), Capability.ASSIGN_CASES)
            else None,
        },
    )


def _pom_choices(establishment_id: int) -> list[tuple[str, str]]:
    poms = User.objects.filter(
        establishments=establishment_id, role__in=["caseworker", "omu_manager"], is_active=True
    ).order_by("last_name", "first_name")
    return [(str(u.pk), u.get_full_name() or u.username) for u in poms]


@require_http_methods(["GET", "POST"])
def deadline_update(request: HttpRequest, prison_number: str, rule_code: str) -> HttpResponse:
    prisoner = selectors.prisoner_get(request_actor(request), prison_number)
    rule = RULES_BY_CODE.get(rule_code)
    if rule is None:
        raise Http404
    require(request_actor(request), Capability.UPDATE_CASES)
    today = clock.today()
    posted = request.POST if request.method == "POST" else None
    action = request.POST.get("action", "complete")
    initial = {"version": prisoner.version}
    completion = CompletionForm(posted if action == "complete" else None, initial=initial)
    exemption = ExemptionForm(posted if action == "exempt" else None, initial=initial)
    form = completion if action == "complete" else exemption
    changed: Conflict | None = None
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "exempt":
                services.deadline_exempt(
                    actor=request_actor(request),
                    prisoner=prisoner,
                    rule_code=rule.code,
                    reason=data["reason"],
                    expected_version=data["version"],
                )
                messages.success(request, f"{rule.title}: exemption recorded")
            else:
                services.deadline_complete(
                    actor=request_actor(request),
                    prisoner=prisoner,
                    rule_code=rule.code,
                    completed_on=data["completed_on"],
                    today=today,
                    expected_version=data["version"],
                )
                messages.success(request, f"{rule.title}: completion recorded")
            return redirect("release_planning:prisoner", prison_number=prisoner.prison_number)
        except StaleVersion as stale:
            field_name = str(rule.exemption_field if action == "exempt" else rule.completed_by)
            value = data["reason"] if action == "exempt" else data["completed_on"]
            changed = conflict(stale, {field_name: value})
            show_conflict(form, stale)
            initial["version"] = prisoner.version  # the other form: the record as it is now
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
    result = next(r for r in selectors.case_for(prisoner, today).results if r.rule == rule.code)
    services.prisoner_record_viewed(
        actor=request_actor(request), prisoner=prisoner, what=f"deadline form {rule.code}"
    )
    return render(
        request,
        "release_planning/deadline_update.html",
        {
            "prisoner": prisoner,
            "rule": rule,
            "result": result,
            "form": form,
            "completion": completion,
            "exemption": exemption if rule.exemption_field else None,
            "conflict": changed,
        },
    )


@require_http_methods(["GET", "POST"])
def prisoner_assign(request: HttpRequest, prison_number: str) -> HttpResponse:
    """Allocate a POM (the form is on the prisoner page; this page shows it again when the
    input is wrong or the record changed meanwhile)."""
    prisoner = selectors.prisoner_get(request_actor(request), prison_number)
    require(request_actor(request), Capability.ASSIGN_CASES)
    form = AssignPomForm(
        request.POST if request.method == "POST" else None,
        poms=_pom_choices(prisoner.establishment_id),
        initial={"pom": prisoner.pom_id or "", "version": prisoner.version},
    )
    changed: Conflict | None = None
    if request.method == "POST" and form.is_valid():
        pom_id = form.cleaned_data["pom"]
        pom = User.objects.get(pk=pom_id) if pom_id else None
        try:
            services.prisoner_assign_pom(
                actor=request_actor(request),
                prisoner=prisoner,
                pom=pom,
                expected_version=form.cleaned_data["version"],
            )
        except StaleVersion as stale:
            changed = conflict(stale, {"pom": pom}, labels={"pom": "POM"})
            show_conflict(form, stale)
        except ValidationError as error:
            for message in error.messages:
                form.add_error("pom", message)
        else:
            messages.success(request, "POM allocation saved")
            return redirect("release_planning:prisoner", prison_number=prisoner.prison_number)
    services.prisoner_record_viewed(
        actor=request_actor(request), prisoner=prisoner, what="POM form"
    )
    return render(
        request,
        "release_planning/assign.html",
        {"prisoner": prisoner, "form": form, "conflict": changed},
    )


@require_http_methods(["GET", "POST"])
def prisoner_release(request: HttpRequest, prison_number: str) -> HttpResponse:
    prisoner = selectors.prisoner_get(request_actor(request), prison_number)
    require(request_actor(request), Capability.UPDATE_CASES)
    form = ReleaseForm(
        request.POST if request.method == "POST" else None,
        initial={"version": prisoner.version},
    )
    changed: Conflict | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.prisoner_record_release(
                actor=request_actor(request),
                prisoner=prisoner,
                released_on=data["released_on"],
                accommodation_on_release=data["accommodation_on_release"],
                today=clock.today(),
                expected_version=data["version"],
            )
            messages.success(request, "Release recorded")
            return redirect("release_planning:prisoner", prison_number=prisoner.prison_number)
        except StaleVersion as stale:
            yours = {
                "released_on": data["released_on"],
                "accommodation_on_release": data["accommodation_on_release"],
            }
            changed = conflict(stale, yours, labels={"released_on": "Date released"})
            show_conflict(form, stale)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
    services.prisoner_record_viewed(
        actor=request_actor(request), prisoner=prisoner, what="release form"
    )
    return render(
        request,
        "release_planning/release.html",
        {"prisoner": prisoner, "form": form, "conflict": changed},
    )


def _board_context(request: HttpRequest) -> dict[str, object]:
    """The board, filtered, and the page of weeks asked for (``?page=``); page 1 also has
    the men past their release date."""
    _require_records(request)
    as_of = _as_of(request)
    establishment = selectors.establishment_for_caseload(
        request_actor(request), request.GET.get("establishment")
    )
    visible = establishments_visible_to(request_actor(request)).filter(active=True).order_by("name")
    params = request.GET.copy()
    params["establishment"] = establishment.code
    form = ReleasesBoardFilterForm(params, establishments=[(e.code, e.name) for e in visible])
    shown = set(form.cleaned_data["show"]) if form.is_valid() else set()
    filters = selectors.BoardFilter(
        mine="mine" in shown, high_risk="high_risk" in shown, alerts_only="alerts" in shown
    )
    board = selectors.releases_board(
        request_actor(request), establishment=establishment, as_of=as_of, filters=filters
    )
    page = Paginator(board.weeks, selectors.WEEKS_PER_PAGE).get_page(request.GET.get("page"))
    return {
        "establishment": establishment,
        "establishments": visible,
        "form": form,
        "filters": filters,
        "board": board,
        "page": page,
        "weeks": list(page),
        "past": board.past if page.number == 1 else [],
        "rule_settings": selectors.changed_rule_settings(establishment),
        "as_of": as_of,
        "total": board.upcoming,
    }


def _board_read(request: HttpRequest, context: dict[str, object], *, pdf: bool) -> int:
    """One audit entry for the board's page (or the pack), naming every prisoner on it
    (the men past their release date, then each week's); returns how many."""
    weeks: list[selectors.ReleaseWeek] = context["weeks"]  # type: ignore[assignment]
    past: list[selectors.Case] = context["past"]  # type: ignore[assignment]
    establishment: Establishment = context["establishment"]  # type: ignore[assignment]
    cases = [*past, *(case for week in weeks for case in week.cases)]
    services.prisoners_listed(
        actor=request_actor(request),
        what="IRMT pack (PDF)" if pdf else "releases board",
        query=request.GET,
        prison_numbers=[case.prisoner.prison_number for case in cases],
        establishment_code=establishment.code,
        export=pdf,
    )
    return len(cases)


def releases(request: HttpRequest) -> HttpResponse:
    _require_records(request)
    if _must_choose(request):
        return _choose(request, "Releases", "release_planning:releases")
    context = _board_context(request)
    _board_read(request, context, pdf=False)
    return render(request, "release_planning/releases.html", context)


def releases_pdf(request: HttpRequest) -> HttpResponse:
    """The releases board as a PDF pack for the IRMT meeting: the same filters as the
    board; ``?page=`` limits it to that page's weeks (and the men past their release date
    with page 1), otherwise every week."""
    context = _board_context(request)
    board: selectors.ReleasesBoard = context["board"]  # type: ignore[assignment]
    if not request.GET.get("page"):
        context["weeks"] = board.weeks
        context["past"] = board.past
    establishment = context["establishment"]
    context["pack_total"] = _board_read(request, context, pdf=True)
    context["user"] = request_actor(request)
    filename = f"irmt-pack-{establishment.code}-{context['as_of']}.pdf"  # type: ignore[attr-defined]
    return render_pdf("release_planning/releases_pdf.html", context, filename)
