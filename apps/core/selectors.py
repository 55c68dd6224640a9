"""Helpers shared by every app's selectors."""

import uuid

from django.http import Http404


def get_or_404(queryset, pk, *, message: str = "Not found."):
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
    except queryset.model.DoesNotExist:
        raise Http404(message) from None
