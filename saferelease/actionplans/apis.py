"""API: inspections, action plans (and their import), recommendations, progress updates (and
their evidence files), target-date changes and judgements. Scoped through the selectors (out
of scope: 404); writes go through the services (audited); errors use the project's format
(saferelease.core.api)."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from typing import Any, ClassVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.actionplans import selectors, services
from saferelease.actionplans.importing import ImportOptions, PreparedImport, import_prepare
from saferelease.actionplans.models import (
    ActionPlan,
    Decision,
    EvidenceFile,
    Inspection,
    InspectionKind,
    Judgement,
    JudgementKind,
    JudgementOutcome,
    OwnerLine,
    ProgressStatus,
    ProgressUpdate,
    Recommendation,
    TargetDateChange,
)
from saferelease.core import clock
from saferelease.core.api import (
    PRECONDITION_RESPONSES,
    expected_version,
    refuse_large_body,
    upload_error,
)
from saferelease.core.dates import parse_date
from saferelease.core.uploads import UploadRefused, limits_for, read_upload
from saferelease.establishments.selectors import establishment_get

AS_OF = OpenApiParameter(
    "as_of",
    OpenApiTypes.DATE,
    description="Evaluate overdue and stale on this date (default: today, Europe/London)",
)
ESTABLISHMENT = OpenApiParameter(
    "establishment", OpenApiTypes.STR, description="Establishment code, for example LTI"
)


def _as_of(request: Request) -> dt.date:
    text = request.query_params.get("as_of")
    if not text:
        return clock.today()
    try:
        return parse_date(text)
    except ValueError as error:
        raise ValidationError({"as_of": [str(error)]}) from None


def _int_param(request: Request, name: str) -> int | None:
    text = request.query_params.get(name)
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise ValidationError({name: ["Enter a whole number"]}) from None


def _service_call(function: Any, **kwargs: Any) -> Any:
    """Run a service; its Django ValidationError becomes a DRF one (400, fields kept)."""
    try:
        return function(**kwargs)
    except DjangoValidationError as error:
        detail = error.message_dict if hasattr(error, "error_dict") else error.messages
        raise ValidationError(detail) from None


# --- inspections -------------------------------------------------------------------------


def _grade() -> serializers.IntegerField:
    return serializers.IntegerField(
        read_only=True,
        allow_null=True,
        help_text="Healthy prison test: 4 good, 3 reasonably good, 2 not sufficiently good, 1 poor",
    )


class InspectionSerializer(serializers.ModelSerializer):
    establishment = serializers.CharField(source="establishment.code", read_only=True)
    kind = serializers.CharField(
        read_only=True,
        help_text="full_announced, full_unannounced, independent_review_of_progress or other",
    )
    grade_safety = _grade()
    grade_respect = _grade()
    grade_purposeful_activity = _grade()
    grade_rehabilitation_release_planning = _grade()
    action_plan = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = [
            "id",
            "establishment",
            "kind",
            "start_date",
            "end_date",
            "report_published",
            "grade_safety",
            "grade_respect",
            "grade_purposeful_activity",
            "grade_rehabilitation_release_planning",
            "action_plan",
        ]

    def get_action_plan(self, inspection: Inspection) -> int | None:
        plan = getattr(inspection, "action_plan", None)
        return plan.pk if plan is not None else None


@extend_schema_view(list=extend_schema(parameters=[ESTABLISHMENT]))
class InspectionViewSet(viewsets.ReadOnlyModelViewSet):
    """Inspections at the establishments the caller may see."""

    serializer_class = InspectionSerializer

    def get_queryset(self) -> QuerySet[Inspection]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Inspection.objects.none()
        code = self.request.query_params.get("establishment")
        establishment = establishment_get(request_actor(self.request), code) if code else None
        return selectors.inspection_list(request_actor(self.request), establishment=establishment)

    def get_object(self) -> Inspection:
        return selectors.inspection_get(request_actor(self.request), self.kwargs["pk"])


# --- action plans ------------------------------------------------------------------------


class CountsSerializer(serializers.Serializer):
    recommendations = serializers.IntegerField()
    overdue = serializers.IntegerField(help_text="Recommendations with an overdue owner line")
    overdue_owner_lines = serializers.IntegerField(source="overdue_lines")
    stale = serializers.IntegerField()
    stale_days = serializers.IntegerField()
    decisions_pending = serializers.IntegerField()
    decisions_overdue = serializers.IntegerField()
    complete_nothing_changed = serializers.IntegerField(
        source="nothing_changed",
        help_text="Claimed complete, with a linked metric that has not improved (among the "
        "complete in by_status)",
    )
    by_decision = serializers.DictField(child=serializers.IntegerField())
    by_status = serializers.DictField(child=serializers.IntegerField())
    claimed_complete_share = serializers.FloatField(source="cvv.claimed_share", allow_null=True)
    judged_achieved_share = serializers.FloatField(source="cvv.achieved_share", allow_null=True)
    verified_share = serializers.FloatField(
        source="cvv.verified_share",
        allow_null=True,
        help_text="Achieved at a later inspection, or good progress at a review of progress",
    )
    claimed_but_judged_otherwise = serializers.IntegerField(source="cvv.contradicted")
    claimed_versus_verified_gap = serializers.FloatField(source="cvv.gap", allow_null=True)


class ActionPlanSerializer(serializers.ModelSerializer):
    establishment = serializers.CharField(source="inspection.establishment.code", read_only=True)
    inspection = InspectionSerializer(read_only=True)
    imported_by = serializers.CharField(
        source="imported_by.username", default=None, read_only=True, allow_null=True
    )
    is_current = serializers.BooleanField(
        read_only=True,
        help_text="No later inspection at the establishment has a plan (SP1); a superseded "
        "plan is left out of current figures",
    )
    superseded_by = serializers.IntegerField(
        source="superseded_by_plan_id",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The plan of the next later inspection, which superseded this one",
    )
    superseded_by_inspection_start = serializers.DateField(
        source="superseded_by_start", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "establishment",
            "inspection",
            "submitted",
            "position_as_at",
            "format",
            "source_filename",
            "source_sha256",
            "establishment_as_written",
            "stated_summary",
            "reconciliation",
            "imported_at",
            "imported_by",
            "revision",
            "is_current",
            "superseded_by",
            "superseded_by_inspection_start",
        ]


class ActionPlanDetailSerializer(ActionPlanSerializer):
    counts = serializers.SerializerMethodField()

    class Meta(ActionPlanSerializer.Meta):
        fields = [*ActionPlanSerializer.Meta.fields, "counts"]

    @extend_schema_field(CountsSerializer)
    def get_counts(self, plan: ActionPlan) -> dict[str, Any]:
        return dict(CountsSerializer(self.context["counts"]).data)


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    establishment = serializers.CharField(
        required=False, allow_blank=True, help_text="Code; default: matched from the document"
    )
    inspection_kind = serializers.ChoiceField(
        choices=InspectionKind.choices, required=False, allow_blank=True
    )
    inspection_start = serializers.DateField(required=False)
    inspection_end = serializers.DateField(required=False)
    report_published = serializers.DateField(required=False)
    dry_run = serializers.BooleanField(
        default=False, help_text="Preview only: parse and show what would change; save nothing"
    )
    strict = serializers.BooleanField(
        default=False,
        help_text="Refuse (400) a document whose cover leaves fields absent or unreadable "
        "that are not given here",
    )


class FieldChangeSerializer(serializers.Serializer):
    field = serializers.CharField(source="name")
    # A declared field, not Field.label: DRF's metaclass moves it into `fields`.
    label = serializers.CharField()  # type: ignore[assignment]
    old = serializers.CharField()
    new = serializers.CharField()


class ItemChangeSerializer(serializers.Serializer):
    ref = serializers.CharField()
    changes = FieldChangeSerializer(many=True)


class DiffSerializer(serializers.Serializer):
    added = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    changed = ItemChangeSerializer(many=True)
    plan_changes = FieldChangeSerializer(many=True)


class ImportResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["created", "updated", "unchanged", "preview"])
    message = serializers.CharField()
    action_plan = serializers.IntegerField(allow_null=True)
    establishment = serializers.CharField()
    inspection_start = serializers.DateField()
    items = serializers.IntegerField()
    reconciliation = serializers.DictField()
    inspection_changes = FieldChangeSerializer(many=True)
    diff = DiffSerializer(allow_null=True)
    warnings = serializers.ListField(
        child=serializers.CharField(),
        help_text="Cover fields absent or unreadable, as 'field: why' (the parse contract)",
    )


def _import_result(
    prepared: PreparedImport, outcome: str, message: str, plan_id: int | None
) -> dict[str, Any]:
    return dict(
        ImportResultSerializer(
            {
                "outcome": outcome,
                "message": message,
                "action_plan": plan_id,
                "establishment": prepared.establishment.code,
                "inspection_start": prepared.start_date,
                "items": len(prepared.parsed.items),
                "reconciliation": prepared.document["reconciliation"],
                "inspection_changes": prepared.inspection_changes,
                "diff": prepared.diff,
                "warnings": prepared.parsed.warnings,
            }
        ).data
    )


CURRENT = OpenApiParameter(
    "current",
    OpenApiTypes.BOOL,
    description="true: current plans only; false: superseded plans only (default: both)",
)


@extend_schema_view(list=extend_schema(parameters=[ESTABLISHMENT, CURRENT]))
class ActionPlanViewSet(viewsets.ReadOnlyModelViewSet):
    """Action plans at the establishments the caller may see; import (or revise) a plan."""

    def get_serializer_class(self) -> Any:
        return ActionPlanDetailSerializer if self.action == "retrieve" else ActionPlanSerializer

    def get_queryset(self) -> QuerySet[ActionPlan]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return ActionPlan.objects.none()
        code = self.request.query_params.get("establishment")
        establishment = establishment_get(request_actor(self.request), code) if code else None
        text = self.request.query_params.get("current", "").lower()
        if text not in ("true", "false", ""):
            raise ValidationError({"current": ["Use true or false"]})
        current = None if not text else text == "true"
        return selectors.action_plan_list(
            request_actor(self.request), establishment=establishment, current=current
        )

    def get_object(self) -> ActionPlan:
        return selectors.action_plan_get(request_actor(self.request), self.kwargs["pk"])

    @extend_schema(parameters=[AS_OF])
    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        plan = self.get_object()
        rows = selectors.tracking_rows(
            selectors.recommendation_list(request_actor(request), action_plan=plan),
            as_of=_as_of(request),
        )
        context = {**self.get_serializer_context(), "counts": selectors.tracking_counts(rows)}
        return Response(ActionPlanDetailSerializer(plan, context=context).data)

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: ImportResultSerializer,
            201: ImportResultSerializer,
            413: OpenApiResponse(description="The file is larger than an action plan's size limit"),
            503: OpenApiResponse(
                description="The database failed during the import: nothing was saved"
            ),
        },
        description="Import an action plan file. Atomic and idempotent: the same content "
        "again answers 200 with outcome 'unchanged'; a revised plan for the same inspection "
        "answers 200 'updated' with the differences; a new plan 201 'created'. With "
        "dry_run=true nothing is saved and the outcome is 'preview'. Bad input: 400 naming "
        "the line or row, or the limit the file is over (docs/actionplan-import.md); a file "
        "larger than the size limit: 413.",
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="import",
        parser_classes=[MultiPartParser, FormParser],
    )
    def import_plan(self, request: Request) -> Response:
        limits = limits_for("action_plan")
        refuse_large_body(request, limits)
        form = ImportRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        upload = data["file"]
        try:
            content = read_upload(upload, limits)
        except UploadRefused as error:
            raise upload_error(error) from None
        options = ImportOptions(
            establishment_code=data.get("establishment") or "",
            inspection_kind=data.get("inspection_kind") or "",
            inspection_start=data.get("inspection_start"),
            inspection_end=data.get("inspection_end"),
            report_published=data.get("report_published"),
            strict=data["strict"],
        )
        if data["dry_run"]:
            prepared = _service_call(
                import_prepare,
                actor=request_actor(request),
                data=content,
                filename=upload.name,
                options=options,
            )
            plan_id = prepared.plan.pk if prepared.plan else None
            body = _import_result(prepared, "preview", prepared.outcome_text(), plan_id)
            return Response(body)
        result = _service_call(
            services.action_plan_import,
            actor=request_actor(request),
            data=content,
            filename=upload.name,
            options=options,
        )
        body = _import_result(result.prepared, result.outcome, result.message, result.plan.pk)
        code = status.HTTP_201_CREATED if result.outcome == "created" else status.HTTP_200_OK
        return Response(body, status=code)


# --- recommendations ---------------------------------------------------------------------


class OwnerLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(
        source="line.pk",
        help_text="The owner line: `owner_line` of /api/v1/target-date-changes/ (its history, "
        "and POST to change the target)",
    )
    function = serializers.CharField(source="line.function", help_text="As the plan writes it")
    owner_function = serializers.CharField(
        source="function",
        help_text="The canonical name it is grouped and counted under (owner functions and "
        "their aliases)",
    )
    target_date = serializers.DateField(
        source="line.target_date", allow_null=True, help_text="The current target date"
    )
    target_as_written = serializers.CharField(source="line.target_as_written")
    version = serializers.IntegerField(
        source="line.version",
        help_text='The line\'s version: send it as If-Match: "N" when changing its target',
    )
    overdue = serializers.BooleanField()


class RecommendationSerializer(serializers.Serializer):
    """A recommendation with what the rules say about it on `as_of` (instances are
    `selectors.RecommendationTracking`)."""

    id = serializers.IntegerField(source="recommendation.pk")
    action_plan = serializers.IntegerField(
        source="recommendation.action_plan_id",
        allow_null=True,
        help_text="Null while no action plan answers it (a concern read from a report)",
    )
    establishment = serializers.CharField(source="recommendation.inspection.establishment.code")
    ref = serializers.CharField(source="recommendation.ref")
    kind = serializers.CharField(source="recommendation.kind")
    addressee = serializers.CharField(source="recommendation.addressee")
    area = serializers.CharField(source="recommendation.area")
    text = serializers.CharField(source="recommendation.text")
    paragraph_refs = serializers.ListField(
        source="recommendation.paragraph_refs", child=serializers.CharField()
    )
    repeats = serializers.ListField(source="recommendation.repeats", child=serializers.CharField())
    decision = serializers.ChoiceField(
        source="recommendation.decision",
        choices=Decision.choices,
        allow_blank=True,
        help_text="Empty while no action plan has answered it",
    )
    decision_as_written = serializers.CharField(source="recommendation.decision_as_written")
    response = serializers.CharField(source="recommendation.response")
    decide_by = serializers.DateField(source="recommendation.decide_by", allow_null=True)
    open_part_resolved_on = serializers.DateField(
        source="recommendation.open_part_resolved_on", allow_null=True
    )
    in_current_plan = serializers.BooleanField(source="recommendation.in_current_plan")
    owners = OwnerLineSerializer(many=True)
    status = serializers.CharField(help_text="Self-reported: not_reported, not_started, ...")
    latest_update_on = serializers.DateField(allow_null=True)
    overdue = serializers.BooleanField()
    stale = serializers.BooleanField()
    decision_pending = serializers.BooleanField()
    decision_overdue = serializers.BooleanField()
    judgement = serializers.CharField(source="judgement_outcome", allow_null=True)
    judged_on = serializers.DateField(source="judgement_on", allow_null=True)
    complete_nothing_changed = serializers.BooleanField(
        help_text="Claimed complete, and a linked metric has not improved since the inspection"
    )
    nothing_changed_metric = serializers.CharField(
        source="nothing_changed.metric.code", allow_null=True, default=None
    )
    url = serializers.SerializerMethodField()

    def get_url(self, row: selectors.RecommendationTracking) -> str:
        return reverse("actionplans:recommendation", args=[row.recommendation.pk])


@extend_schema_view(
    list=extend_schema(
        parameters=[
            AS_OF,
            ESTABLISHMENT,
            OpenApiParameter("action_plan", OpenApiTypes.INT),
            OpenApiParameter("decision", OpenApiTypes.STR, enum=[d.value for d in Decision]),
        ]
    ),
    retrieve=extend_schema(parameters=[AS_OF]),
)
class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """Recommendations of current plans, with self-reported status, overdue and stale."""

    serializer_class = RecommendationSerializer
    queryset = Recommendation.objects.none()

    def get_queryset(self) -> QuerySet[Recommendation]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Recommendation.objects.none()
        params = self.request.query_params
        code = params.get("establishment")
        plan_id = _int_param(self.request, "action_plan")
        recommendations = selectors.recommendation_list(
            request_actor(self.request),
            establishment=establishment_get(request_actor(self.request), code) if code else None,
            action_plan=selectors.action_plan_get(request_actor(self.request), plan_id)
            if plan_id is not None
            else None,
        )
        if params.get("decision"):
            recommendations = recommendations.filter(decision=params["decision"])
        return recommendations

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        rows = selectors.tracking_rows(page or [], as_of=_as_of(request))
        return self.get_paginated_response(RecommendationSerializer(rows, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        recommendation = selectors.recommendation_get(request_actor(request), self.kwargs["pk"])
        row = selectors.recommendation_tracking(recommendation, as_of=_as_of(request))
        return Response(RecommendationSerializer(row).data)


# --- progress updates --------------------------------------------------------------------


class EvidenceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The web page's download (signed-in session)")
    download_url = serializers.SerializerMethodField(
        help_text="The API download (token or session): GET answers the file itself"
    )

    class Meta:
        model = EvidenceFile
        fields = ["id", "original_name", "content_type", "size", "sha256", "url", "download_url"]

    def get_url(self, evidence: EvidenceFile) -> str:
        return reverse("actionplans:evidence", args=[evidence.pk])

    def get_download_url(self, evidence: EvidenceFile) -> str:
        return reverse("api:evidence-file-download", args=[evidence.pk])


class ProgressUpdateSerializer(serializers.ModelSerializer):
    recommendation = serializers.IntegerField(source="recommendation_id")
    author = serializers.CharField(source="author.username", default=None, read_only=True)
    evidence = EvidenceSerializer(source="evidence_files", many=True, read_only=True)
    evidence_files = serializers.ListField(
        child=serializers.FileField(),
        write_only=True,
        required=False,
        help_text="PDF, .docx, .xlsx, PNG, JPG or .txt; each within the evidence size limit "
        "(10 MB unless configured; multipart only)",
    )
    status = serializers.ChoiceField(choices=ProgressStatus.choices)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "recommendation",
            "date",
            "status",
            "narrative",
            "author",
            "created_at",
            "evidence",
            "evidence_files",
        ]
        read_only_fields = ["created_at"]


class JudgementSerializer(serializers.ModelSerializer):
    recommendation = serializers.IntegerField(source="recommendation_id")
    inspector = serializers.CharField(source="inspector.username", default=None, read_only=True)
    kind = serializers.ChoiceField(choices=JudgementKind.choices)
    outcome = serializers.ChoiceField(choices=JudgementOutcome.choices)

    class Meta:
        model = Judgement
        fields = [
            "id",
            "recommendation",
            "kind",
            "outcome",
            "date",
            "notes",
            "inspector",
            "created_at",
        ]
        read_only_fields = ["created_at"]
        extra_kwargs = {"notes": {"required": False, "allow_blank": True}}


RECOMMENDATION = OpenApiParameter("recommendation", OpenApiTypes.INT)


class _RecommendationChildViewSet(
    ABC,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Records about one recommendation: list (filter ?recommendation=), detail, create.
    Creating needs `capability` (else 403), valid input (else 400) and a parent the caller
    may see (else 404): the recommendation, unless `parent` says otherwise. The input is
    read with `input_serializer_class` when the record is answered in another shape."""

    capability: ClassVar[Capability]
    input_serializer_class: type[serializers.Serializer] | None = None

    def _recommendation_filter(self) -> Recommendation | None:
        pk = _int_param(self.request, "recommendation")
        return (
            selectors.recommendation_get(request_actor(self.request), pk)
            if pk is not None
            else None
        )

    def parent(self, data: dict[str, Any]) -> Any:
        """Take the parent's id out of ``data``; the parent, if the caller may see it."""
        return selectors.recommendation_get(
            request_actor(self.request), data.pop("recommendation_id")
        )

    @abstractmethod
    def record(self, parent: Any, data: dict[str, Any]) -> Any:
        """Create the child record through its service."""

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        require(request_actor(request), self.capability)
        reader = self.input_serializer_class or self.get_serializer_class()
        serializer = reader(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        created = _service_call(self.record, parent=self.parent(data), data=data)
        return Response(self.get_serializer(created).data, status=status.HTTP_201_CREATED)


@extend_schema_view(list=extend_schema(parameters=[RECOMMENDATION]))
class ProgressUpdateViewSet(_RecommendationChildViewSet):
    """The prison's own progress updates. Creating one needs the manage capability
    (governor, head of OMU, admin)."""

    serializer_class = ProgressUpdateSerializer
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    capability = Capability.MANAGE_ACTION_PLANS

    def get_queryset(self) -> QuerySet[ProgressUpdate]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return ProgressUpdate.objects.none()
        return selectors.progress_update_list(
            request_actor(self.request), recommendation=self._recommendation_filter()
        )

    def get_object(self) -> Any:
        return selectors.progress_update_get(request_actor(self.request), self.kwargs["pk"])

    def record(self, parent: Recommendation, data: dict[str, Any]) -> Any:
        return services.progress_update_create(
            actor=request_actor(self.request),
            recommendation=parent,
            date=data["date"],
            status=data["status"],
            narrative=data["narrative"],
            evidence=data.get("evidence_files", []),
            as_of=clock.today(),
        )


class EvidenceFileViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Evidence files of progress updates at the establishments the caller may see (else 404):
    the file's details, and the file itself. Every download is audited."""

    serializer_class = EvidenceSerializer
    queryset = EvidenceFile.objects.none()

    def get_object(self) -> EvidenceFile:
        return selectors.evidence_get(request_actor(self.request), self.kwargs["pk"])

    def perform_content_negotiation(self, request: Request, force: bool = False) -> Any:
        # A download answers whatever the client accepts (the file has its own type);
        # its errors are still JSON in the project's format.
        return super().perform_content_negotiation(
            request, force=force or self.action == "download"
        )

    @extend_schema(
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
        description="The evidence file as an attachment, with its own content type (PDF, "
        ".docx, .xlsx, PNG, JPG or text). Audited as a view of the file. Out of scope: 404.",
    )
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: str | None = None) -> FileResponse:
        evidence = self.get_object()
        handle = evidence.file.open("rb")
        services.evidence_download_record(actor=request_actor(request), evidence=evidence)
        response = FileResponse(handle, as_attachment=True, filename=evidence.original_name)
        response["Content-Type"] = evidence.content_type
        return response


