"""API errors name the field: a service's ValidationError becomes a 400 keyed by field.

Every error body is JSON. Bad input is `{"<field>": ["message", ...]}` (problems with no one
field go under `non_field_errors`); refusals are `{"detail": "message"}` with 401, 403 or 404.
`error_responses(...)` documents those shapes in the OpenAPI schema.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest, JsonResponse
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus Django's ValidationError (raised by services) as a field-keyed 400."""
    if isinstance(exc, DjangoValidationError):
        return Response(field_errors(exc), status=400)
    return drf_exception_handler(exc, context)


def field_errors(error: DjangoValidationError) -> dict[str, list[str]]:
    """The messages of a Django ValidationError, keyed by field as DRF keys its own."""
    non_field = api_settings.NON_FIELD_ERRORS_KEY
    if not hasattr(error, "error_dict"):
        return {non_field: list(error.messages)}
    return {
        (non_field if field == NON_FIELD_ERRORS else field): messages
        for field, messages in error.message_dict.items()
    }


def not_found(request: HttpRequest, path: str = "") -> JsonResponse:
    """A 404 in JSON for a URL under /api/ that names no endpoint."""
    hint = "" if path.endswith("/") else " API addresses end with a slash."
    return JsonResponse({"detail": f"Not found.{hint}"}, status=404)


class ErrorDetailSerializer(serializers.Serializer):
    """Why the request was refused (401, 403, 404)."""

    detail = serializers.CharField()


FIELD_ERRORS_SCHEMA = {
    "type": "object",
    "description": "Each wrong field's name (or `non_field_errors`) with its messages.",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"name": ["This field is required."]},
}

ERROR_RESPONSES = {
    400: OpenApiResponse(FIELD_ERRORS_SCHEMA, description="Bad input; nothing was saved."),
    401: OpenApiResponse(ErrorDetailSerializer, description="Not signed in."),
    403: OpenApiResponse(
        ErrorDetailSerializer, description="You may see this but not do this to it."
    ),
    404: OpenApiResponse(
        ErrorDetailSerializer, description="Not there, or outside your partnerships."
    ),
}


def error_responses(ok: dict[int, Any], *codes: int) -> dict[int, Any]:
    """`ok` plus the documented error responses for `codes`, for `extend_schema(responses=...)`."""
    return {**ok, **{code: ERROR_RESPONSES[code] for code in codes}}
