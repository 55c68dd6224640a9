"""drf-spectacular additions: error answers on every operation, and our field types."""

from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes
from rest_framework import serializers

from apps.core.api.decimal_patterns import decimal_pattern
from apps.core.api.filters import ordering_parameters
from apps.core.api.serializers import StrictFieldsMixin
from apps.core.idempotency import IdempotentAutoSchema
from apps.core.text import EMAIL_PATTERN, NOT_ONLY_SPACES

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "description": (
        "Every error: `detail`, a sentence for people; for invalid input also each field (or query "
        "parameter) at fault with its messages (a list of strings; for a nested field, the nested "
        "errors). See docs/api.md."
    ),
    "required": ["detail"],
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
LOCATION = {
    "Location": {
        "description": "The URL of what was created: its own URL, or the list that shows it (docs/api.md).",
        "schema": {"type": "string", "format": "uri"},
    }
}
RETRY_AFTER = {
    "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer", "minimum": 1}}
}

ERRORS = {
    "400": "Invalid input; the body names each field (or query parameter) at fault.",
    "401": "Not signed in, or the token expired.",
    "403": "Signed in but not allowed to do this.",
    "404": "Not found, or outside your organisation or access.",
    "415": "The request body is not JSON (or multipart where a file is uploaded).",
}
WRITES = {"post", "put", "patch"}
METHODS = {"get", "post", "put", "patch", "delete"}


def _applies(code: str, path: str, method: str, operation: dict) -> bool:
    if code == "404":
        return "{" in path
    if code == "400" and method == "get":
        # A GET is refused only for its query parameters (filters, page, page_size).
        return any(parameter.get("in") == "query" for parameter in operation.get("parameters", []))
    if code == "415":
        return method in WRITES and "requestBody" in operation
    return True


