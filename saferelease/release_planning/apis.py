"""API: prisoners, their deadlines, the caseload and the releases board. Scoped through
the establishments selector; a view of a prisoner's record is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, has, require
from saferelease.core import clock
from saferelease.core.api import (
    ETAG_HEADER,
    IF_MATCH,
    PRECONDITION_RESPONSES,
    Pagination,
    expected_version,
    with_etag,
)
from saferelease.core.dates import parse_date
from saferelease.deadlines import RuleResult
from saferelease.release_planning import selectors, services
from saferelease.release_planning.models import HELD, Prisoner


class PrisonerSerializer(serializers.ModelSerializer):
    establishment = serializers.CharField(source="establishment.code", read_only=True)
    pom = serializers.CharField(source="pom.username", read_only=True, allow_null=True)

    class Meta:
        model = Prisoner
        exclude = ["id", "created_at", "updated_at"]


class PrisonerUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Prisoner
        fields = sorted(services.EDITABLE_FIELDS)


class DeadlineSerializer(serializers.Serializer):
    rule = serializers.CharField()
    title = serializers.CharField()
    status = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)
    completed_date = serializers.DateField(allow_null=True)
    earliest_release_date = serializers.DateField(allow_null=True)
    erd_source = serializers.CharField(allow_null=True)
    explanation = serializers.CharField()
    policy_source = serializers.CharField()
    authority = serializers.CharField()


def deadline_data(result: RuleResult) -> dict[str, Any]:
    rule = result.definition
    return {
        "rule": result.rule,
        "title": rule.title,
        "status": str(result.status),
        "due_date": result.due_date,
        "completed_date": result.completed_date,
        "earliest_release_date": result.earliest_release_date,
        "erd_source": str(result.erd_source) if result.erd_source else None,
        "explanation": result.explanation,
        "policy_source": rule.source,
        "authority": str(rule.authority),
    }


AS_OF = OpenApiParameter("as_of", OpenApiTypes.DATE, description="Default: today (London)")
ESTABLISHMENT = OpenApiParameter("establishment", str, description="Establishment code")


def _as_of(request: Request) -> dt.date:
    value = request.query_params.get("as_of")
    if not value:
        return clock.today()
    try:
        return parse_date(value)
    except ValueError as error:
        raise ApiValidationError({"as_of": [str(error)]}) from None


#: The widest release window the caseload takes (a hundred years: everyone; beyond it the
#: date arithmetic overflows).
MAX_RELEASE_WITHIN_DAYS = 36_500


def _release_within_days(request: Request) -> int | None:
    """``release_within_days``: absent, or a whole number of days from 0 to 36,500 (400
    otherwise)."""
    value = request.query_params.get("release_within_days")
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or int(value) > MAX_RELEASE_WITHIN_DAYS:
        raise ApiValidationError(
            {
                "release_within_days": [
                    f"Enter a whole number of days from 0 to {MAX_RELEASE_WITHIN_DAYS:,}"
                ]
            }
        )
    return int(value)


class PrisonerViewSet(viewsets.GenericViewSet):
    """Prisoners at the caller's establishments (404 outside scope; inspectors see none)."""

    serializer_class = PrisonerSerializer
    lookup_field = "prison_number"

    def get_queryset(self) -> QuerySet[Prisoner]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Prisoner.objects.none()
        prisoners = selectors.prisoners_visible_to(request_actor(self.request)).select_related(
            "establishment", "pom"
        )
        code = self.request.query_params.get("establishment")
        if code:
            prisoners = prisoners.filter(establishment__code=code.upper())
        if self.request.query_params.get("in_custody", "").lower() in {"1", "true", "yes"}:
            prisoners = prisoners.filter(HELD)
        return prisoners.order_by("prison_number")

    @extend_schema(parameters=[ESTABLISHMENT])
    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        services.prisoners_listed(
            actor=request_actor(request),
            what="prisoners (API)",
            query=request.query_params,
            prison_numbers=[p.prison_number for p in page],
            total=self.paginator.page.paginator.count,  # type: ignore[union-attr]
            establishment_code=request.query_params.get("establishment", "").upper()[:10],
        )
        return self.get_paginated_response(PrisonerSerializer(page, many=True).data)

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request: Request, prison_number: str) -> Response:
        prisoner = selectors.prisoner_get(request_actor(request), prison_number)
        services.prisoner_record_viewed(actor=request_actor(request), prisoner=prisoner)
        return with_etag(Response(PrisonerSerializer(prisoner).data), prisoner)

    @extend_schema(
        request=PrisonerUpdateSerializer,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: PrisonerSerializer, **PRECONDITION_RESPONSES},
        description="Change the fields sent (only those) and answer the record with its new "
        "ETag. If-Match must carry the ETag of the GET the change is based on: without it "
        "428, and 412 when the record has changed since (nothing saved).",
    )
    def partial_update(self, request: Request, prison_number: str) -> Response:
        prisoner = selectors.prisoner_get(request_actor(request), prison_number)
        require(request_actor(request), Capability.UPDATE_CASES)
        version = expected_version(request)
        serializer = PrisonerUpdateSerializer(prisoner, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        prisoner = services.prisoner_update(
            actor=request_actor(request),
            prisoner=prisoner,
            changes=dict(serializer.validated_data),
            expected_version=version,
        )
        return with_etag(Response(PrisonerSerializer(prisoner).data), prisoner)

    @extend_schema(parameters=[AS_OF], responses=DeadlineSerializer(many=True))
    @action(detail=True, pagination_class=None)
    def deadlines(self, request: Request, prison_number: str) -> Response:
        prisoner = selectors.prisoner_get(request_actor(request), prison_number)
        services.prisoner_record_viewed(
            actor=request_actor(request), prisoner=prisoner, what="deadlines"
        )
        case = selectors.case_for(prisoner, _as_of(request))
        return Response(
            DeadlineSerializer([deadline_data(r) for r in case.results], many=True).data
        )


class CaseSerializer(serializers.Serializer):
    prison_number = serializers.CharField()
    name = serializers.CharField()
    establishment = serializers.CharField()
    earliest_release_date = serializers.DateField(allow_null=True)
    erd_source = serializers.CharField(allow_null=True)
    rosh = serializers.CharField(allow_blank=True)
    mappa_level = serializers.IntegerField(allow_null=True)
    pom = serializers.CharField(allow_null=True)
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    outstanding = DeadlineSerializer(many=True)


def case_data(case: selectors.Case) -> dict[str, Any]:
    prisoner = case.prisoner
    return {
        "prison_number": prisoner.prison_number,
        "name": prisoner.full_name,
        "establishment": prisoner.establishment.code,
        "earliest_release_date": case.erd.date if case.erd else None,
        "erd_source": str(case.erd.source) if case.erd else None,
        "rosh": prisoner.rosh,
        "mappa_level": prisoner.mappa_level,
        "pom": prisoner.pom.username if prisoner.pom else None,
        "overdue": case.overdue,
        "due_soon": case.due_soon,
        "outstanding": [deadline_data(r) for r in case.outstanding],
    }


class CasePageSerializer(serializers.Serializer):
    """One page of the caseload, as the API's pagination returns it."""

    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseSerializer(many=True)


class CaseloadView(APIView):
    """The caseload of one establishment with deadlines evaluated at `as_of`."""

    @extend_schema(
        parameters=[
            ESTABLISHMENT,
            AS_OF,
            OpenApiParameter("scope", str, enum=["establishment", "mine"]),
            OpenApiParameter("rule", str),
            OpenApiParameter("status", str),
            OpenApiParameter(
                "release_within_days",
                {"type": "integer", "minimum": 0, "maximum": MAX_RELEASE_WITHIN_DAYS},
                description="Only men whose release date falls within this many days",
            ),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses=CasePageSerializer,
    )
    def get(self, request: Request) -> Response:
        if not has(request_actor(request), Capability.VIEW_PRISONER_RECORDS):
            raise Http404
        params = request.query_params
        establishment = selectors.establishment_for_caseload(
            request_actor(request), params.get("establishment")
        )
        filters = selectors.CaseloadFilter(
            scope=params.get("scope", "establishment"),
            rule=params.get("rule", ""),
            status=params.get("status", ""),
            release_within_days=_release_within_days(request),
            sort=params.get("sort", "erd"),
        )
        cases = selectors.caseload(
            request_actor(request),
            establishment=establishment,
            as_of=_as_of(request),
            filters=filters,
        )
        paginator = Pagination()
        page = paginator.paginate_queryset(cases, request, view=self) or []
        services.prisoners_listed(
            actor=request_actor(request),
            what="caseload (API)",
            query=params,
            prison_numbers=[c.prisoner.prison_number for c in page],
            total=len(cases),
            establishment_code=establishment.code,
        )
        return paginator.get_paginated_response([case_data(c) for c in page])


class ReleaseMonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    cases = CaseSerializer(many=True)


class ReleasesBoardView(APIView):
    """Men due for release in the next six months, by month, highest risk first."""

    @extend_schema(parameters=[ESTABLISHMENT, AS_OF], responses=ReleaseMonthSerializer(many=True))
    def get(self, request: Request) -> Response:
        if not has(request_actor(request), Capability.VIEW_PRISONER_RECORDS):
            raise Http404
        establishment = selectors.establishment_for_caseload(
            request_actor(request), request.query_params.get("establishment")
        )
        months = selectors.releases_board(
            request_actor(request), establishment=establishment, as_of=_as_of(request)
        ).months
        services.prisoners_listed(
            actor=request_actor(request),
            what="releases board (API)",
            query=request.query_params,
            prison_numbers=[c.prisoner.prison_number for m in months for c in m.cases],
            establishment_code=establishment.code,
        )
        return Response(
            [
                {"month": m.month.strftime("%Y-%m"), "cases": [case_data(c) for c in m.cases]}
                for m in months
            ]
        )
