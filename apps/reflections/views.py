"""Reflection pages: my reflections, write/edit (with autosave), detail with comments, the
perspective exchanges chart, a team's learning feed and a supervisor's "shared with me".

Every page that shows a body or an excerpt gets it from a selector that records the read by
anyone but the author (one bulk insert per page). Anything the reader may not read is 404.
"""

from datetime import date

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from apps.accounts.models import User
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.dates import org_zone
from apps.core.forms import run_service
from apps.reflections import policies, selectors, services
from apps.reflections.forms import (
    CommentForm,
    FeedFilterForm,
    MyReflectionsFilterForm,
    ReflectionForm,
    SharingForm,
    initial_from,
)
from apps.reflections.frameworks import DEFAULT_FRAMEWORK, frameworks
from apps.reflections.models import Reflection
from apps.teams.models import Team
from apps.teams.selectors import get_team_for

PAGE_SIZE = 20


def _my_teams(user, reflection=None):
    """Teams the user may share with; an entry keeps the team it is already shared with (even
    after the author left it) so that editing something else does not fail on ``team``."""
    ids = set(caps(user).team_ids)
    if reflection is not None and reflection.team_id:
        ids.add(reflection.team_id)
    return Team.objects.filter(pk__in=ids, organisation_id=user.organisation_id).order_by("name")


def _current_readers(reflection):
    """Ticked on an edit or sharing form: the entry's readers while shared; for a private
    entry, ``None`` (the peer supervisors are ticked, as for sharing anew)."""
    if reflection.visibility == Reflection.Visibility.PRIVATE:
        return None
    return set(reflection.readers.values_list("pk", flat=True))


def _local_key(user, reflection=None) -> str:
    """The browser-side copy of unsaved text is per user and per entry ("new" before it exists)."""
    return f"pspteam:reflection:{user.pk}:{reflection.pk if reflection else 'new'}"


def _autosave_seconds() -> int:
    return int(getattr(settings, "REFLECTION_AUTOSAVE_SECONDS", 30))


def _save(form, service, **kwargs):
    """``run_service`` for the reflection form: an error about ``sections`` is shown beside the
    chosen framework's first prompt rather than lost at the top of the form."""

    def call():
        try:
            return service(**kwargs)
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "sections" in exc.error_dict:
                errors = dict(exc.error_dict)
                errors[form.first_section_name()] = errors.pop("sections")
                raise ValidationError(errors) from exc
            raise

    return run_service(form, call)


# --- my reflections -------------------------------------------------------------------------


def reflection_list(request):
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


