"""One reflection: its page (body, comments and replies, sharing for the author), commenting or
replying, acknowledging it, the author turning colleagues' replies off and on, and a colleague's
"this helped me". The page's entry comes through ``selectors.read_reflection``, which records
the read (not the author's), and each colleague's reply shown through ``selectors.read_replies``.

Replying and "this helped me" also work from the team feed with htmx: the answer is then the
entry's thread fragment (``reflections/_thread.html``) instead of a redirect."""

from typing import Any
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
from apps.reflections.forms import CommentForm, HelpedForm, RepliesForm, SharingForm
from apps.reflections.models import Reflection
from apps.reflections.views.common import local_key, own_reflection, sharing_phrase


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
    comments = selectors.read_replies(user, selectors.visible_comments(user, reflection), detail="reply")
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
        "comment_form": comment_form or (_comment_form(user, reflection) if can_comment else None),
        "as_colleague": policies.reads_as_colleague(user, reflection)
        and not policies.reads_as_supervisor(user, reflection),
        "can_mark_helped": policies.can_mark_helped(user, reflection),
        "helped_by_me": selectors.helped_by(user, reflection) if policies.can_mark_helped(user, reflection) else False,
        "reception": selectors.team_reception(reflection)
        if is_author and reflection.visibility == Reflection.Visibility.TEAM
        else None,
        "sharing_form": sharing_form,
        "can_acknowledge": policies.can_acknowledge(user, reflection),
        "sharing_phrase": sharing_phrase(reflection) if is_author else "",
        "readers": selectors.reader_names(reflection) if is_author else None,
        "clear_keys": " ".join(clear_keys),
    }
    return render(request, "reflections/reflection_detail.html", context, status=status)


def _htmx(request: AuthenticatedRequest) -> bool:
    """Sent by htmx (django-htmx's ``request.htmx``): answer with the thread fragment."""
    return bool(getattr(request, "htmx", False))


def _comment_form(user, reflection: Reflection, data=None, *, in_thread: bool = False) -> CommentForm:
    """The comment form as this reader writes it: the author replies, a supervisor comments, a
    team colleague replies (told that the author hears "someone replied", not who or what). In a
    feed thread its ids carry the entry's id (one form per entry on the page)."""
    is_author = policies.can_edit(user, reflection)
    colleague = not is_author and not policies.reads_as_supervisor(user, reflection)
    kwargs = {"auto_id": f"id_%s_{reflection.pk}"} if in_thread else {}
    return CommentForm(data, reply=is_author, colleague=colleague, **kwargs)


def prepare_thread(user, reflection: Reflection, form: CommentForm | None = None) -> Reflection:
    """What ``_thread.html`` asks of one entry whose ``thread`` and ``helped_by_me`` are set:
    may ``user`` reply or mark it, and the reply form (the team feed does this for each row, at
    no query cost: its rows' rule answers are primed)."""
    row: Any = reflection  # attributes for the template, set on the row shown (as ``comment_count``)
    row.can_reply = policies.can_comment(user, reflection)
    row.can_mark_helped = policies.can_mark_helped(user, reflection)
    row.reply_form = form or (_comment_form(user, reflection, in_thread=True) if row.can_reply else None)
    return reflection


def _render_thread(request: AuthenticatedRequest, reflection: Reflection, *, form=None, status=200) -> HttpResponse:
    """The entry's thread as the team feed shows it (htmx): its replies, the reply form, the marker."""
    user = request.user
    row: Any = reflection
    row.thread = selectors.read_replies(user, selectors.visible_comments(user, reflection), detail="team feed reply")
    row.helped_by_me = selectors.helped_by(user, reflection)
    prepare_thread(user, reflection, form)
    return render(request, "reflections/_thread.html", {"r": reflection}, status=status)


def reflection_detail(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    return _render_detail(request, reflection)


@require_POST
def comment_add(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    require(policies.can_comment(request.user, reflection), "You cannot comment on this reflection.")
    form = _comment_form(request.user, reflection, request.POST, in_thread=bool(_htmx(request)))
    if form.is_valid():
        body = form.cleaned_data["body"]
        comment = run_service(form, services.comment_create, actor=request.user, reflection=reflection, body=body)
        if comment:
            if _htmx(request):
                return _render_thread(request, selectors.get_reflection_for(request.user, reflection.pk))
            messages.success(request, "Comment added. The author has been told.")
            url = reverse("reflections:reflection-detail", kwargs={"reflection_id": reflection.pk})
            return redirect(f"{url}#comment-{comment.pk}")
    if _htmx(request):
        return _render_thread(request, reflection, form=form, status=400)
    # The entry is shown again with the refused comment: that is a read of it.
    return _render_detail(request, reflection, comment_form=form, status=400)


@require_POST
def replies_set(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    """The author turns colleagues' replies off (kept, shown to the author only) or on again."""
    reflection = own_reflection(request.user, reflection_id)
    form = RepliesForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, reflection, status=400)
    replies_open = form.cleaned_data["replies_open"] == "on"
    services.reflection_update(actor=request.user, reflection=reflection, data={"replies_open": replies_open})
    messages.success(
        request,
        "Replies are on: colleagues can reply again."
        if replies_open
        else "Replies are off: earlier replies are kept and only you see them.",
    )
    return redirect(reverse("reflections:reflection-detail", kwargs={"reflection_id": reflection.pk}) + "#comments")


@require_POST
def helped_set(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    """A team colleague marks the entry "this helped me", or takes it back."""
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    require(policies.can_mark_helped(request.user, reflection), "Only colleagues of the team can mark it.")
    form = HelpedForm(request.POST)
    if not form.is_valid():
        if _htmx(request):
            return _render_thread(request, reflection, status=400)
        return _render_detail(request, reflection, status=400)
    services.helped_set(actor=request.user, reflection=reflection, helped=form.cleaned_data["helped"] == "yes")
    if _htmx(request):
        return _render_thread(request, selectors.get_reflection_for(request.user, reflection.pk))
    return redirect(reverse("reflections:reflection-detail", kwargs={"reflection_id": reflection.pk}) + "#helped")


@require_POST
def reflection_acknowledge(request: AuthenticatedRequest, reflection_id: UUID) -> HttpResponse:
    reflection = selectors.get_reflection_for(request.user, reflection_id)
    services.reflection_acknowledge(actor=request.user, reflection=reflection)
    messages.success(request, "Acknowledged. The author has been told you have seen it.")
    return redirect("reflections:reflection-detail", reflection_id=reflection.pk)
