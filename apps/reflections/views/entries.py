"""The author's own entries: "My reflections", writing a new one, editing, sharing, deleting."""

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from apps.accounts.http import AuthenticatedRequest
from apps.core.capabilities import caps
from apps.core.forms import run_service
from apps.privacy_check.checks import Findings, check_fields, shares_anyway
from apps.reflections import selectors, services
from apps.reflections.forms import (
    MyReflectionsFilterForm,
    ReflectionForm,
    SharingForm,
    initial_from,
    section_field_name,
)
from apps.reflections.frameworks import DEFAULT_FRAMEWORK, frameworks
from apps.reflections.models import Reflection
from apps.reflections.views.common import (
    PAGE_SIZE,
    local_key,
    own_reflection,
    sharing_phrase,
)


def reflection_list(request: AuthenticatedRequest) -> HttpResponse:
    """My reflections: search, filters, pagination; drafts included (only I see them)."""
    filters = MyReflectionsFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    reflections = selectors.my_reflections(
        request.user,
        search=(data.get("q") or "").strip(),
        framework=data.get("framework") or "",
        visibility=data.get("visibility") or "",
        since=data.get("since"),
        until=data.get("until"),
    )
    page = Paginator(reflections, PAGE_SIZE).get_page(request.GET.get("page"))
    filtered = any(data.get(k) for k in ("q", "framework", "visibility", "since", "until"))
    return render(
        request,
        "reflections/reflection_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": filtered,
            "is_supervisor": bool(caps(request.user).supervisee_ids),
        },
    )


def _autosave_seconds() -> int:
    return int(getattr(settings, "REFLECTION_AUTOSAVE_SECONDS", 30))


# Who reads an entry, widest last: a change up this list (or more named readers) is a share.
_WIDTH: dict[str, int] = {
    Reflection.Visibility.PRIVATE: 0,
    Reflection.Visibility.SUPERVISOR: 1,
    Reflection.Visibility.TEAM: 2,
}


def _text_fields(framework_key: str, title: str, sections: dict[str, str]) -> list[tuple[str, str, str]]:
    """(form field name, label, text) of an entry's words, for the privacy check."""
    framework = frameworks().get(framework_key)
    labels = {p.key: p.label for p in framework.prompts} if framework else {}
    return [("title", "Title", title)] + [
        (section_field_name(framework_key, key), labels.get(key, key), text) for key, text in sections.items()
    ]


def _privacy_check(request: AuthenticatedRequest, fields: list[tuple[str, str, str]]) -> Findings | None:
    """Findings to show before a share, or None (nothing found, or "Share anyway"). Stores nothing."""
    if shares_anyway(request.POST):
        return None
    return check_fields(request.user, fields) or None


def _form_page(
    request: AuthenticatedRequest,
    form: ReflectionForm,
    reflection: Reflection | None = None,
    *,
    status: int = 200,
    privacy: Findings | None = None,
) -> HttpResponse:
    context = {
        "privacy": privacy,
        "form": form,
        "reflection": reflection,
        "frameworks": list(frameworks().values()),
        "local_key": local_key(request.user, reflection),
        "autosave_url": (
            reverse("reflections:draft-autosave", kwargs={"reflection_id": reflection.pk})
            if reflection is not None and reflection.is_draft
            else (reverse("reflections:draft-create") if reflection is None else "")
        ),
        "autosave_seconds": _autosave_seconds(),
        "server_saved_at": reflection.updated_at.isoformat() if reflection is not None else "",
        "can_save_draft": reflection is None or reflection.is_draft,
    }
    return render(request, "reflections/reflection_form.html", context, status=status)


def _save(form: ReflectionForm, service: Callable[..., Reflection], **kwargs: Any) -> Reflection | None:
    """``run_service`` for the reflection form: an error about ``sections`` is shown beside the
    chosen framework's first prompt rather than lost at the top of the form."""

    def call() -> Reflection:
        try:
            return service(**kwargs)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "sections" in exc.error_dict:
                errors = dict(exc.error_dict)
                errors[form.first_section_name()] = errors.pop("sections")
                raise ValidationError(errors) from exc
            raise

    return run_service(form, call)


