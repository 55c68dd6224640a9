"""One reflection: its page (body, comments, sharing for the author), commenting on it and
acknowledging it. The page's entry comes through ``selectors.read_reflection``, which records
the read (not the author's)."""

from uuid import UUID

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from apps.accounts.http import AuthenticatedRequest
from apps.core.capabilities import require
from apps.core.forms import run_service
from apps.reflections import policies, selectors, services
from apps.reflections.forms import CommentForm, SharingForm
from apps.reflections.models import Reflection
from apps.reflections.views.common import local_key, sharing_phrase


def _render_detail(
    request: AuthenticatedRequest,
    reflection: Reflection,
    *,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    is_author = policies.can_edit(user, reflection)
    reflection = selectors.read_reflection(user, reflection)
    comments = list(selectors.comments_of(reflection))
    can_comment = policies.can_comment(user, reflection)
    sharing_form = None
    if is_author and not reflection.is_draft:
        sharing_form = SharingForm(
            teams=selectors.shareable_teams(user, reflection),
            author=user,
            readers=selectors.readers_to_tick(reflection),
            initial={"visibility": reflection.visibility, "team": reflection.team_id},
        )
    clear_keys = []
    if is_author and request.GET.get("saved"):
        clear_keys = [local_key(user, reflection)]
        if request.GET.get("saved") == "new":
            clear_keys.append(local_key(user))
    context = {
        "reflection": reflection,
        "is_author": is_author,
        "comments": comments,
        "comment_form": comment_form or (CommentForm(reply=is_author) if can_comment else None),
        "sharing_form": sharing_form,
        "can_acknowledge": policies.can_acknowledge(user, reflection),
        "sharing_phrase": sharing_phrase(reflection) if is_author else "",
        "readers": selectors.reader_names(reflection) if is_author else None,
        "clear_keys": " ".join(clear_keys),
    }
    return render(request, "reflections/reflection_detail.html", context, status=status)


def reflection_detail(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    return _render_detail(request, reflection)


@require_POST
def comment_add(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    require(policies.can_comment(request.user, reflection), "You cannot comment on this reflection.")
    form = CommentForm(request.POST, reply=policies.can_edit(request.user, reflection))
    if form.is_valid():
        body = form.cleaned_data["body"]
        comment = run_service(form, services.comment_create, actor=request.user, reflection=reflection, body=body)
        if comment:
            messages.success(request, "Comment added. The author has been told.")
            url = reverse("reflections:reflection-detail", kwargs={"reflection_id": reflection.pk})
            return redirect(f"{url}#comment-{comment.pk}")
    # The entry is shown again with the refused comment: that is a read of it.
    return _render_detail(request, reflection, comment_form=form, status=400)


@require_POST
def reflection_acknowledge(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    services.reflection_acknowledge(actor=request.user, reflection=reflection)
    messages.success(request, "Acknowledged. The author has been told you have seen it.")
    return redirect("reflections:reflection-detail", reflection_id=reflection.pk)
