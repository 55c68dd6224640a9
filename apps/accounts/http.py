"""Typed requests for views (mypy): every page but the sign-in ones is behind
``LoginRequiredMiddleware``, so its ``request.user`` is a signed-in worker."""

from django.http import HttpRequest

from apps.accounts.models import User


class AuthenticatedRequest(HttpRequest):
    """Annotation only: ``request.user`` is a ``User``, never ``AnonymousUser``."""

    user: User