# --- target-date changes -----------------------------------------------------------------


class TargetDateChangeSerializer(serializers.ModelSerializer):
    recommendation = serializers.IntegerField(source="recommendation_id", read_only=True)
    owner_line = serializers.IntegerField(
        source="owner_line_id",
        read_only=True,
        allow_null=True,
        help_text="The owner line (a recommendation's owners[].id); null once a revised plan "
        "removed it (the history stays)",
    )
    changed_by = serializers.CharField(
        source="changed_by.username", default=None, read_only=True, allow_null=True
    )

    class Meta:
        model = TargetDateChange
        fields = [
            "id",
            "recommendation",
            "owner_line",
            "function",
            "old_date",
            "old_as_written",
            "new_date",
            "reason",
            "changed_by",
            "changed_at",
        ]
        read_only_fields = fields


class NewTargetDateSerializer(serializers.Serializer):
    owner_line = serializers.IntegerField(
        help_text="The owner line whose target changes: a recommendation's owners[].id"
    )
    new_date = serializers.DateField(help_text="The new target date, YYYY-MM-DD")
    # Blank is refused by the service (one rule, one message, as on the page).
    reason = serializers.CharField(
        max_length=2_000,
        allow_blank=True,
        help_text="Why the target changes (required, not blank)",
        error_messages={"required": "Enter the reason for changing the target date"},
    )


