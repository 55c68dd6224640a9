from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from apps.core.sharing import current_supervisors, shows_readers


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


class ReadersField(serializers.ListField):
    """``readers``: ids of the author's current supervisors who read the entry (issue 13).

    Anyone else (a former supervisor, a colleague, another organisation's id) is a 400
    naming ``readers``."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "Ids of your current supervisors (any kind) who read it; by default your peer supervisors. "
            "Someone who is not your supervisor now is refused.",
        )
        super().__init__(
            child=ScopedPrimaryKeyRelatedField(
                scope=current_supervisors,
                pk_field=serializers.UUIDField(),
                error_messages={"does_not_exist": "“{pk_value}” is not one of your current supervisors."},
            ),
            required=False,
            max_length=50,
            **kwargs,
        )


@extend_schema_field(
    serializers.ListField(
        child=serializers.UUIDField(),
        allow_null=True,
        help_text="Who reads it besides you (ids); shown to the author only, null for others.",
    )
)
class ReadersOutputField(serializers.Field):
    """The readers an entry names, shown to its author only (``null`` for everyone else)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, instance):
        request = self.context.get("request")
        if not shows_readers(getattr(request, "user", None), instance):
            return None
        return [str(user.pk) for user in instance.readers.all()]


class OptionalEmailField(serializers.EmailField):
    """An e-mail address a person may not have (``User.email`` is blank then): answered as
    ``null``, never ``""``, which is no address (the schema says ``format: email``, nullable), so
    a typed client need not tell an empty string from a missing address (issue 21, finding 7)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return super().to_representation(value) if value else None
