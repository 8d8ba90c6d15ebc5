"""Dashboards, exports and the PDF report. Thin: the form validates the period, the
selectors scope and compute, :mod:`.dashboards` lays the figures out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render

from saferelease.accounts.actors import request_actor
from saferelease.audit.services import audit_read
from saferelease.core import clock
from saferelease.core.pdf import render_pdf
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishment_get
from saferelease.metrics import dashboards, exports, selectors
from saferelease.metrics.forms import NationalForm, PeriodForm
from saferelease.metrics.periods import Period, default_period
from saferelease.metrics.selectors import EstablishmentValues, Report, Scope
from saferelease.release_planning.selectors import changed_rule_settings

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _uk(day: Any) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def _bind(request: HttpRequest, form_class: type[PeriodForm]) -> PeriodForm:
    """The form bound to the query, with the default period filled in where blank."""
    default = default_period(clock.today())
    data: QueryDict = request.GET.copy()
    if not data.get("from_date"):
        data["from_date"] = _uk(default.start)
    if not data.get("to_date"):
        data["to_date"] = _uk(default.end)
    return form_class(data, default=default)


@dataclass
class NationalData:
    form: NationalForm
    scope: Scope | None = None
    report: Report | None = None
    comparison: list[EstablishmentValues] | None = None


def _national_data(request: HttpRequest) -> NationalData:
    form = _bind(request, NationalForm)
    assert isinstance(form, NationalForm)
    data = NationalData(form)
    if not form.is_valid():
        return data
    try:
        data.scope = selectors.scope_for(
            request_actor(request), form.cleaned_data["establishments"]
        )
    except Http404:
        form.add_error("establishments", "Enter only codes of establishments you can see")
        return data
    data.report, data.comparison = selectors.national_report(data.scope, form.period())
    return data


def _deadlines_now(scope: Scope) -> dict[str, Any]:
    today = clock.today()
    return {"deadlines_now": selectors.deadlines_now(scope, as_of=today), "today": today}


def national(request: HttpRequest) -> HttpResponse:
    data = _national_data(request)
    context: dict[str, Any] = {"form": data.form}
    if data.report is not None and data.comparison is not None:
        rows, sort = dashboards.comparison_sort(data.comparison, request.GET.get("sort", "name"))
        context |= _report_context(data.report) | {
            "comparison": rows,
            "sort": sort,
            "comparison_metrics": [
                dashboards.METRICS_BY_CODE[code] for code in dashboards.COMPARISON_CODES
            ],
            "columns": dashboards.comparison_columns(sort),
            "sort_metric": dashboards.METRICS_BY_CODE.get(sort.lstrip("-")),
            "comparison_chart": dashboards.comparison_chart(rows, sort.lstrip("-")),
            "comparison_limit": dashboards.BAR_CHART_LIMIT,
        }
    if data.scope is not None:
        context |= _deadlines_now(data.scope)
    return render(request, "metrics/national.html", context)


def national_export(request: HttpRequest, fmt: str) -> HttpResponse:
    data = _national_data(request)
    if data.report is None or data.comparison is None:
        raise Http404("Choose a valid period")
    return _export(
        request,
        fmt,
        "metrics-all",
        data.report,
        [("Establishments", exports.comparison_table(data.comparison))],
    )


def _establishment_report(
    request: HttpRequest, code: str
) -> tuple[Establishment, PeriodForm, Report | None]:
    """The establishment (scoped: Http404 outside), the form, and the report if valid."""
    establishment = establishment_get(request_actor(request), code)
    form = _bind(request, PeriodForm)
    if not form.is_valid():
        return establishment, form, None
    scope = selectors.scope_of(establishment)
    return establishment, form, selectors.metric_report(scope, form.period())


def establishment(request: HttpRequest, code: str) -> HttpResponse:
    establishment, form, report = _establishment_report(request, code)
    context: dict[str, Any] = {
        "form": form,
        "establishment": establishment,
        "rule_settings": changed_rule_settings(establishment),
    }
    if report is not None:
        context |= _report_context(report)
    context |= _deadlines_now(selectors.scope_of(establishment))
    return render(request, "metrics/establishment.html", context)


def establishment_export(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    establishment, _form, report = _establishment_report(request, code)
    if report is None:
        raise Http404("Choose a valid period")
    return _export(request, fmt, f"metrics-{establishment.code}", report, [], establishment)


def establishment_pdf(request: HttpRequest, code: str) -> HttpResponse:
    establishment, _form, report = _establishment_report(request, code)
    if report is None:
        raise Http404("Choose a valid period")
    context = _report_context(report) | {
        "establishment": establishment,
        "generated_on": clock.today(),
    }
    _exported(request, "PDF", establishment)
    return render_pdf("metrics/report_pdf.html", context, f"metrics-{establishment.code}.pdf")


def _report_context(report: Report) -> dict[str, Any]:
    return {
        "report": report,
        "period": report.period,
        "groups": dashboards.figure_groups(report.values),
        "deadline_rows": dashboards.deadline_rows(report.values),
        "trends": dashboards.trend_charts(report),
    }


def _exported(request: HttpRequest, fmt: str, establishment: Establishment | None) -> None:
    """Audit an export: figures only, but small counts can point at a person, and every
    file taken away is recorded."""
    audit_read(
        actor=request_actor(request),
        object_type="metrics.report",
        object_repr=establishment.code if establishment else "all establishments",
        establishment_code=establishment.code if establishment else "",
        query=request.GET,
        summary=f"Exported metrics as {fmt}",
        export=True,
    )


def _export(
    request: HttpRequest,
    fmt: str,
    stem: str,
    report: Report,
    extra: list[tuple[str, exports.Table]],
    establishment: Establishment | None = None,
) -> HttpResponse:
    if fmt not in CONTENT_TYPES:
        raise Http404("Unknown format")
    _exported(request, fmt.upper(), establishment)
    table = exports.metrics_table(report)
    period: Period = report.period
    filename = f"{stem}-{period.start.isoformat()}-to-{period.end.isoformat()}.{fmt}"
    if fmt == "csv":
        body: str | bytes = exports.csv_text(table)
    else:
        body = exports.xlsx_bytes([("Metrics", table), *extra])
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def league_pdf(request: HttpRequest) -> HttpResponse:
    """The league table (all establishments, or ``?region=``) as a landscape PDF."""
    from saferelease.metrics import league

    table = league.league(
        request_actor(request), as_of=clock.today(), region=league.region_from_query(request.GET)
    )
    context = {"league": table, "generated_on": clock.today()}
    name = f"league-{table.region.pk}" if table.region else "league-national"
    return render_pdf("metrics/league_pdf.html", context, f"{name}.pdf")