OWNER_LINE = OpenApiParameter("owner_line", OpenApiTypes.INT)
OWNER_LINE_IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description='Optional: the owner line\'s version as an entity tag ("N", from owners[].version '
    "of the recommendation). When given and the line has changed since: 412, nothing saved. "
    "Without it the change applies to the target as it is when saved (the history records "
    "that old date).",
)


@extend_schema_view(
    list=extend_schema(
        parameters=[RECOMMENDATION, OWNER_LINE],
        description="The target-date history of owners the caller may see, newest first: "
        "filter by ?recommendation= (every owner of it) or ?owner_line=. Out of scope: 404.",
    ),
    retrieve=extend_schema(description="One target-date change. Out of scope: 404."),
)
class TargetDateChangeViewSet(_RecommendationChildViewSet):
    """The history of owners' target dates (filter ?recommendation= or ?owner_line=), newest
    first; change a target. Changing needs the manage capability (governor, head of OMU,
    admin; others 403) and an owner line the caller may see (else 404)."""

    serializer_class = TargetDateChangeSerializer
    input_serializer_class = NewTargetDateSerializer
    capability = Capability.MANAGE_ACTION_PLANS

    def get_queryset(self) -> QuerySet[TargetDateChange]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return TargetDateChange.objects.none()
        line_pk = _int_param(self.request, "owner_line")
        return selectors.target_date_change_list(
            request_actor(self.request),
            recommendation=self._recommendation_filter(),
            owner_line=selectors.owner_line_get(request_actor(self.request), line_pk)
            if line_pk is not None
            else None,
        )

    def get_object(self) -> TargetDateChange:
        return selectors.target_date_change_get(request_actor(self.request), self.kwargs["pk"])

    def parent(self, data: dict[str, Any]) -> OwnerLine:
        return selectors.owner_line_get(request_actor(self.request), data.pop("owner_line"))

    @extend_schema(
        request=NewTargetDateSerializer,
        parameters=[OWNER_LINE_IF_MATCH],
        responses={
            201: TargetDateChangeSerializer,
            **{code: PRECONDITION_RESPONSES[code] for code in (400, 403, 404, 412)},
        },
        description="Change an owner line's target date with a reason; the old target is kept "
        "in the history and the change is audited. Concurrent changes to one line are applied "
        "one after the other, each recording the target it replaced. Bad input (a date not "
        "YYYY-MM-DD, the same date, a blank reason, a recommendation no longer in the current "
        "plan): 400, nothing saved.",
    )
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().create(request, *args, **kwargs)

    def record(self, parent: OwnerLine, data: dict[str, Any]) -> Any:
        return services.target_date_change(
            actor=request_actor(self.request),
            owner_line=parent,
            new_date=data["new_date"],
            reason=data["reason"],
            expected_version=expected_version(self.request)
            if "If-Match" in self.request.headers
            else None,
        )


# --- judgements --------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(parameters=[RECOMMENDATION]))
class JudgementViewSet(_RecommendationChildViewSet):
    """Independent judgements. Only inspectors may create one (others: 403)."""

    serializer_class = JudgementSerializer
    capability = Capability.RECORD_JUDGEMENTS

    def get_queryset(self) -> QuerySet[Judgement]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Judgement.objects.none()
        return selectors.judgement_list(
            request_actor(self.request), recommendation=self._recommendation_filter()
        )

    def get_object(self) -> Any:
        return selectors.judgement_get(request_actor(self.request), self.kwargs["pk"])

    def record(self, parent: Recommendation, data: dict[str, Any]) -> Any:
        return services.judgement_record(
            actor=request_actor(self.request),
            recommendation=parent,
            kind=data["kind"],
            outcome=data["outcome"],
            date=data["date"],
            notes=data.get("notes", ""),
            as_of=clock.today(),
        )
