"""API for the offender management unit's work, under /api/v1/ (scoped like the pages:
404 outside scope; reads of records audited; edits need If-Match): COM report requests,
QA samples and reviews, supervision sessions, programmes with their waiting lists, and
engagement offers."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.accounts.models import User
from saferelease.audit.services import audit_read
from saferelease.core import clock
from saferelease.core.api import (
    ETAG_HEADER,
    IF_MATCH,
    PRECONDITION_RESPONSES,
    expected_version,
    with_etag,
)
from saferelease.establishments.models import Establishment
from saferelease.establishments.selectors import establishment_get, establishments_visible_to
from saferelease.omu import selectors, services
from saferelease.omu.models import (
    ComReportRequest,
    EngagementOffer,
    Programme,
    ProgrammeNeed,
    QaAnswer,
    QaRating,
    QaReview,
    QaSample,
    SupervisionSession,
)
from saferelease.omu.rules import ReportStatus, qa_meets_standard, report_status
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
        if getattr(self, "swagger_fake_view", False):
            return ComReportRequest.objects.none()
        return selectors.com_reports_visible_to(request_actor(self.request))

    @extend_schema(parameters=[ESTABLISHMENT, STATUS, PRISONER])
    def list(self, request: Request) -> Response:
        actor = request_actor(request)
        params = request.query_params
        rows = selectors.com_report_rows(
            actor,
            as_of=clock.today(),
            establishment_code=params.get("establishment", ""),
            status=params.get("status", ""),
            prison_number=params.get("prison_number", ""),
        )
        page = self.paginate_queryset([row.request for row in rows]) or []
        services.com_reports_listed(
            actor=actor,
            requests=page,
            query=params,
            total=len(rows),
            establishment_code=params.get("establishment", ""),
            what="COM report requests (API)",
        )
        return self.get_paginated_response(ComReportRequestSerializer(page, many=True).data)

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = request_actor(request)
        report = selectors.com_report_get(actor, _pk(pk))
        services.com_report_request_viewed(actor=actor, request=report)
        return with_etag(Response(ComReportRequestSerializer(report).data), report)

    @extend_schema(
        request=ComReportRequestCreateSerializer,
        responses={201: ComReportRequestSerializer},
    )
    def create(self, request: Request) -> Response:
        actor = _require(request, Capability.UPDATE_CASES)
        serializer = ComReportRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        prisoner = prisoner_get(actor, values.pop("prison_number"))
        report = services.com_report_request_create(actor=actor, prisoner=prisoner, values=values)
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
        actor = request_actor(request)
        report = selectors.com_report_get(actor, _pk(pk))
        require(actor, Capability.UPDATE_CASES)
        version = expected_version(request)
        serializer = ComReportRequestUpdateSerializer(report, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        report = services.com_report_request_update(
            actor=actor,
            request=report,
            changes=dict(serializer.validated_data),
            expected_version=version,
        )
        return with_etag(Response(ComReportRequestSerializer(report).data), report)


def _pk(text: str) -> int:
    if not text.isdigit() or len(text) > 10:
        raise Http404
    return int(text)


# --- Quality assurance, supervision, programmes and engagement offers -------------------


def _require(request: Request, capability: Capability) -> User:
    actor = request_actor(request)
    require(actor, capability)
    return actor


def _establishment_code(request: Request) -> str:
    return request.query_params.get("establishment", "").strip()


class QaAnswerSerializer(serializers.ModelSerializer):
    class Meta:
        model = QaAnswer
        fields = ["item", "item_text", "rating", "comment"]


class QaReviewSerializer(serializers.ModelSerializer):
    establishment = serializers.CharField(source="sample.establishment.code", read_only=True)
    month = serializers.DateField(source="sample.month", read_only=True)
    prison_number = serializers.CharField(source="prisoner.prison_number", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True, allow_null=True)
    reviewer = serializers.CharField(source="reviewer.username", read_only=True, allow_null=True)
    state = serializers.SerializerMethodField()
    meets_standard = serializers.SerializerMethodField()
    answers = QaAnswerSerializer(many=True, read_only=True)

    class Meta:
        model = QaReview
        fields = [
            "id",
            "sample",
            "establishment",
            "month",
            "prison_number",
            "assessment_completed_on",
            "author",
            "reviewer",
            "due_on",
            "completed_on",
            "summary",
            "state",
            "meets_standard",
            "answers",
            "version",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_state(self, obj: QaReview) -> str:
        """Today: Completed on time, Completed late, Overdue or Due."""
        return selectors.qa_review_state(obj, clock.today())

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_meets_standard(self, obj: QaReview) -> bool | None:
        """No checklist item "not met" (null while nothing is rated)."""
        return qa_meets_standard(answer.rating for answer in obj.answers.all())


class QaSampleSerializer(serializers.ModelSerializer):
    establishment = serializers.CharField(source="establishment.code", read_only=True)
    reviews = serializers.SerializerMethodField()

    class Meta:
        model = QaSample
        fields = [
            "id",
            "establishment",
            "month",
            "seed",
            "population",
            "percent",
            "size",
            "due_on",
            "drawn_at",
            "reviews",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_reviews(self, obj: QaSample) -> list[int]:
        """The ids of its reviews (``/api/v1/qa-reviews/<id>/``)."""
        return [review.pk for review in obj.reviews.all()]


class QaRatingSerializer(serializers.Serializer):
    item = serializers.IntegerField(min_value=1, help_text="A checklist item's id")
    rating = serializers.ChoiceField(choices=QaRating.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class QaReviewSubmitSerializer(serializers.Serializer):
    completed_on = serializers.DateField()
    summary = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")
    ratings = QaRatingSerializer(many=True, help_text="One for every active checklist item")


QA_STATE = OpenApiParameter(
    "state",
    OpenApiTypes.STR,
    enum=["due", "overdue", "completed"],
    description="Today: not completed and not past due, past due, or completed",
)


class QaSampleViewSet(viewsets.GenericViewSet):
    """Monthly samples of OASys assessments for quality assurance, at the establishments
    the caller sees (docs/omu.md)."""

    serializer_class = QaSampleSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QaSample.objects.none()
        return selectors.qa_samples_visible_to(request_actor(self.request))

    @extend_schema(parameters=[ESTABLISHMENT])
    def list(self, request: Request) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        samples = selectors.qa_samples_visible_to(actor).select_related("establishment")
        code = _establishment_code(request)
        if code:
            samples = samples.filter(establishment__code=code.upper())
        samples = samples.prefetch_related("reviews").order_by("-month", "establishment__code")
        page = self.paginate_queryset(samples) or []
        audit_read(
            actor=actor,
            object_type="omu.qasample",
            establishment_code=code.upper()[:10],
            query=request.query_params,
            total=samples.count(),
            summary="Listed QA samples (API)",
        )
        return self.get_paginated_response(QaSampleSerializer(page, many=True).data)

    def retrieve(self, request: Request, pk: str) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        sample = selectors.qa_sample_get(actor, _pk(pk))
        audit_read(
            actor=actor,
            object_type="omu.qasample",
            object_id=sample.pk,
            object_repr=str(sample),
            establishment_code=sample.establishment.code,
            total=1,
            summary="Viewed a QA sample (API)",
        )
        return Response(QaSampleSerializer(sample).data)


class QaReviewViewSet(viewsets.GenericViewSet):
    """Reviews of sampled OASys assessments: list, one review (with an ETag) and its
    submission (If-Match)."""

    serializer_class = QaReviewSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return QaReview.objects.none()
        return selectors.qa_reviews_visible_to(request_actor(self.request))

    @extend_schema(parameters=[ESTABLISHMENT, QA_STATE])
    def list(self, request: Request) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        reviews = selectors.qa_reviews_visible_to(actor).select_related(
            "sample__establishment", "prisoner", "author", "reviewer"
        )
        code = _establishment_code(request)
        if code:
            reviews = reviews.filter(sample__establishment__code=code.upper())
        state = request.query_params.get("state", "")
        today = clock.today()
        if state == "completed":
            reviews = reviews.filter(completed_on__isnull=False)
        elif state == "due":
            reviews = reviews.filter(completed_on__isnull=True, due_on__gte=today)
        elif state == "overdue":
            reviews = reviews.filter(completed_on__isnull=True, due_on__lt=today)
        reviews = reviews.prefetch_related("answers").order_by("due_on", "pk")
        page = self.paginate_queryset(reviews) or []
        audit_read(
            actor=actor,
            object_type="omu.qareview",
            establishment_code=code.upper()[:10],
            query=request.query_params,
            prison_numbers=[review.prisoner.prison_number for review in page],
            total=reviews.count(),
            summary="Listed QA reviews (API)",
        )
        return self.get_paginated_response(QaReviewSerializer(page, many=True).data)

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        review = selectors.qa_review_get(actor, _pk(pk))
        _review_viewed(actor, review)
        return with_etag(Response(QaReviewSerializer(review).data), review)

    @extend_schema(
        request=QaReviewSubmitSerializer,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: QaReviewSerializer, **PRECONDITION_RESPONSES},
        description="Record the review: a rating for every active checklist item, the date "
        "and an overall comment. Only its reviewer or the head of OMU, never the author. "
        "If-Match must carry the ETag of the GET (428 without it, 412 when it changed).",
    )
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str) -> Response:
        actor = request_actor(request)
        review = selectors.qa_review_get(actor, _pk(pk))
        version = expected_version(request)
        serializer = QaReviewSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        review = services.qa_review_complete(
            actor=actor,
            review=review,
            ratings={r["item"]: (r["rating"], r["comment"]) for r in data["ratings"]},
            summary=data["summary"],
            completed_on=data["completed_on"],
            today=clock.today(),
            expected_version=version,
        )
        review = selectors.qa_review_get(actor, review.pk)
        return with_etag(Response(QaReviewSerializer(review).data), review)


def _review_viewed(actor: User, review: QaReview) -> None:
    audit_read(
        actor=actor,
        object_type="omu.qareview",
        object_id=review.pk,
        object_repr=str(review),
        establishment_code=review.sample.establishment.code,
        prison_numbers=[review.prisoner.prison_number],
        summary="Viewed a QA review (API)",
    )


class SupervisionSessionSerializer(serializers.ModelSerializer):
    establishment = serializers.CharField(source="establishment.code", read_only=True)
    pom = serializers.CharField(source="pom.username", read_only=True)
    supervisor = serializers.CharField(source="supervisor.username", read_only=True)

    class Meta:
        model = SupervisionSession
        fields = ["id", "establishment", "pom", "supervisor", "held_on", "notes", "version"]
        read_only_fields = fields


class SupervisionSessionWriteSerializer(serializers.Serializer):
    pom = serializers.CharField(max_length=150, help_text="The POM's username")
    supervisor = serializers.CharField(max_length=150, help_text="The supervisor's username")
    held_on = serializers.DateField()
    notes = serializers.CharField(required=False, allow_blank=True, max_length=4000, default="")


class SupervisionSessionCreateSerializer(SupervisionSessionWriteSerializer):
    establishment = serializers.CharField(max_length=10, help_text="A code: LTI")


def _staff(establishment: Establishment, username: str, field: str) -> User:
    for user in services.qa_reviewer_candidates(establishment):
        if user.username == username:
            return user
    raise serializers.ValidationError({field: ["No member of staff with this username here"]})


class SupervisionSessionViewSet(viewsets.GenericViewSet):
    """POM supervision sessions at the establishments the caller sees."""

    serializer_class = SupervisionSessionSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SupervisionSession.objects.none()
        return selectors.supervision_sessions_visible_to(request_actor(self.request))

    @extend_schema(parameters=[ESTABLISHMENT])
    def list(self, request: Request) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        sessions = selectors.supervision_sessions_visible_to(actor).select_related(
            "establishment", "pom", "supervisor"
        )
        code = _establishment_code(request)
        if code:
            sessions = sessions.filter(establishment__code=code.upper())
        sessions = sessions.order_by("-held_on", "-pk")
        page = self.paginate_queryset(sessions) or []
        audit_read(  # staff's supervision records
            actor=actor,
            object_type="omu.supervisionsession",
            establishment_code=code.upper()[:10],
            query=request.query_params,
            total=sessions.count(),
            summary="Listed supervision sessions (API)",
        )
        return self.get_paginated_response(SupervisionSessionSerializer(page, many=True).data)

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        session = selectors.supervision_session_get(actor, _pk(pk))
        audit_read(
            actor=actor,
            object_type="omu.supervisionsession",
            object_id=session.pk,
            object_repr=str(session),
            establishment_code=session.establishment.code,
            total=1,
            summary="Viewed a supervision session (API)",
        )
        return with_etag(Response(SupervisionSessionSerializer(session).data), session)

    @extend_schema(
        request=SupervisionSessionCreateSerializer,
        responses={201: SupervisionSessionSerializer},
    )
    def create(self, request: Request) -> Response:
        actor = _require(request, Capability.UPDATE_CASES)
        serializer = SupervisionSessionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        establishment = establishment_get(actor, data["establishment"])
        session = services.supervision_session_create(
            actor=actor,
            establishment=establishment,
            pom=_staff(establishment, data["pom"], "pom"),
            supervisor=_staff(establishment, data["supervisor"], "supervisor"),
            held_on=data["held_on"],
            notes=data["notes"],
            today=clock.today(),
        )
        response = Response(
            SupervisionSessionSerializer(session).data, status=status.HTTP_201_CREATED
        )
        return with_etag(response, session)

    @extend_schema(
        request=SupervisionSessionWriteSerializer,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: SupervisionSessionSerializer, **PRECONDITION_RESPONSES},
        description="Change the fields sent; If-Match must carry the ETag of the GET (428 "
        "without it, 412 when the session changed since; nothing saved).",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = request_actor(request)
        session = selectors.supervision_session_get(actor, _pk(pk))
        require(actor, Capability.UPDATE_CASES)
        version = expected_version(request)
        serializer = SupervisionSessionWriteSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        establishment = session.establishment
        session = services.supervision_session_update(
            actor=actor,
            session=session,
            pom=_staff(establishment, data["pom"], "pom") if "pom" in data else session.pom,
            supervisor=(
                _staff(establishment, data["supervisor"], "supervisor")
                if "supervisor" in data
                else session.supervisor
            ),
            held_on=data.get("held_on", session.held_on),
            notes=data.get("notes", session.notes),
            today=clock.today(),
            expected_version=version,
        )
        return with_etag(Response(SupervisionSessionSerializer(session).data), session)


class ProgrammeSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="programme.pk")
    establishment = serializers.CharField(source="programme.establishment.code")
    name = serializers.CharField(source="programme.name")
    places_per_year = serializers.IntegerField(source="programme.places_per_year")
    waiting = serializers.IntegerField(source="need", help_text="Men in custody waiting")
    released_before_start = serializers.IntegerField(
        source="unmet", help_text="Men waiting whose ERD comes before their expected start"
    )


class WaitingManSerializer(serializers.Serializer):
    need = serializers.IntegerField(source="need.pk", help_text="``/omu/programmes/needs/<id>/``")
    prison_number = serializers.CharField(source="need.prisoner.prison_number")
    assessed_on = serializers.DateField(source="need.assessed_on")
    erd = serializers.DateField(allow_null=True)
    expected_start = serializers.DateField(allow_null=True)
    released_before_start = serializers.BooleanField(source="unmet")
    version = serializers.IntegerField(source="need.version")


class ProgrammeViewSet(viewsets.GenericViewSet):
    """Programmes with their places a year and the men waiting (by ERD), at the
    establishments the caller sees."""

    serializer_class = ProgrammeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Programme.objects.none()
        return selectors.programmes_visible_to(request_actor(self.request))

    @extend_schema(parameters=[ESTABLISHMENT])
    def list(self, request: Request) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        code = _establishment_code(request)
        today = clock.today()
        if code:
            establishments = [establishment_get(actor, code)]
        else:
            ids = selectors.programmes_visible_to(actor).values("establishment")
            establishments = list(
                establishments_visible_to(actor).filter(pk__in=ids).order_by("code")
            )
        boards = [
            board
            for establishment in establishments
            for board in selectors.programme_boards(establishment, as_of=today)
        ]
        page = self.paginate_queryset(boards) or []
        audit_read(
            actor=actor,
            object_type="omu.programme",
            establishment_code=code.upper()[:10],
            query=request.query_params,
            total=len(boards),
            summary="Listed programmes with their waiting counts (API)",
        )
        return self.get_paginated_response(ProgrammeSerializer(page, many=True).data)

    @extend_schema(responses={200: WaitingManSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="waiting-list")
    def waiting_list(self, request: Request, pk: str) -> Response:
        """The men in custody waiting for the programme, earliest release first."""
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        programme = selectors.programme_get(actor, _pk(pk))
        [board] = [
            board
            for board in selectors.programme_boards(programme.establishment, as_of=clock.today())
            if board.programme.pk == programme.pk
        ] or [selectors.ProgrammeBoard(programme, [])]
        page = self.paginate_queryset(board.waiting) or []
        audit_read(
            actor=actor,
            object_type="omu.programmeneed",
            establishment_code=programme.establishment.code,
            query=request.query_params,
            prison_numbers=[man.need.prisoner.prison_number for man in page],
            total=len(board.waiting),
            summary=f"Listed the waiting list for {programme.name} (API)",
        )
        return self.get_paginated_response(WaitingManSerializer(page, many=True).data)


class EngagementOfferSerializer(serializers.ModelSerializer):
    prison_number = serializers.CharField(source="prisoner.prison_number", read_only=True)
    establishment = serializers.CharField(source="prisoner.establishment.code", read_only=True)

    class Meta:
        model = EngagementOffer
        fields = [
            "id",
            "prison_number",
            "establishment",
            "intervention",
            "offered_on",
            "outcome",
            "version",
        ]
        read_only_fields = ["id", "version"]


class EngagementOfferCreateSerializer(serializers.ModelSerializer):
    prison_number = serializers.CharField(max_length=20, write_only=True)

    class Meta:
        model = EngagementOffer
        fields = ["prison_number", "intervention", "offered_on", "outcome"]


class EngagementOfferUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = EngagementOffer
        fields = list(services.ENGAGEMENT_FIELDS)


class EngagementOfferViewSet(viewsets.GenericViewSet):
    """Work offered to men maintaining innocence, for prisoners the caller may see."""

    serializer_class = EngagementOfferSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return EngagementOffer.objects.none()
        return selectors.engagement_offers_visible_to(request_actor(self.request))

    @extend_schema(parameters=[ESTABLISHMENT, PRISONER])
    def list(self, request: Request) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        offers = selectors.engagement_offers_visible_to(actor).select_related(
            "prisoner__establishment"
        )
        code = _establishment_code(request)
        if code:
            offers = offers.filter(prisoner__establishment__code=code.upper())
        number = request.query_params.get("prison_number", "").strip().upper()
        if number:
            offers = offers.filter(prisoner__prison_number=number)
        offers = offers.order_by("-offered_on", "-pk")
        page = self.paginate_queryset(offers) or []
        audit_read(
            actor=actor,
            object_type="omu.engagementoffer",
            establishment_code=code.upper()[:10],
            query=request.query_params,
            prison_numbers=[offer.prisoner.prison_number for offer in page],
            total=offers.count(),
            summary="Listed engagement offers (API)",
        )
        return self.get_paginated_response(EngagementOfferSerializer(page, many=True).data)

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        offer = selectors.engagement_offer_get(actor, _pk(pk))
        audit_read(
            actor=actor,
            object_type="omu.engagementoffer",
            object_id=offer.pk,
            object_repr=str(offer),
            establishment_code=offer.prisoner.establishment.code,
            prison_numbers=[offer.prisoner.prison_number],
            summary="Viewed an engagement offer (API)",
        )
        return with_etag(Response(EngagementOfferSerializer(offer).data), offer)

    @extend_schema(
        request=EngagementOfferCreateSerializer, responses={201: EngagementOfferSerializer}
    )
    def create(self, request: Request) -> Response:
        actor = _require(request, Capability.UPDATE_CASES)
        serializer = EngagementOfferCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        values = dict(serializer.validated_data)
        prisoner = prisoner_get(actor, values.pop("prison_number"))
        offer = services.engagement_offer_record(
            actor=actor, prisoner=prisoner, today=clock.today(), **values
        )
        response = Response(EngagementOfferSerializer(offer).data, status=status.HTTP_201_CREATED)
        return with_etag(response, offer)

    @extend_schema(
        request=EngagementOfferUpdateSerializer,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: EngagementOfferSerializer, **PRECONDITION_RESPONSES},
        description="Change the fields sent; If-Match must carry the ETag of the GET (428 "
        "without it, 412 when the offer changed since; nothing saved).",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = request_actor(request)
        offer = selectors.engagement_offer_get(actor, _pk(pk))
        require(actor, Capability.UPDATE_CASES)
        version = expected_version(request)
        serializer = EngagementOfferUpdateSerializer(offer, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        offer = services.engagement_offer_update(
            actor=actor,
            offer=offer,
            changes=dict(serializer.validated_data),
            today=clock.today(),
            expected_version=version,
        )
        return with_etag(Response(EngagementOfferSerializer(offer).data), offer)


class ProgrammeNeedSerializer(serializers.ModelSerializer):
    prison_number = serializers.CharField(source="prisoner.prison_number", read_only=True)
    establishment = serializers.CharField(source="programme.establishment.code", read_only=True)
    programme_name = serializers.CharField(source="programme.name", read_only=True)

    class Meta:
        model = ProgrammeNeed
        fields = [
            "id",
            "programme",
            "programme_name",
            "establishment",
            "prison_number",
            "assessed_on",
            "started_on",
            "version",
        ]
        read_only_fields = [
            "id",
            "programme",
            "programme_name",
            "establishment",
            "prison_number",
            "assessed_on",
            "version",
        ]


class ProgrammeStartSerializer(serializers.Serializer):
    started_on = serializers.DateField(
        allow_null=True, help_text="The day he started; null puts him back on the waiting list"
    )


class ProgrammeNeedViewSet(viewsets.GenericViewSet):
    """A man assessed as needing a programme: read it, record the day he started (he
    leaves the waiting list) or clear it (If-Match)."""

    serializer_class = ProgrammeNeedSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgrammeNeed.objects.none()
        return selectors.programme_needs_visible_to(request_actor(self.request))

    @extend_schema(parameters=[ETAG_HEADER])
    def retrieve(self, request: Request, pk: str) -> Response:
        actor = _require(request, Capability.VIEW_PRISONER_RECORDS)
        need = selectors.programme_need_get(actor, _pk(pk))
        audit_read(
            actor=actor,
            object_type="omu.programmeneed",
            object_id=need.pk,
            object_repr=str(need),
            establishment_code=need.programme.establishment.code,
            prison_numbers=[need.prisoner.prison_number],
            summary="Viewed a programme need (API)",
        )
        return with_etag(Response(ProgrammeNeedSerializer(need).data), need)

    @extend_schema(
        request=ProgrammeStartSerializer,
        parameters=[IF_MATCH, ETAG_HEADER],
        responses={200: ProgrammeNeedSerializer, **PRECONDITION_RESPONSES},
        description="Record or clear the start; If-Match must carry the ETag of the GET (428 "
        "without it, 412 when the need changed since; nothing saved).",
    )
    def partial_update(self, request: Request, pk: str) -> Response:
        actor = request_actor(request)
        need = selectors.programme_need_get(actor, _pk(pk))
        require(actor, Capability.UPDATE_CASES)
        version = expected_version(request)
        serializer = ProgrammeStartSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        need = services.programme_start_record(
            actor=actor,
            need=need,
            started_on=serializer.validated_data["started_on"],
            today=clock.today(),
            expected_version=version,
        )
        return with_etag(Response(ProgrammeNeedSerializer(need).data), need)
