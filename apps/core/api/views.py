from django.db import models


class ScopedQuerysetMixin:
    """Every API list and lookup starts from a selector's access-scoped queryset.

    DRF's object permissions do not filter lists, so scoping lives in ``get_queryset``:
    subclasses set ``model`` and implement ``scoped_queryset(user)``. During schema
    generation there is no user, so an empty queryset of ``model`` stands in.
    """

    model: type[models.Model] | None = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.scoped_queryset(self.request.user)

    def scoped_queryset(self, user):  # pragma: no cover - abstract
        raise NotImplementedError