def _form_context(request, form, reflection=None, *, status=200):
    context = {
        "form": form,
        "reflection": reflection,
        "frameworks": list(frameworks().values()),
        "local_key": _local_key(request.user, reflection),
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


def _submit(request, form, *, reflection=None):
    """Validate ``form`` and create/update/publish; returns a redirect, or None (form has errors)."""
    draft_mode = form.draft_mode
    if not form.is_valid():
        return None
    data = form.service_data()
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
        messages.success(request, f"Reflection saved and shared: {_sharing_phrase(saved)}.")
    url = reverse("reflections:reflection-detail", kwargs={"reflection_id": saved.pk})
    return redirect(f"{url}?saved={'new' if created else 'edit'}")


def reflection_new(request):
    teams = _my_teams(request.user)
    if request.method == "POST":
        switching = "switch_framework" in request.POST
        form = ReflectionForm(
            request.POST, teams=teams, author=request.user, draft_mode=switching or "save_draft" in request.POST
        )
        if switching:
            # No JavaScript: re-show the form with the other framework's prompts; nothing is lost.
            return _form_context(request, form)
        response = _submit(request, form)
        if response:
            return response
        return _form_context(request, form, status=400)
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
    return _form_context(request, form)


def _own(request, reflection_id):
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    require(policies.can_edit(request.user, reflection), "Only the author can change this reflection.")
    return reflection


def reflection_edit(request, reflection_id):
    reflection = _own(request, reflection_id)
    teams = _my_teams(request.user, reflection)
    if request.method == "POST":
        switching = "switch_framework" in request.POST
        draft_mode = switching or (reflection.is_draft and "save_draft" in request.POST)
        form = ReflectionForm(request.POST, teams=teams, author=request.user, draft_mode=draft_mode)
        if switching:
            return _form_context(request, form, reflection)
        response = _submit(request, form, reflection=reflection)
        if response:
            return response
        return _form_context(request, form, reflection, status=400)
    form = ReflectionForm(
        teams=teams, author=request.user, readers=_current_readers(reflection), initial=initial_from(reflection)
    )
    return _form_context(request, form, reflection)


# --- autosave (JSON, called by static/js/reflections.js) ------------------------------------


def _autosave_response(request, form, reflection=None):
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
    saved_at = timezone.localtime(reflection.updated_at, org_zone(request.user.organisation))
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
def draft_create(request):
    """First autosave of a new entry: makes a private draft, or updates the one named in ``draft``."""
    form = ReflectionForm(request.POST, teams=_my_teams(request.user), author=request.user, draft_mode=True)
    reflection = None
    if form.is_valid() and form.cleaned_data.get("draft"):
        reflection = selectors.get_own_draft_for(request.user, form.cleaned_data["draft"])
    return _autosave_response(request, form, reflection)


@require_POST
def draft_autosave(request, reflection_id):
    reflection = selectors.get_own_draft_for(request.user, reflection_id)
    form = ReflectionForm(request.POST, teams=_my_teams(request.user, reflection), author=request.user, draft_mode=True)
    return _autosave_response(request, form, reflection)


# --- one reflection ---------------------------------------------------------------------------


def _sharing_phrase(reflection) -> str:
    """Who reads it, in words, naming the supervisors (for the author)."""
    names = selectors.reader_names(reflection)
    if reflection.visibility == Reflection.Visibility.TEAM and reflection.team_id:
        if names:
            return f"{', '.join(names)} and {reflection.team.name} can read it"
        return f"{reflection.team.name} can read it (no supervisor named)"
    if reflection.visibility == Reflection.Visibility.SUPERVISOR:
        if names:
            return f"{', '.join(names)} can read it"
        return "no supervisor is named, so only you can read it"
    return "only you can read it"


def _render_detail(request, reflection, *, comment_form=None, sharing_form=None, status=200):
    user = request.user
    is_author = policies.can_edit(user, reflection)
    reflection = selectors.read_reflection(user, reflection)
    comments = list(selectors.comments_of(reflection))
    can_comment = policies.can_comment(user, reflection)
    if is_author and sharing_form is None:
        sharing_form = SharingForm(
            teams=_my_teams(user, reflection),
            author=user,
            readers=_current_readers(reflection),
            initial={"visibility": reflection.visibility, "team": reflection.team_id},
        )
    clear_keys = []
    if is_author and request.GET.get("saved"):
        clear_keys = [_local_key(user, reflection)]
        if request.GET.get("saved") == "new":
            clear_keys.append(_local_key(user))
    context = {
        "reflection": reflection,
        "is_author": is_author,
        "comments": comments,
        "comment_form": comment_form or (CommentForm(reply=is_author) if can_comment else None),
        "sharing_form": sharing_form if is_author and not reflection.is_draft else None,
        "can_acknowledge": policies.can_acknowledge(user, reflection),
        "sharing_phrase": _sharing_phrase(reflection) if is_author else "",
        "readers": selectors.reader_names(reflection) if is_author else None,
        "clear_keys": " ".join(clear_keys),
    }
    return render(request, "reflections/reflection_detail.html", context, status=status)


def reflection_detail(request, reflection_id):
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    return _render_detail(request, reflection)


@require_POST
def comment_add(request, reflection_id):
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    require(policies.can_comment(request.user, reflection), "You cannot comment on this reflection.")
    form = CommentForm(request.POST, reply=policies.can_edit(request.user, reflection))
    if form.is_valid():
        comment = run_service(
            form,
            services.comment_create,
            actor=request.user,
            reflection=reflection,
            body=form.cleaned_data["body"],
        )
        if comment:
            messages.success(request, "Comment added. The author has been told.")
            url = reverse("reflections:reflection-detail", kwargs={"reflection_id": reflection.pk})
            return redirect(f"{url}#comment-{comment.pk}")
    return _render_detail(request, reflection, comment_form=form, status=400)


@require_POST
def reflection_acknowledge(request, reflection_id):
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    services.reflection_acknowledge(actor=request.user, reflection=reflection)
    messages.success(request, "Acknowledged. The author has been told you have seen it.")
    return redirect("reflections:reflection-detail", reflection_id=reflection.pk)


def reflection_sharing(request, reflection_id):
    """Change who can read an entry (the author only; at any time)."""
    reflection = _own(request, reflection_id)
    form = SharingForm(
        request.POST or None,
        teams=_my_teams(request.user, reflection),
        author=request.user,
        readers=_current_readers(reflection),
        initial={"visibility": reflection.visibility, "team": reflection.team_id},
    )
    if request.method == "POST" and form.is_valid():
        saved = run_service(
            form,
            services.reflection_update,
            actor=request.user,
            reflection=reflection,
            data=form.service_data(),
        )
        if saved:
            messages.success(request, f"Sharing updated: {_sharing_phrase(saved)}.")
            return redirect("reflections:reflection-detail", reflection_id=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "reflections/reflection_sharing.html", {"reflection": reflection, "form": form}, status=status
    )


def reflection_delete(request, reflection_id):
    reflection = _own(request, reflection_id)
    if request.method == "POST":
        services.reflection_delete(actor=request.user, reflection=reflection)
        messages.success(request, "Reflection deleted.")
        return redirect("reflections:reflection-list")
    return render(request, "reflections/reflection_confirm_delete.html", {"reflection": reflection})


# --- perspective exchanges over time ------------------------------------------------------------


def _last_months(today: date, count: int = 12) -> list[date]:
    months = []
    year, month = today.year, today.month
    for _ in range(count):
        months.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(months))


