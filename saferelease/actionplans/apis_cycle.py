"""API for the inspection cycle: inspection reports (import), reviews of progress (list,
detail, create with judgements, import), urgent notifications (list, detail, create, response,
commitments), concerns across the cycle and the readiness forecast. Scoped through the
selectors (out of scope: 404); writes go through the services (audited)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans import selectors, selectors_cycle
from saferelease.actionplans.apis import AS_OF, ESTABLISHMENT, _as_of, _service_call
from saferelease.actionplans.forms_cycle import REVIEW_OUTCOME_CHOICES
from saferelease.actionplans.models import ReviewOfProgress
from saferelease.actionplans.services_reports import ReportOptions, inspection_report_import
from saferelease.actionplans.services_reviews import Finding, review_create, review_import
from saferelease.actionplans.services_urgent import (
    urgent_commitment_add,
    urgent_notification_record,
    urgent_response_record,
)
from saferelease.core import clock
from saferelease.core.api import refuse_large_body, upload_error
from saferelease.core.uploads import UploadLimits, UploadRefused, limits_for, read_upload
from saferelease.establishments.selectors import establishment_get

# --- inspection reports ------------------------------------------------------------------


def _read(upload: Any, limits: UploadLimits) -> bytes:
    """The uploaded file within its size limit: 413 in the error format otherwise."""
    try:
        return read_upload(upload, limits)
    except UploadRefused as error:
        raise upload_error(error) from None


class ReportImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    establishment = serializers.CharField(
        required=False, allow_blank=True, help_text="Code; default: matched from the report"
    )
    inspection_start = serializers.DateField(required=False)
    inspection_end = serializers.DateField(required=False)
    report_published = serializers.DateField(required=False)


class ReportImportResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged"])
    message = serializers.CharField()
    inspection = serializers.IntegerField(source="inspection.pk")
    establishment = serializers.CharField(source="inspection.establishment.code")
    recommendations = serializers.IntegerField()
    answered_by_plan = serializers.ListField(source="answered", child=serializers.CharField())
    not_answered_by_plan = serializers.ListField(source="unanswered", child=serializers.CharField())
    reworded_by_plan = serializers.ListField(source="reworded", child=serializers.CharField())
    grades = serializers.DictField(source="parsed.grades")
    warnings = serializers.ListField(source="parsed.warnings", child=serializers.CharField())


class InspectionReportImportView(APIView):
    """Import an inspection report (text, .docx or PDF): managers and inspectors."""

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ReportImportRequestSerializer},
        responses={200: ReportImportResultSerializer, 201: ReportImportResultSerializer},
        description="Import an inspection report: its grades and recommendations, each one "
        "record with the action plan's answer to it. The same file again answers 200 "
        "'unchanged'. Bad input: 400 naming the line.",
    )
    def post(self, request: Request) -> Response:
        limits = limits_for("inspection_report")
        refuse_large_body(request, limits)
        form = ReportImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        upload = data["file"]
        result = _service_call(
            inspection_report_import,
            actor=request_actor(request),
            data=_read(upload, limits),
            filename=upload.name,
            options=ReportOptions(
                establishment_code=data.get("establishment") or "",
                inspection_start=data.get("inspection_start"),
                inspection_end=data.get("inspection_end"),
                report_published=data.get("report_published"),
            ),
        )
        code = status.HTTP_201_CREATED if result.outcome == "created" else status.HTTP_200_OK
        return Response(ReportImportResultSerializer(result).data, status=code)


# --- reviews of progress -----------------------------------------------------------------


class FindingSerializer(serializers.Serializer):
    recommendation = serializers.IntegerField(help_text="Recommendation id")
    outcome = serializers.ChoiceField(choices=[c for c in REVIEW_OUTCOME_CHOICES if c[0]])
    words = serializers.CharField(required=False, allow_blank=True, default="")


class ReviewLineSerializer(serializers.Serializer):
    recommendation = serializers.IntegerField(source="recommendation.pk")
    ref = serializers.CharField(source="recommendation.ref")
    report_ref = serializers.CharField(source="recommendation.report_ref")
    claimed = serializers.CharField(help_text="Self-reported status on the review's day")
    outcome = serializers.CharField(source="judgement.outcome")
    words = serializers.CharField(source="judgement.notes")
    claim_not_borne_out = serializers.BooleanField(source="contradicted")


class ReviewSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    inspection = serializers.IntegerField(source="inspection_id")
    establishment = serializers.CharField(source="inspection.establishment.code", read_only=True)
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True, required=False)
    published = serializers.DateField(allow_null=True, required=False)
    inspectors = serializers.ListField(source="inspector_names", child=serializers.CharField())
    summary = serializers.CharField(required=False, allow_blank=True)
    lines = serializers.SerializerMethodField()

    @extend_schema_field(ReviewLineSerializer(many=True))
    def get_lines(self, review: Any) -> list[dict[str, Any]]:
        return list(ReviewLineSerializer(selectors_cycle.review_lines(review), many=True).data)


class ReviewCreateSerializer(serializers.Serializer):
    inspection = serializers.IntegerField()
    start_date = serializers.DateField()
    end_date = serializers.DateField(required=False, allow_null=True)
    published = serializers.DateField(required=False, allow_null=True)
    inspectors = serializers.ListField(child=serializers.CharField(), min_length=1)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    findings = FindingSerializer(many=True, required=False, default=list)


class ReviewImportSerializer(serializers.Serializer):
    inspection = serializers.IntegerField()
    file = serializers.FileField()


@extend_schema_view(list=extend_schema(parameters=[ESTABLISHMENT]))
class ReviewViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Independent reviews of progress, each with its judgements item by item (the prison's
    claim on the review's day against the review's judgement). Inspectors create them."""

    serializer_class = ReviewSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self) -> QuerySet[ReviewOfProgress]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return ReviewOfProgress.objects.none()
        reviews = selectors_cycle.review_list(request_actor(self.request))
        code = self.request.query_params.get("establishment")
        if code:
            reviews = reviews.filter(
                inspection__establishment=establishment_get(request_actor(self.request), code)
            )
        return reviews

    def get_object(self) -> Any:
        return selectors_cycle.review_get(request_actor(self.request), self.kwargs["pk"])

    def _require_inspector(self) -> None:
        require(request_actor(self.request), Capability.RECORD_JUDGEMENTS)

    @extend_schema(request=ReviewCreateSerializer, responses={201: ReviewSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        form = ReviewCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        inspection = selectors.inspection_get(request_actor(request), data["inspection"])
        self._require_inspector()
        findings = []
        for item in data["findings"]:
            recommendation = selectors.recommendation_get(
                request_actor(request), item["recommendation"]
            )
            findings.append(Finding(recommendation, item["outcome"], item.get("words", "")))
        review = _service_call(
            review_create,
            actor=request_actor(request),
            inspection=inspection,
            start_date=data["start_date"],
            end_date=data.get("end_date"),
            published=data.get("published"),
            inspectors="\n".join(data["inspectors"]),
            summary=data.get("summary", ""),
            findings=findings,
            as_of=clock.today(),
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request={"multipart/form-data": ReviewImportSerializer},
        responses={201: ReviewSerializer},
        description="Import a review of progress from its report for an inspection; every "
        "recommendation it follows up must be held (400 naming those that are not).",
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_review(self, request: Request) -> Response:
        limits = limits_for("inspection_report")
        refuse_large_body(request, limits)
        form = ReviewImportSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        inspection = selectors.inspection_get(
            request_actor(request), form.validated_data["inspection"]
        )
        self._require_inspector()
        upload = form.validated_data["file"]
        review = _service_call(
            review_import,
            actor=request_actor(request),
            data=_read(upload, limits),
            filename=upload.name,
            inspection=inspection,
            as_of=clock.today(),
        )
        return Response(ReviewSerializer(review).data, status=status.HTTP_201_CREATED)


# --- urgent notifications ----------------------------------------------------------------


class CommitmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="recommendation.pk")
    ref = serializers.CharField(source="recommendation.ref")
    text = serializers.CharField(source="recommendation.text")
    owner = serializers.SerializerMethodField()
    target_date = serializers.SerializerMethodField()
    status = serializers.CharField()
    overdue = serializers.BooleanField()

    def _line(self, row: Any) -> Any:
        return row.owners[0].line if row.owners else None

    def get_owner(self, row: Any) -> str:
        line = self._line(row)
        return line.function if line else ""

    @extend_schema_field({"type": "string", "format": "date", "nullable": True})
    def get_target_date(self, row: Any) -> str | None:
        line = self._line(row)
        return line.target_date.isoformat() if line and line.target_date else None


class UrgentNotificationSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="notification.pk")
    inspection = serializers.IntegerField(source="notification.inspection_id")
    establishment = serializers.CharField(source="notification.inspection.establishment.code")
    issued_on = serializers.DateField(source="notification.issued_on")
    concerns = serializers.ListField(
        source="notification.concern_list", child=serializers.CharField()
    )
    response_due = serializers.DateField(source="due")
    response_status = serializers.ChoiceField(
        source="status", choices=list(selectors_cycle.URGENT_STATUS_LABELS)
    )
    days_left = serializers.IntegerField(help_text="Negative once the response is late")
    response_published_on = serializers.DateField(
        source="notification.response_published_on", allow_null=True
    )
    response_summary = serializers.CharField(source="notification.response_summary")
    commitments = serializers.SerializerMethodField()

    @extend_schema_field(CommitmentSerializer(many=True))
    def get_commitments(self, row: Any) -> list[dict[str, Any]]:
        as_of = self.context.get("as_of") or clock.today()
        rows = selectors.tracking_rows(
            selectors._annotated(row.notification.commitments.all()), as_of=as_of
        )
        return list(CommitmentSerializer(rows, many=True).data)


class UrgentCreateSerializer(serializers.Serializer):
    inspection = serializers.IntegerField()
    issued_on = serializers.DateField()
    concerns = serializers.ListField(child=serializers.CharField(), min_length=1)


class UrgentResponseSerializer(serializers.Serializer):
    published_on = serializers.DateField()
    summary = serializers.CharField()


class CommitmentCreateSerializer(serializers.Serializer):
    text = serializers.CharField()
    owner = serializers.CharField()
    target_date = serializers.DateField(required=False, allow_null=True)
    ref = serializers.CharField(required=False, allow_blank=True, default="")


ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(parameters=[AS_OF]),
    retrieve=extend_schema(parameters=[AS_OF, ID]),
    record_response=extend_schema(parameters=[ID]),
    commitments=extend_schema(parameters=[ID]),
)
class UrgentNotificationViewSet(viewsets.ViewSet):
    """Urgent notifications with their 28-day response clock on `as_of`. Inspectors record
    them; governors, heads of OMU and administrators record the response and its
    commitments (tracked with owners and target dates)."""

    serializer_class = UrgentNotificationSerializer

    def _row(self, request: Request, pk: int) -> Any:
        notification = selectors_cycle.urgent_notification_get(request_actor(request), pk)
        return next(
            row
            for row in selectors_cycle.urgent_rows(
                request_actor(request), as_of=_as_of(request), inspection=notification.inspection
            )
            if row.notification.pk == notification.pk
        )

    def _data(self, request: Request, row: Any) -> dict[str, Any]:
        return dict(UrgentNotificationSerializer(row, context={"as_of": _as_of(request)}).data)

    @extend_schema(responses=UrgentNotificationSerializer(many=True))
    def list(self, request: Request) -> Response:
        rows = selectors_cycle.urgent_rows(request_actor(request), as_of=_as_of(request))
        return Response(
            UrgentNotificationSerializer(rows, many=True, context={"as_of": _as_of(request)}).data
        )

    @extend_schema(responses=UrgentNotificationSerializer)
    def retrieve(self, request: Request, pk: str) -> Response:
        return Response(self._data(request, self._row(request, _pk(pk))))

    @extend_schema(request=UrgentCreateSerializer, responses={201: UrgentNotificationSerializer})
    def create(self, request: Request) -> Response:
        form = UrgentCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        inspection = selectors.inspection_get(request_actor(request), data["inspection"])
        require(request_actor(request), Capability.RECORD_JUDGEMENTS)
        notification = _service_call(
            urgent_notification_record,
            actor=request_actor(request),
            inspection=inspection,
            issued_on=data["issued_on"],
            concerns="\n\n".join(data["concerns"]),
            as_of=clock.today(),
        )
        return Response(
            self._data(request, self._row(request, notification.pk)),
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(request=UrgentResponseSerializer, responses=UrgentNotificationSerializer)
    @action(detail=True, methods=["post"], url_path="response")
    def record_response(self, request: Request, pk: str) -> Response:
        notification = selectors_cycle.urgent_notification_get(request_actor(request), _pk(pk))
        _require_manager(request)
        form = UrgentResponseSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _service_call(
            urgent_response_record,
            actor=request_actor(request),
            notification=notification,
            published_on=form.validated_data["published_on"],
            summary=form.validated_data["summary"],
            as_of=clock.today(),
        )
        return Response(self._data(request, self._row(request, notification.pk)))

    @extend_schema(
        request=CommitmentCreateSerializer, responses={201: UrgentNotificationSerializer}
    )
    @action(detail=True, methods=["post"])
    def commitments(self, request: Request, pk: str) -> Response:
        notification = selectors_cycle.urgent_notification_get(request_actor(request), _pk(pk))
        _require_manager(request)
        form = CommitmentCreateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        _service_call(
            urgent_commitment_add,
            actor=request_actor(request),
            notification=notification,
            **form.validated_data,
        )
        return Response(
            self._data(request, self._row(request, notification.pk)),
            status=status.HTTP_201_CREATED,
        )


def _pk(text: str) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        raise Http404("No such record") from None


def _require_manager(request: Request) -> None:
    require(request_actor(request), Capability.MANAGE_ACTION_PLANS)


# --- lineage and readiness ---------------------------------------------------------------


class ConcernSerializer(serializers.Serializer):
    recommendations = serializers.SerializerMethodField()
    raised_times = serializers.IntegerField()
    line = serializers.CharField(source="text", help_text="For example 'raised 2015, ...'")

    @extend_schema_field({"type": "array", "items": {"type": "object"}})
    def get_recommendations(self, concern: Any) -> list[dict[str, Any]]:
        return [
            {"id": r.pk, "ref": r.ref, "inspection_start": r.inspection.start_date.isoformat()}
            for r in concern.recommendations
        ]


class AchievementSerializer(serializers.Serializer):
    inspection = serializers.IntegerField(source="inspection.pk")
    inspection_start = serializers.DateField(source="inspection.start_date")
    next_inspection_start = serializers.DateField(source="next_inspection.start_date")
    recommendations = serializers.IntegerField(source="figures.total")
    claimed_complete = serializers.IntegerField(source="figures.claimed_complete")
    judged = serializers.IntegerField(source="figures.judged")
    achieved = serializers.IntegerField(source="figures.achieved")
    partially_achieved = serializers.IntegerField(source="figures.partially_achieved")
    not_achieved = serializers.IntegerField(source="figures.not_achieved")
    achieved_share = serializers.FloatField(source="figures.achieved_share", allow_null=True)


class LineageSerializer(serializers.Serializer):
    establishment = serializers.CharField()
    concerns = ConcernSerializer(many=True)
    achieved_at_next_inspection = AchievementSerializer(many=True)


class EstablishmentLineageView(APIView):
    """Every concern at an establishment through the cycle, and per inspection the share of
    recommendations achieved at the next one."""

    @extend_schema(responses=LineageSerializer)
    def get(self, request: Request, code: str) -> Response:
        establishment = establishment_get(request_actor(request), code)
        body = {
            "establishment": establishment.code,
            "concerns": selectors_cycle.concerns(request_actor(request), establishment),
            "achieved_at_next_inspection": selectors_cycle.achievements(
                request_actor(request), establishment
            ),
        }
        return Response(LineageSerializer(body).data)


class FactorSerializer(serializers.Serializer):
    name = serializers.CharField()
    finding = serializers.CharField()
    points = serializers.IntegerField()
    max_points = serializers.IntegerField()


class ReadinessSerializer(serializers.Serializer):
    establishment = serializers.CharField(source="establishment.code")
    points = serializers.IntegerField(source="forecast.score")
    band = serializers.CharField(source="forecast.band")
    factors = FactorSerializer(source="forecast.factors", many=True)


class ReadinessView(APIView):
    """The inspection-readiness forecast (a heuristic, not a prediction), most at risk first;
    inspectors and administrators."""

    @extend_schema(responses=ReadinessSerializer(many=True), parameters=[AS_OF])
    def get(self, request: Request) -> Response:
        require(request_actor(request), Capability.SEE_READINESS)
        rows = selectors_cycle.readiness(request_actor(request), as_of=_as_of(request))
        return Response(ReadinessSerializer(rows, many=True).data)
