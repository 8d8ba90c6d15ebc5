"""API plumbing shared by every app: pagination, one error format, and the ETag /
If-Match conditional requests of optimistic concurrency (``core.concurrency``).

Every error answers
`{"error": {"status": 404, "code": "not_found", "message": "...", "fields": {...}}}`.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, pagination, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from saferelease.accounts.capabilities import CapabilityRefused
from saferelease.core.concurrency import StaleVersion, Versioned, parse_etag
from saferelease.core.errors import DATABASE_ERRORS, DATABASE_UNAVAILABLE
from saferelease.core.uploads import UploadLimits, UploadRefused

#: Room in a multipart body for its boundaries and the form's other fields.
_MULTIPART_ALLOWANCE = 64 * 1024
_DISCARD_CHUNK = 64 * 1024


class Pagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class DatabaseUnavailable(exceptions.APIException):
    """503: the database failed under the request; its transaction was rolled back."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_code = "database_unavailable"
    default_detail = DATABASE_UNAVAILABLE


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = "The request is too large"


def upload_error(error: UploadRefused, field: str = "file") -> exceptions.APIException:
    """A file refused by the upload kit as an API error: 413 when it is too large, else
    400 on ``field``."""
    if error.too_large:
        return PayloadTooLarge(error.message)
    return exceptions.ValidationError({field: [error.message]})


def refuse_large_body(request: Request, limits: UploadLimits, *, files: int = 1) -> None:
    """413 before a multipart body is parsed, when the length it declares cannot hold
    ``files`` files within ``limits`` (the parsed files are checked again one by one).

    A body up to twice the allowed length is read and thrown away first (in 64 KB chunks)
    so that the client, still sending it, receives the 413 rather than a broken
    connection; a larger one is not read at all."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return
    allowed = limits.max_bytes * files + _MULTIPART_ALLOWANCE
    if length > allowed:
        if length <= 2 * allowed:
            while request._request.read(_DISCARD_CHUNK):
                pass
        raise upload_error(limits.too_large())


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = (
        "Send If-Match with the record's ETag (from a GET) so that a change made meanwhile "
        "is not overwritten"
    )


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "precondition_failed"
    default_detail = "The record has changed since you read it: GET it again"


def expected_version(request: Request) -> int:
    """The version named by ``If-Match`` (one strong ETag from a GET): 428 without it; 412
    for a tag that is not one of ours (a weak ``W/`` tag, ``*`` or anything else)."""
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        raise PreconditionRequired()
    tags = [tag for tag in header.split(",") if tag.strip()]
    if len(tags) != 1:
        raise exceptions.ValidationError({"If-Match": ["Send one ETag in If-Match"]})
    version = parse_etag(tags[0])
    if version is None:
        raise PreconditionFailed(f"If-Match {tags[0].strip()[:40]} is not an ETag of this record")
    return version


def with_etag(response: Response, record: Versioned) -> Response:
    response["ETag"] = record.etag
    return response


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    # A declared field, not Serializer.fields: DRF's metaclass moves it into `fields`.
    fields = serializers.DictField(  # type: ignore[assignment]
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Validation errors by field (400 only)",
    )


class ErrorSerializer(serializers.Serializer):
    """The one error format of every API response that is not 2xx."""

    error = ErrorBodySerializer()


#: OpenAPI: the ETag a GET or a change answers with.
ETAG_HEADER = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=True,
    description='The version of the record as a strong entity tag, for example "3": send it '
    "back in If-Match to change the record",
)
#: OpenAPI: the If-Match a PATCH or PUT must send.
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    required=True,
    description="The ETag from the GET the change is based on. Without it: 428. When the "
    "record has changed since: 412 (nothing saved; GET it again).",
)
#: OpenAPI: the answers a conditional change may give besides success.
PRECONDITION_RESPONSES = {
    400: OpenApiResponse(ErrorSerializer, description="Invalid input: nothing saved"),
    403: OpenApiResponse(ErrorSerializer, description="Your role cannot make this change"),
    404: OpenApiResponse(ErrorSerializer, description="No such record at your establishments"),
    412: OpenApiResponse(
        ErrorSerializer,
        description="If-Match names a version other than the current one: the record was "
        "changed meanwhile (the message says by whom and when); nothing saved. The ETag "
        "header carries the current version.",
    ),
    428: OpenApiResponse(ErrorSerializer, description="If-Match is missing: nothing saved"),
}


def _message(detail: Any) -> str:
    if isinstance(detail, list) and detail:
        return str(detail[0])
    if isinstance(detail, dict):
        return "The request has errors: see fields."
    return str(detail)


def _field_messages(errors: Any, prefix: str = "") -> list[str]:
    """A field's errors as the error format states them: a list of strings. A message
    raised bare (``{"pom": "..."}``) becomes a list of one; a nested serializer's or list
    item's errors are flattened, each message led by where it is (``0: score: ...``)."""
    if isinstance(errors, dict):
        return [
            message
            for key, value in errors.items()
            for message in _field_messages(value, f"{prefix}{key}: ")
        ]
    if isinstance(errors, list | tuple):
        nested = any(isinstance(item, dict | list | tuple) for item in errors)
        return [
            message
            for index, item in enumerate(errors)
            if item
            for message in _field_messages(item, f"{prefix}{index}: " if nested else prefix)
        ]
    return [f"{prefix}{errors}"]


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    if isinstance(exc, DATABASE_ERRORS):
        exc = DatabaseUnavailable()
    current_etag = None
    if isinstance(exc, StaleVersion):
        current_etag = exc.current.etag
        exc = PreconditionFailed(exc.message)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, CapabilityRefused):
        exc = exceptions.PermissionDenied(exc.capability.refusal)
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        if isinstance(codes, str):
            code = codes
    body: dict[str, Any] = {
        "status": response.status_code,
        "code": code,
        "message": _message(detail.get("detail", detail) if isinstance(detail, dict) else detail),
    }
    if isinstance(exc, exceptions.ValidationError) and isinstance(detail, dict):
        body["fields"] = {name: _field_messages(errors) for name, errors in detail.items()}
    elif isinstance(exc, exceptions.ValidationError):
        body["fields"] = {"non_field_errors": _field_messages(detail)}
    response.data = {"error": body}
    if current_etag is not None:
        response["ETag"] = current_etag
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        response["WWW-Authenticate"] = response.get("WWW-Authenticate", 'Token realm="api"')
    return response
