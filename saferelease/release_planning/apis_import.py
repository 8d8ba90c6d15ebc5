"""API: POST /api/v1/prisoners/import/ (multipart: file, establishment, dry_run).

Answers the counts (and each update's field changes), or a 400 in the project's error
format whose ``fields`` give every error by row and column:
``{"rows": {"3": {"rosh": ["..."]}}}``, with problems of the file as a whole under
``{"file": [...]}``. The contract is docs/prisoner-csv.md.
"""

from __future__ import annotations

from typing import Any, Final

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from saferelease.accounts.actors import request_actor
from saferelease.accounts.capabilities import Capability, require
from saferelease.core.api import refuse_large_body, upload_error
from saferelease.core.uploads import UploadRefused, limits_for, read_upload
from saferelease.release_planning.prisoner_import import ImportResult, prisoners_import

#: At most this many error messages in a 400 answer (the message gives the total).
ERRORS_LISTED: Final = 1000


class PrisonerImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The prisoner file (CSV), see docs/prisoner-csv.md")
    establishment = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=10,
        help_text="Establishment code for rows whose establishment cell is empty",
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Validate and report; save nothing"
    )


class PrisonerFieldChangeSerializer(serializers.Serializer):
    old = serializers.JSONField(allow_null=True)
    new = serializers.JSONField(allow_null=True)


class PrisonerImportChangeSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    prison_number = serializers.CharField()
    fields = serializers.DictField(child=PrisonerFieldChangeSerializer())  # type: ignore[assignment]


class PrisonerImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    key_date_changes = serializers.IntegerField()
    created_prison_numbers = serializers.ListField(child=serializers.CharField())
    changes = PrisonerImportChangeSerializer(many=True)


def _iso(value: Any) -> Any:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _result_body(result: ImportResult) -> dict[str, Any]:
    return {
        "dry_run": result.dry_run,
        "rows": result.rows,
        "created": result.created,
        "updated": result.updated,
        "unchanged": result.unchanged,
        "key_date_changes": result.key_date_changes,
        "created_prison_numbers": [c.prison_number for c in result.creations],
        "changes": [
            {
                "row": change.row,
                "prison_number": change.prison_number,
                "fields": {
                    name: {"old": _iso(old), "new": _iso(new)}
                    for name, (old, new) in change.fields.items()
                },
            }
            for change in result.changes
        ],
    }


def _error_body(result: ImportResult) -> dict[str, Any]:
    rows: dict[str, dict[str, list[str]]] = {}
    file_errors: list[str] = []
    for error in result.errors[:ERRORS_LISTED]:
        if error.row == 0:
            file_errors.append(error.message)
            continue
        column = error.column or "non_field_errors"
        rows.setdefault(str(error.row), {}).setdefault(column, []).append(error.message)
    count = len(result.errors)
    message = f"The file has {count} error{'s' if count != 1 else ''}: nothing was imported."
    if count > ERRORS_LISTED:
        message += f" The first {ERRORS_LISTED} are listed."
    fields: dict[str, Any] = {}
    if file_errors:
        fields["file"] = file_errors
    if rows:
        fields["rows"] = rows
    return {
        "error": {
            "status": status.HTTP_400_BAD_REQUEST,
            "code": "invalid",
            "message": message,
            "fields": fields,
        }
    }


class PrisonerImportView(APIView):
    """Import a prisoner file: validate every row, then create or update all or nothing.

    Heads of OMU and administrators only (403 otherwise). A default establishment the
    caller cannot see is 404; a row naming one is a row error.
    """

    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": PrisonerImportRequestSerializer},
        responses={
            200: PrisonerImportResultSerializer,
            400: OpenApiResponse(
                description=(
                    'Errors by row and column: {"error": {"status": 400, "code": "invalid", '
                    '"message": "...", "fields": {"rows": {"3": {"rosh": ["..."]}}}}}'
                )
            ),
            403: OpenApiResponse(description="Not allowed to import prisoner files"),
            404: OpenApiResponse(description="Default establishment unknown or out of scope"),
            413: OpenApiResponse(
                description="The file is larger than the prisoner file's size limit (50 MB "
                "unless configured otherwise; docs/prisoner-csv.md)"
            ),
            503: OpenApiResponse(
                description="The database failed during the import: nothing was saved"
            ),
        },
    )
    def post(self, request: Request) -> Response:
        require(request_actor(request), Capability.ASSIGN_CASES)
        limits = limits_for("prisoner_file")
        refuse_large_body(request, limits)
        serializer = PrisonerImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            content = read_upload(data["file"], limits)
        except UploadRefused as error:
            raise upload_error(error) from None
        result = prisoners_import(
            actor=request_actor(request),
            rows_or_file=content,
            default_establishment_code=data["establishment"],
            dry_run=data["dry_run"],
        )
        if not result.ok:
            return Response(_error_body(result), status=status.HTTP_400_BAD_REQUEST)
        return Response(_result_body(result))
