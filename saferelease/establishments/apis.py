"""API: establishments and the current user."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

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

    def get_queryset(self):
        params = self.request.query_params
        active = params.get("active")
        return selectors.establishment_list(
            self.request.user,
            search=params.get("search", ""),
            active=None if active is None else active.lower() in {"1", "true", "yes"},
        )

    def get_object(self) -> Establishment:
        return selectors.establishment_get(self.request.user, self.kwargs["code"])


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
        user = request.user
        data = {
            "username": user.username,
            "name": user.get_full_name(),  # type: ignore[union-attr]
            "email": user.email,  # type: ignore[union-attr]
            "role": user.role,  # type: ignore[union-attr]
            "role_label": user.role_enum.label,  # type: ignore[union-attr]
            "sees_all_establishments": user.sees_all_establishments,  # type: ignore[union-attr]
            "establishments": list(
                user.establishments.order_by("code").values_list("code", flat=True)  # type: ignore[union-attr]
            ),
        }
        return Response(MeSerializer(data).data)