RECEPTION_COLOURS = {
    Reflection.Reception.WELCOMED: "#1f6b3a",
    Reflection.Reception.NEGOTIATED: "#24578f",
    Reflection.Reception.DISMISSED: "#a12622",
    Reflection.Reception.NOT_YET: "#8a919c",
}


def exchanges(request):
    """My perspective exchanges per month and how they were received (last 12 months)."""
    months = _last_months(caps(request.user).today)
    counts = selectors.exchanges_by_month(request.user, since=months[0])
    receptions = list(Reflection.Reception)
    rows = []
    for month in months:
        cells = [counts.get((month, r.value), 0) for r in receptions]
        rows.append({"month": month, "cells": cells, "total": sum(cells)})
    chart = {
        "labels": [m.strftime("%b %Y") for m in months],
        "datasets": [
            {
                "key": r.value,
                "label": r.label,
                "colour": RECEPTION_COLOURS[r],
                "data": [row["cells"][i] for row in rows],
            }
            for i, r in enumerate(receptions)
        ],
    }
    totals = [sum(row["cells"][i] for row in rows) for i in range(len(receptions))]
    return render(
        request,
        "reflections/exchanges.html",
        {
            "rows": rows,
            "receptions": receptions,
            "chart": chart,
            "totals": totals,
            "grand_total": sum(totals),
        },
    )


# --- team learning feed and supervisor view -----------------------------------------------------


def team_feed(request, team_id):
    """Entries shared with a team, newest shared first; members of the team and org admins."""
    team = get_team_for(request.user, team_id)
    filters = FeedFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    page = selectors.team_feed_page(
        request.user,
        team,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
        perspective=data.get("perspective") or "",
        reception=data.get("reception") or "",
    )
    return render(
        request,
        "reflections/team_feed.html",
        {
            "team": team,
            "page": page,
            "filters": filters,
            "filtered": bool(data.get("perspective") or data.get("reception")),
        },
    )


def shared_with_me(request):
    """A supervisor's view: supervisees' entries shared with their supervisors."""
    me = caps(request.user)
    supervisees = list(User.objects.filter(pk__in=me.supervisee_ids).order_by("display_name"))
    chosen = request.GET.get("supervisee") or ""
    supervisee_id = next((s.pk for s in supervisees if str(s.pk) == chosen), None)
    unacknowledged = request.GET.get("unacknowledged") == "1"
    page = selectors.shared_with_me_page(
        request.user,
        number=request.GET.get("page"),
        per_page=PAGE_SIZE,
        supervisee_id=supervisee_id,
        unacknowledged=unacknowledged,
    )
    return render(
        request,
        "reflections/shared_with_me.html",
        {
            "page": page,
            "supervisees": supervisees,
            "chosen": supervisee_id,
            "unacknowledged": unacknowledged,
        },
    )
