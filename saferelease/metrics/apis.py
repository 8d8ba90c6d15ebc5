"""API: metrics for a scope and period, and the same month by month. Scoped through the
establishments selector (an establishment outside scope is 404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from saferelease.accounts.actors import request_actor
from saferelease.core import clock
from saferelease.core.calendar import add_months
from saferelease.core.dates import parse_date
from saferelease.metrics import selectors
from saferelease.metrics.catalogue import METRICS, Unit
from saferelease.metrics.forms import MAX_MONTHS
from saferelease.metrics.periods import Period, default_period, last_months
from saferelease.release_planning.selectors_results import SUMMARY_STATUSES


def _field(unit: Unit, help_text: str) -> serializers.Field:
    if unit == Unit.COUNT:
        return serializers.IntegerField(allow_null=True, help_text=help_text)
    return serializers.FloatField(allow_null=True, help_text=help_text)


#: One field a metric code; shares are fractions from 0 to 1, null when nobody is counted.
MetricValuesSerializer = type(
    "MetricValuesSerializer",
    (serializers.Serializer,),
    {m.code: _field(m.unit, f"{m.title} ({m.unit.value}). {m.definition}") for m in METRICS},
)


class MonthSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    start = serializers.DateField()
    end = serializers.DateField()
    metrics = MetricValuesSerializer()


class TrendsSerializer(serializers.Serializer):
    establishments = serializers.ListField(child=serializers.CharField())
    start = serializers.DateField()
    end = serializers.DateField()
    months = MonthSerializer(many=True)


PARAMETERS = [
    OpenApiParameter(
        "establishment",
        str,
        description="Establishment code; repeat or separate by commas for a region. "
        "Default: every establishment you can see",
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, description="Default: 12 months before `to`"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="Default: today (London)"),
    OpenApiParameter(
        "months",
        int,
        description="Instead of `from`: the last N calendar months up to `to` (this month "
        "counts as one)",
    ),
]


def _date(request: Request, name: str, default: dt.date) -> dt.date:
    value = request.query_params.get(name)
    if not value:
        return default
    try:
        return parse_date(value)
    except ValueError as error:
        raise ApiValidationError({name: [str(error)]}) from None


def request_scope_and_period(request: Request) -> tuple[selectors.Scope, Period]:
    today = clock.today()
    end = _date(request, "to", today)
    start = _date(request, "from", default_period(end).start)
    months = request.query_params.get("months")
    if months:
        if not months.isdigit() or not 1 <= int(months) <= MAX_MONTHS:
            raise ApiValidationError({"months": [f"Enter a whole number from 1 to {MAX_MONTHS}"]})
        start = last_months(end, int(months)).start
    if start > end:
        raise ApiValidationError({"to": ["`to` must be the same as or after `from`"]})
    if add_months(start, MAX_MONTHS) < end:
        raise ApiValidationError({"from": ["The period must be 10 years or less"]})
    codes = [
        code
        for value in request.query_params.getlist("establishment")
        for code in value.split(",")
        if code.strip()
    ]
    return selectors.scope_for(request_actor(request), codes), Period(start, end)


class MetricsView(APIView):
    """Every metric for the establishments and period, keyed by metric code (the same
    object as `saferelease metrics --format json`)."""

    @extend_schema(parameters=PARAMETERS, responses=MetricValuesSerializer)
    def get(self, request: Request) -> Response:
        scope, period = request_scope_and_period(request)
        return Response(selectors.metric_values(scope, period))


def month_data(month: selectors.MonthValues) -> dict[str, Any]:
    return {
        "month": month.period.start.strftime("%Y-%m"),
        "start": month.period.start.isoformat(),
        "end": month.period.end.isoformat(),
        "metrics": month.values,
    }


class MetricTrendsView(APIView):
    """Every metric month by month over the period (each calendar month clamped to it)."""

    @extend_schema(parameters=PARAMETERS, responses=TrendsSerializer)
    def get(self, request: Request) -> Response:
        scope, period = request_scope_and_period(request)
        report = selectors.metric_report(scope, period)
        return Response(
            {
                "establishments": scope.codes,
                "start": period.start.isoformat(),
                "end": period.end.isoformat(),
                "months": [month_data(month) for month in report.months],
            }
        )


class RuleDeadlinesSerializer(serializers.Serializer):
    rule = serializers.CharField(help_text="The rule's code (docs/deadline-rules.md)")
    met = serializers.IntegerField(help_text="Men whose deadline was met by the due date")
    met_late = serializers.IntegerField(help_text="Met after the due date")
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    not_yet_due = serializers.IntegerField()
    exempt = serializers.IntegerField()
    not_applicable = serializers.IntegerField()
    on_time_share = serializers.FloatField(
        allow_null=True,
        help_text="met / (met + met_late + overdue), from 0 to 1; null when none is due",
    )


class EstablishmentDeadlinesSerializer(serializers.Serializer):
    establishment = serializers.CharField(help_text="Establishment code")
    prisoners = serializers.IntegerField(help_text="Men in custody")
    rules = RuleDeadlinesSerializer(many=True)


class DeadlineSummarySerializer(serializers.Serializer):
    as_of = serializers.DateField()
    prisoners = serializers.IntegerField(help_text="Men in custody in every establishment")
    establishments = EstablishmentDeadlinesSerializer(many=True)
    totals = RuleDeadlinesSerializer(many=True, help_text="Every establishment together")


def _rules_data(tallies: Any) -> list[dict[str, Any]]:
    return [
        {
            "rule": tally.rule.code,
            **{status.value: tally[status] for status in SUMMARY_STATUSES},
            "on_time_share": tally.on_time_share,
        }
        for tally in tallies
    ]


class DeadlineSummaryView(APIView):
    """Every deadline rule's results for the men in custody at each establishment on
    ``as_of``: how many met on time, met late, overdue, due soon, not yet due, exempt and
    not applicable, and the share met on time (each establishment's settings of the rules
    applied, as on its caseload). Establishments with no man in custody are left out."""

    @extend_schema(
        parameters=[
            PARAMETERS[0],
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today (London)"),
        ],
        responses=DeadlineSummarySerializer,
    )
    def get(self, request: Request) -> Response:
        as_of = _date(request, "as_of", clock.today())
        codes = [
            code
            for value in request.query_params.getlist("establishment")
            for code in value.split(",")
            if code.strip()
        ]
        summary = selectors.deadlines_now(
            selectors.scope_for(request_actor(request), codes), as_of=as_of
        )
        return Response(
            {
                "as_of": as_of.isoformat(),
                "prisoners": summary.prisoners,
                "establishments": [
                    {
                        "establishment": row.establishment.code,
                        "prisoners": row.prisoners,
                        "rules": _rules_data(row.rules),
                    }
                    for row in summary.establishments
                ],
                "totals": _rules_data(summary.totals),
            }
        )
