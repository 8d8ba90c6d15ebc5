"""API: establishments and the current user."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from saferelease.accounts.actors import request_actor
from saferelease.establishments import selectors
from saferelease.establishments.models import Establishment


class EstablishmentSerializer(serializers.ModelSerializer):
    categories = serializers.ListField(
        source="category_list", child=serializers.CharField(), read_only=True
    )

    class Meta:
        model = Establishment
        fields = [
            "code",
            "name",
            "active",
            "male",
            "female",
            "contracted",
            "categories",
            "designated_resettlement",
        ]


class EstablishmentViewSet(viewsets.ReadOnlyModelViewSet):
    """Establishments the caller may see. Out-of-scope codes answer 404."""

    serializer_class = EstablishmentSerializer
    lookup_field = "code"

    def get_queryset(self) -> QuerySet[Establishment]:
        if getattr(self, "swagger_fake_view", False):  # schema generation: no user
            return Establishment.objects.none()
        params = self.request.query_params
        active = params.get("active")
        return selectors.establishment_list(
            request_actor(self.request),
            search=params.get("search", ""),
            active=None if active is None else active.lower() in {"1", "true", "yes"},
        )

    def get_object(self) -> Establishment:
        return selectors.establishment_get(request_actor(self.request), self.kwargs["code"])


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    email = serializers.EmailField()
    role = serializers.CharField()
    role_label = serializers.CharField()
    sees_all_establishments = serializers.BooleanField()
    establishments = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """The signed-in user: role and assigned establishments."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        user = request_actor(request)
        data = {
            "username": user.username,
            "name": user.get_full_name(),
            "email": user.email,
            "role": user.role,
            "role_label": user.role_enum.label,
            "sees_all_establishments": user.sees_all_establishments,
            "establishments": list(
                user.establishments.order_by("code").values_list("code", flat=True)
            ),
        }
        return Response(MeSerializer(data).data)
