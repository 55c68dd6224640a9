"""DRF's ``serializers`` module, with ``Serializer`` and ``ModelSerializer`` refusing unknown fields.

Apps import this module in place of DRF's (``from apps.core.api import serializers``), so every
write of the API, nested bodies included, answers a field it does not know with a 400 naming it
(docs/api.md, "Unknown fields") instead of dropping it without a word: a client that misspells
``required_competencies`` learns so at once. A field of the representation that is read-only
(``id``, ``created_at``…) is known and ignored, so a client may send back what it read.
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


class StrictFieldsMixin:
    def to_internal_value(self, data: Any) -> Any:
        unknown = unknown_fields(self, data)  # type: ignore[arg-type]
        if unknown:
            raise drf.ValidationError(unknown)
        return super().to_internal_value(data)  # type: ignore[misc]


# These three replace the names the star import brought in: that is the point of this module.
class Serializer(StrictFieldsMixin, drf.Serializer):  # type: ignore[no-redef]
    pass


class ModelSerializer(StrictFieldsMixin, drf.ModelSerializer):  # type: ignore[no-redef]
    pass


class HyperlinkedModelSerializer(StrictFieldsMixin, drf.HyperlinkedModelSerializer):  # type: ignore[no-redef]
    pass
