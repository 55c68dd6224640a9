"""Helpers shared by every app's selectors."""

import uuid
from typing import TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)


def get_or_404(queryset: QuerySet[M], pk: object, *, message: str = "Not found.") -> M:
    """Fetch ``pk`` from an already access-scoped queryset; anything outside it is 404.

    A malformed id is also 404 (not 400 or 500): from outside, an id that does not
    parse and an id of another organisation must look the same.
    """
    try:
        key = pk if isinstance(pk, uuid.UUID) else uuid.UUID(str(pk))
    except (TypeError, ValueError, AttributeError):
        raise Http404(message) from None
    try:
        return queryset.get(pk=key)
    except ObjectDoesNotExist:  # the model's DoesNotExist: .get() raises no other
        raise Http404(message) from None
