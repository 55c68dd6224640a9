"""drf-spectacular additions: error answers on every operation, and our field types."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.plumbing import build_basic_type
from drf_spectacular.types import OpenApiTypes

ERROR_SCHEMA = {
    "type": "object",
    "description": "DRF error body: either {detail: message} or {field: [messages]}.",
    "additionalProperties": True,
    "properties": {"detail": {"type": "string"}},
}

ERRORS = {
    "400": "Invalid input; the body names each field at fault.",
    "401": "Not signed in, or the token expired.",
    "403": "Signed in but not allowed to do this.",
    "404": "Not found, or outside your organisation or access.",
    "415": "The request body is not JSON (or multipart where a file is uploaded).",
}


def add_error_responses(result, generator, request, public):
    """Add the 400/401/403/404 bodies to every operation (404 only where there is an id)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in ERRORS.items():
                if code == "404" and "{" not in path:
                    continue
                if code == "400" and method == "get" and "{" in path:
                    continue
                if code == "415" and method not in {"post", "put", "patch"}:
                    continue
                responses.setdefault(
                    code,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                    },
                )
    return result


class ScopedPrimaryKeyRelatedFieldExtension(OpenApiSerializerFieldExtension):
    """Our related-id field is always a UUID, whether or not the serializer has a model."""

    target_class = "apps.core.api.fields.ScopedPrimaryKeyRelatedField"

    def map_serializer_field(self, auto_schema, direction):
        return build_basic_type(OpenApiTypes.UUID)