def _submit(
    request: AuthenticatedRequest, form: ReflectionForm, *, reflection: Reflection | None = None
) -> HttpResponse | None:
    """Validate ``form`` and create/update/publish; returns a redirect, or None (form has errors)."""
    draft_mode = form.draft_mode
    if not form.is_valid():
        return None
    data = form.service_data()
    if not draft_mode and data["visibility"] != Reflection.Visibility.PRIVATE:
        # Publishing or saving an entry others read: the privacy check first (the author decides).
        privacy = _privacy_check(request, _text_fields(data["framework"], data["title"], data["sections"]))
        if privacy:
            return _form_page(request, form, reflection, privacy=privacy)
    if reflection is None and form.cleaned_data.get("draft"):
        # Autosave already made a server draft of this new entry: save into that one.
        try:
            reflection = selectors.get_own_draft_for(request.user, form.cleaned_data["draft"])
        except Http404:
            reflection = None
    created = reflection is None or reflection.is_draft
    if reflection is None:
        saved = _save(form, services.reflection_create, actor=request.user, is_draft=draft_mode, **data)
    else:
        if reflection.is_draft:
            data["is_draft"] = draft_mode
        saved = _save(form, services.reflection_update, actor=request.user, reflection=reflection, data=data)
    if saved is None:
        return None
    if saved.is_draft:
        messages.success(request, "Draft saved. Only you can see it.")
    elif saved.visibility == Reflection.Visibility.PRIVATE:
        messages.success(request, "Reflection saved. It is private: only you can read it.")
    else:
        messages.success(request, f"Reflection saved and shared: {sharing_phrase(saved)}.")
    url = reverse("reflections:reflection-detail", kwargs={"reflection_id": saved.pk})
    return redirect(f"{url}?saved={'new' if created else 'edit'}")


def reflection_new(request: AuthenticatedRequest) -> HttpResponse:
    teams = selectors.shareable_teams(request.user)
    if request.method == "POST":
        switching = "switch_framework" in request.POST
        form = ReflectionForm(
            request.POST, teams=teams, author=request.user, draft_mode=switching or "save_draft" in request.POST
        )
        if switching:
            # No JavaScript: re-show the form with the other framework's prompts; nothing is lost.
            return _form_page(request, form)
        response = _submit(request, form)
        if response:
            return response
        return _form_page(request, form, status=400)
    framework = request.GET.get("framework")
    form = ReflectionForm(
        teams=teams,
        author=request.user,
        initial={
            "occurred_on": caps(request.user).today,
            "framework": framework if framework in frameworks() else DEFAULT_FRAMEWORK,
            "visibility": Reflection.Visibility.PRIVATE,
        },
    )
    return _form_page(request, form)


def reflection_edit(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    reflection = own_reflection(request.user, reflection_id)
    teams = selectors.shareable_teams(request.user, reflection)
    if request.method == "POST":
        switching = "switch_framework" in request.POST
        draft_mode = switching or (reflection.is_draft and "save_draft" in request.POST)
        form = ReflectionForm(request.POST, teams=teams, author=request.user, draft_mode=draft_mode)
        if switching:
            return _form_page(request, form, reflection)
        response = _submit(request, form, reflection=reflection)
        if response:
            return response
        return _form_page(request, form, reflection, status=400)
    form = ReflectionForm(
        teams=teams,
        author=request.user,
        readers=selectors.readers_to_tick(reflection),
        initial=initial_from(reflection),
    )
    return _form_page(request, form, reflection)


def reflection_sharing(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    """Change who can read an entry (the author only; at any time)."""
    reflection = own_reflection(request.user, reflection_id)
    form = SharingForm(
        request.POST or None,
        teams=selectors.shareable_teams(request.user, reflection),
        author=request.user,
        readers=selectors.readers_to_tick(reflection),
        initial={"visibility": reflection.visibility, "team": reflection.team_id},
    )
    if request.method == "POST" and form.is_valid():
        data = form.service_data()
        if _widens(reflection, data):
            fields = _text_fields(reflection.framework, reflection.title, reflection.sections or {})
            privacy = _privacy_check(request, fields)
            if privacy:
                context = {
                    "reflection": reflection,
                    "form": form,
                    "privacy": privacy,
                    "edit_url": reverse("reflections:reflection-edit", kwargs={"reflection_id": reflection.pk}),
                }
                return render(request, "reflections/reflection_sharing.html", context)
        saved = run_service(form, services.reflection_update, actor=request.user, reflection=reflection, data=data)
        if saved:
            messages.success(request, f"Sharing updated: {sharing_phrase(saved)}.")
            return redirect("reflections:reflection-detail", reflection_id=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reflections/reflection_sharing.html", {"reflection": reflection, "form": form}, status=status
    )


def _widens(reflection: Reflection, data: dict[str, Any]) -> bool:
    """Whether a sharing change lets someone new read the entry."""
    if reflection.is_draft:
        return False  # a draft is read by its author only, whatever its visibility says
    before, after = _WIDTH[reflection.visibility], _WIDTH[data["visibility"]]
    if after > before:
        return True
    if after == 0:
        return False
    if data["visibility"] == Reflection.Visibility.TEAM and data.get("team") and data["team"].pk != reflection.team_id:
        return True
    current = set(reflection.readers.values_list("pk", flat=True))
    return bool({reader.pk for reader in data.get("readers") or []} - current)


def reflection_delete(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    reflection = own_reflection(request.user, reflection_id)
    if request.method == "POST":
        services.reflection_delete(actor=request.user, reflection=reflection)
        messages.success(request, "Reflection deleted.")
        return redirect("reflections:reflection-list")
    return render(request, "reflections/reflection_confirm_delete.html", {"reflection": reflection})
