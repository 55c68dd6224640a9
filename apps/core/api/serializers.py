"""DRF's ``serializers`` module, with ``Serializer`` and ``ModelSerializer`` refusing unknown fields.

Apps import this module in place of DRF's (``from apps.core.api import serializers``), so every
write of the API, nested bodies included, answers a field it does not know with a 400 naming it
(docs/api.md, "Unknown fields") instead of dropping it without a word: a client that misspells
``required_competencies`` learns so at once. A field of the representation that is read-only
(``id``, ``created_at``…) is known and ignored, so a client may send back what it read. A text
field sent as a number or a boolean is a 400 too, as the schema says (``type: string``).
"""

from collections.abc import Mapping
from typing import Any

from rest_framework import serializers as drf
from rest_framework.serializers import *  # noqa: F403 - this module stands in for DRF's

UNKNOWN_FIELD = "Unknown field."


def unknown_fields(serializer: drf.Serializer, data: Any) -> dict[str, list[str]]:
    """``{name: ["Unknown field."]}`` for each key of ``data`` that ``serializer`` does not declare."""
    if not isinstance(data, Mapping):
        return {}  # not an object: DRF's own "Invalid data" answers it
    return {name: [UNKNOWN_FIELD] for name in sorted(set(data) - set(serializer.fields))}


def not_text(serializer: drf.Serializer, data: Any) -> dict[str, list[str]]:
    """``{name: ["Not a valid string."]}`` for each text field of ``serializer`` sent as something
    other than a string. DRF's ``CharField`` turns a number into text (``{"text": 0}`` became
    "0"), so a body the schema refuses (``type: string``) was taken; a client sending a number
    where it meant text has a bug it should hear about."""
    if not isinstance(data, Mapping):
        return {}
    errors: dict[str, list[str]] = {}
    for name, value in data.items():
        field = serializer.fields.get(name)
        if (
            isinstance(field, drf.CharField)
            and not field.read_only
            and value is not None
            and not isinstance(value, str)
        ):
            errors[name] = [str(drf.CharField.default_error_messages["invalid"])]
    return errors


class StrictFieldsMixin:
    def to_internal_value(self, data: Any) -> Any:
        errors = unknown_fields(self, data) | not_text(self, data)  # type: ignore[arg-type]
        if errors:
            raise drf.ValidationError(errors)
        return super().to_internal_value(data)  # type: ignore[misc]


# These three replace the names the star import brought in: that is the point of this module.
class Serializer(StrictFieldsMixin, drf.Serializer):  # type: ignore[no-redef]
    pass


class ModelSerializer(StrictFieldsMixin, drf.ModelSerializer):  # type: ignore[no-redef]
    pass


class HyperlinkedModelSerializer(StrictFieldsMixin, drf.HyperlinkedModelSerializer):  # type: ignore[no-redef]
    pass
