"""API for the offender management unit's work, under /api/v1/ (scoped like the pages:
404 outside scope; edits need If-Match)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from saferelease.core import clock
from saferelease.core.api import (
    ETAG_HEADER,
    IF_MATCH,
    PRECONDITION_RESPONSES,
    expected_version,
    with_etag,
)
from saferelease.omu import selectors, services
from saferelease.omu.models import ComReportRequest
from saferelease.omu.rules import ReportStatus, report_status
from saferelease.release_planning.selectors import prisoner_get


class ComReportRequestSerializer(serializers.ModelSerializer):
    prison_number = serializers.CharField(source="prisoner.prison_number", read_only=True)
    establishment = serializers.CharField(source="prisoner.establishment.code", read_only=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = ComReportRequest
        fields = [
            "id",
            "prison_number",
            "establishment",
            "kind",
            "kind_other",
            "pdu",
            "requested_on",
            "due_on",
            "received_on",
            "quality_acceptable",
            "notes",
            "status",
            "version",
        ]
        read_only_fields = ["id", "version"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, obj: ComReportRequest) -> str:
        """Where the request stands today: received_on_time, received_late, overdue, awaited."""
        return str(
            report_status(due_on=obj.due_on, received_on=obj.received_on, as_of=clock.today())
        )


class ComReportRequestCreateSerializer(serializers.ModelSerializer):
    prison_number = serializers.CharField(max_length=20, write_only=True)

    class Meta:
        model = ComReportRequest
        fields = [
            "prison_number",
            "kind",
            "kind_other",
            "pdu",
            "requested_on",
            "due_on",
            "received_on",
            "quality_acceptable",
            "notes",
        ]
        # The model's checks across fields run in the service (one message per field).
        validators: list[object] = []


class ComReportRequestUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = ComReportRequest
        fields = list(services.COM_REPORT_FIELDS)
        validators: list[object] = []


STATUS = OpenApiParameter(
    "status", OpenApiTypes.STR, enum=[s.value for s in ReportStatus], description="On today"
)
ESTABLISHMENT = OpenApiParameter("establishment", OpenApiTypes.STR, description="A code: LTI")
PRISONER = OpenApiParameter("prison_number", OpenApiTypes.STR)


class ComReportRequestViewSet(viewsets.GenericViewSet):
    """Requests to community offender managers for reports, for prisoners the caller may
    see."""

    serializer_class = ComReportRequestSerializer

    def get_queryset(self):
        return selectors.com_reports_visible_to(self.request.user)

    @extend_schema(parameters=[ESTABLISHMENT, STATUS, PRISONER])
    def list(self, request: Request) -> Response:
        params = request.query_params
        rows = selectors.com_report_rows(
            request.user,
            as_of=clock.today(),
            establishment_code=params.get("establishment", ""),
            status=params.get("status", ""),
            prison_number=params.get("prison_number", ""),
        )
        page = self.paginate_queryset([row.request for row in rows]) or []
        services.com_reports_listed(
            actor=request.user,
            requests=page,
            query=params,
            total=len(rows),
            establishment_code=params.get("establishment", ""),
            what="COM report requests (API)",
        )
        return self.get_paginated_response(ComReportRequestSerializer(page, many=True).data)

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request: Request, pk: str) -> Response:
        report = selectors.com_report_get(request.user, _pk(pk))
        services.com_report_request_viewed(actor=request.user, request=report)
        return with_etag(Response(ComReportRequestSerializer(report).data), report)

    @extend_schema(
        request=ComReportRequestCreateSerializer,
        responses={201: ComReportRequestSerializer},
    )
    def create(self, request: Request) -> Response:
        if not getattr(request.user, "may_update_cases", False):
            raise PermissionDenied("Your role cannot record offender management work")
        serializer = ComReportRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        prisoner = prisoner_get(request.user, values.pop("prison_number"))
        report = services.com_report_request_create(
            actor=request.user, prisoner=prisoner, values=values
        )
        response = Response(ComReportRequestSerializer(report).data, status=status.HTTP_201_CREATED)
        return with_etag(response, report)

    @extend_schema(
        request=ComReportRequestUpdateSerializer,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: ComReportRequestSerializer, **PRECONDITION_RESPONSES},
        description="Change the fields sent; If-Match must carry the ETag of the GET (428 "
        "without it, 412 when the request changed since; nothing saved).",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        report = selectors.com_report_get(request.user, _pk(pk))
        if not getattr(request.user, "may_update_cases", False):
            raise PermissionDenied("Your role cannot record offender management work")
        version = expected_version(request)
        serializer = ComReportRequestUpdateSerializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        report = services.com_report_request_update(
            actor=request.user,
            request=report,
            changes=dict(serializer.validated_data),
            expected_version=version,
        )
        return with_etag(Response(ComReportRequestSerializer(report).data), report)


def _pk(text: str) -> int:
    if not text.isdigit() or len(text) > 10:
        raise Http404
    return int(text)
