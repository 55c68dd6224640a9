"""Autosave (JSON, called by ``static/js/reflections.js``): what the author has typed so far is
kept as a server draft, first of a new entry, then of that same draft."""

from typing import cast
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.http import AuthenticatedRequest
from apps.accounts.models import Organisation
from apps.core.api.exceptions import DomainError
from apps.core.dates import org_zone
from apps.reflections import selectors, services
from apps.reflections.forms import ReflectionForm
from apps.reflections.models import Reflection


def _autosave_response(
    request: AuthenticatedRequest, form: ReflectionForm, reflection: Reflection | None = None
) -> JsonResponse:
    if not form.is_valid():
        return JsonResponse({"saved": False, "errors": form.errors.get_json_data()}, status=400)
    data = form.service_data()
    if reflection is None and not data["title"] and not any(data["sections"].values()):
        return JsonResponse({"saved": False, "reason": "empty"})
    try:
        reflection = services.reflection_autosave(actor=request.user, data=data, reflection=reflection)
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        return JsonResponse({"saved": False, "errors": errors}, status=400)
    except DomainError as exc:
        return JsonResponse({"saved": False, "errors": {"__all__": [exc.message]}}, status=409)
    # Every signed-in page user belongs to an organisation (operators are stopped by middleware).
    organisation = cast(Organisation, request.user.organisation)
    saved_at = timezone.localtime(reflection.updated_at, org_zone(organisation))
    return JsonResponse(
        {
            "saved": True,
            "id": str(reflection.pk),
            "autosave_url": reverse("reflections:draft-autosave", kwargs={"reflection_id": reflection.pk}),
            "edit_url": reverse("reflections:reflection-edit", kwargs={"reflection_id": reflection.pk}),
            "updated_at": reflection.updated_at.isoformat(),
            "saved_at": saved_at.strftime("%H:%M"),
        }
    )


@require_POST
def draft_create(request: AuthenticatedRequest) -> JsonResponse:
    """First autosave of a new entry: makes a private draft, or updates the one named in ``draft``."""
    form = ReflectionForm(
        request.POST, teams=selectors.shareable_teams(request.user), author=request.user, draft_mode=True
    )
    reflection = None
    if form.is_valid() and form.cleaned_data.get("draft"):
        reflection = selectors.get_own_draft_for(request.user, form.cleaned_data["draft"])
    return _autosave_response(request, form, reflection)


@require_POST
def draft_autosave(request: AuthenticatedRequest, reflection_id: UUID) -> JsonResponse:
    reflection = selectors.get_own_draft_for(request.user, reflection_id)
    form = ReflectionForm(
        request.POST, teams=selectors.shareable_teams(request.user, reflection), author=request.user, draft_mode=True
    )
    return _autosave_response(request, form, reflection)
