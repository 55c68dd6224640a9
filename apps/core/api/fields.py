from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A related id resolved only within what the requesting user may reference.

    ``scope(user)`` returns the queryset of allowed targets; an id outside it reads as
    "does not exist" (a 400 naming the field), so another organisation's ids leak nothing.
    """

    def __init__(self, *, scope, **kwargs):
        self.scope = scope
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.scope(request.user)

    def to_internal_value(self, data):
        # Malformed UUIDs are an invalid id, not a 500.
        try:
            return super().to_internal_value(data)
        except (ValueError, TypeError, DjangoValidationError):
            self.fail("does_not_exist", pk_value=data)