def add_error_responses(result, generator, request, public):
    """Shared postprocessing hook: the error answers of every operation, each with the one error
    body (``Error``): 400 (where input is read), 401, 403, 404 (where there is an id), 415 (where
    a body is read); a body for every 4xx an operation documents by hand; ``Retry-After`` on
    every 429; ``Location`` on every 201 (apps/core/api/renderers.py sets it)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in METHODS:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if _applies(code, path, method, operation):
                    responses.setdefault(code, {"description": description})
            for code, response in responses.items():
                if str(code) == "201":
                    response.setdefault("headers", {}).update(LOCATION)
                if not str(code).startswith("4"):
                    continue
                response.setdefault("content", {"application/json": {"schema": ERROR_REF}})
                if str(code) == "429":
                    response.setdefault("headers", {}).update(RETRY_AFTER)
    return result


class ScopedPrimaryKeyRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """Our related-id field is always a UUID, whether or not the serializer has a model."""

    target_class = "apps.core.api.fields.ScopedPrimaryKeyRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        return build_basic_type(OpenApiTypes.UUID)


class StrictFilterBackendExtension(DjangoFilterExtension):
    """django-filter's parameters, and ``ordering`` with its allowed values where a list offers it
    (``ordering_fields``; apps/core/api/filters.py)."""

    target_class = "apps.core.api.filters.StrictFilterBackend"
    priority = 1

    def get_schema_operation_parameters(self, auto_schema, *args, **kwargs):
        parameters = super().get_schema_operation_parameters(auto_schema, *args, **kwargs)
        return [*parameters, *ordering_parameters(auto_schema.view)]


def drop_blank_format_defaults(result, generator, request, public):
    """Postprocessing hook: a model's blank default (``email = ""``) is no valid value of the
    field's format, so the schema would be invalid (openapi-spec-validator refuses it) and a
    generated client would send ``""`` where the server wants an address or nothing. Such a
    default is dropped: leaving the field out means the same."""
    _drop_blank_format_defaults(result.get("components", {}).get("schemas", {}))
    return result


def _drop_blank_format_defaults(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("format") and node.get("default") == "":
            del node["default"]
        for value in node.values():
            _drop_blank_format_defaults(value)
    elif isinstance(node, list):
        for value in node:
            _drop_blank_format_defaults(value)


def _model_field(field: serializers.Field) -> Any:
    """The model field a serializer field reads (``None`` for a computed or nested source)."""
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    source = field.source if isinstance(field.source, str) else ""
    if model is None or not source or "." in source or source == "*":
        return None
    try:
        return model._meta.get_field(source)
    except FieldDoesNotExist:
        return None


def _model_allows_blank(field: serializers.ChoiceField) -> bool:
    return bool(getattr(_model_field(field), "blank", False))


def _decimal_bounds(field: serializers.DecimalField) -> tuple[Any, Any]:
    """The serializer field's bounds, else those its model field's validators enforce: DRF drops
    ``min_value``/``max_value`` from a read-only field, but the value read is the one the model
    kept within them."""
    low, high = field.min_value, field.max_value
    for validator in getattr(_model_field(field), "validators", ()):
        if isinstance(validator, MinValueValidator) and low is None:
            low = validator.limit_value
        elif isinstance(validator, MaxValueValidator) and high is None:
            high = validator.limit_value
    return low, high


def _declare_enforced_bounds(field: serializers.Field, schema: dict[str, Any], direction: str) -> None:
    """The bounds the server enforces, declared where drf-spectacular leaves them out.

    A decimal travels as a string, and drf-spectacular then ignores ``min_value``/``max_value``
    (its pattern even allows a minus sign), so a client learnt of a negative ``hours_per_week``
    only from the 400. The bounds are given, in requests and answers alike (an answer's decimal is
    read-only: its bounds are the model field's validators), as ``minimum``/``maximum`` and as a
    pattern matching the values within them (apps/core/api/decimal_patterns.py). A list refusing to be empty
    (``allow_empty=False``: a session's ``agreements`` and ``functions``) gets ``minItems: 1``. A text
    field of a request that may not be blank and is trimmed gets a pattern asking for a character
    that is not a space (``NOT_ONLY_SPACES``, apps/core/text.py): DRF strips it before its blank
    check, so "   " met ``minLength: 1`` and was a 400. A pattern it has already is kept (each
    refuses spaces alone: tests/contract/test_non_blank_text.py)."""
    if isinstance(field, serializers.DecimalField) and schema.get("type") == "string":
        low, high = _decimal_bounds(field)
        for bound, keyword in ((low, "minimum"), (high, "maximum")):
            if bound is not None:
                schema.setdefault(keyword, float(bound))
        if "pattern" in schema:
            schema["pattern"] = decimal_pattern(
                low=low, high=high, places=field.decimal_places or 0, max_digits=field.max_digits or 20
            )
    if schema.get("type") == "array" and getattr(field, "allow_empty", True) is False:
        schema.setdefault("minItems", 1)
    if (
        direction == "request"
        and isinstance(field, serializers.CharField)
        and not field.allow_blank
        and field.trim_whitespace
        and schema.get("type") == "string"
    ):
        schema.setdefault("pattern", NOT_ONLY_SPACES)
    if direction == "request" and isinstance(field, serializers.EmailField) and schema.get("format") == "email":
        schema["pattern"] = f"^$|{EMAIL_PATTERN}" if field.allow_blank else EMAIL_PATTERN


class AutoSchema(IdempotentAutoSchema):
    """The API's schema class (``DEFAULT_SCHEMA_CLASS``): the idempotency header, and answers
    described as the server sends them.

    A read-only choice field of a model field that may be blank (a reflection's ``perspective``)
    answers ``""`` when unset, but DRF drops ``allow_blank`` from read-only fields, so the enum in
    the schema left ``""`` out and a typed client refused every such answer. It is added here for
    every such field (drf-spectacular then names it ``BlankEnum``).

    A serializer that leaves fields out for some readers (an assessment's evidence, for a
    manager) names them in ``reader_dependent_fields``: they are optional in its answers' schema,
    or a typed client would refuse the answers that lack them.

    A request body says ``additionalProperties: false``: a field the serializer does not know is
    a 400, so a schema-valid body is one the server accepts."""

    def _map_basic_serializer(self, serializer, direction):
        schema = super()._map_basic_serializer(serializer, direction)
        dependent = set(getattr(serializer, "reader_dependent_fields", ()))
        if direction == "response" and dependent and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in dependent]
            if not schema["required"]:
                del schema["required"]
        if direction == "request" and isinstance(serializer, StrictFieldsMixin):
            # The server refuses a field it does not know (apps/core/api/serializers.py).
            schema["additionalProperties"] = False
        return schema

    def _get_filter_parameters(self):
        # A filter sent empty (``?worker=``) filters nothing, as if left out; only a boolean one is
        # refused (strict booleans). Said so, or a client (and schemathesis) reads ``?worker=`` as
        # a malformed id the server should refuse.
        parameters = super()._get_filter_parameters()
        for parameter in parameters:
            if parameter.get("in") == "query" and parameter.get("schema", {}).get("type") != "boolean":
                parameter["allowEmptyValue"] = True
        return parameters

    def _process_override_parameters(self, direction="request"):
        # An id or a date a view reads from the query itself (the boundary-note summary's
        # ``team``, My hours' ``date_before``) is, like a filter, read as absent when sent empty.
        result = super()._process_override_parameters(direction)
        for parameter in result.values():
            if parameter.get("in") == "query" and parameter.get("schema", {}).get("format") in ("uuid", "date"):
                parameter["allowEmptyValue"] = True
        return result

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        _declare_enforced_bounds(field, schema, direction)
        enum = schema.get("enum")
        if (
            direction == "response"
            and isinstance(field, serializers.ChoiceField)
            and enum is not None
            and "" not in enum
            and _model_allows_blank(field)
        ):
            schema["enum"] = [*enum, ""]
        return schema
