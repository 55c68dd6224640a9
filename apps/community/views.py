"""Peer community pages: threads (newest first), a thread and its replies, starting a thread,
sharing a reflection, moderation by peer leads, the digest choice, and the org admin's list of
peer leads. Every page but the last is for peer workers only (403; a thread or post by id: 404)."""

import csv
import io

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.community import policies, selectors, services
from apps.community.forms import DigestForm, HideForm, ModeratorForm, ReplyForm, ShareReflectionForm, ThreadForm
from apps.core.capabilities import require
from apps.core.dates import prose_datetime
from apps.core.forms import run_service
from apps.core.selectors import get_or_404

PAGE_SIZE = 20


def _bad_cursor(request, error: ValidationError):
    return render(request, "community/bad_cursor.html", {"errors": error.messages}, status=400)


def home(request):
    user = request.user
    selectors.require_member(user)
    try:
        page = selectors.thread_page(user, cursor=request.GET.get("cursor") or None, size=PAGE_SIZE)
    except ValidationError as error:
        return _bad_cursor(request, error)
    return render(
        request,
        "community/home.html",
        {"page": page, "is_moderator": selectors.is_moderator(user), "digest_on": selectors.digest_on(user)},
    )


def thread_new(request):
    user = request.user
    selectors.require_member(user)
    form = ThreadForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            thread = run_service(form, services.thread_start, actor=user, **form.cleaned_data)
            if thread:
                messages.success(request, "Thread started. Only peer workers read it.")
                return redirect("community:thread-detail", thread.pk)
        status = 400
    return render(request, "community/thread_form.html", {"form": form}, status=status)


def share_reflection(request):
    user = request.user
    selectors.require_member(user)
    form = ShareReflectionForm(request.POST or None, reflections=selectors.shareable_reflections(user))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            thread = run_service(
                form,
                services.thread_start,
                actor=user,
                title=form.cleaned_data["title"],
                reflection=form.cleaned_data["reflection"],
            )
            if thread:
                messages.success(request, "Your reflection is shared with the peer community.")
                return redirect("community:thread-detail", thread.pk)
        status = 400
    return render(request, "community/share_form.html", {"form": form}, status=status)


def _thread_page(request, thread_id, *, reply_form=None, status=200):
    user = request.user
    thread = selectors.get_thread_for(user, thread_id)
    moderator = selectors.is_moderator(user)
    try:
        page = selectors.post_page(
            user, thread, cursor=request.GET.get("cursor") or None, size=PAGE_SIZE, moderator=moderator
        )
    except ValidationError as error:
        return _bad_cursor(request, error)
    return render(
        request,
        "community/thread_detail.html",
        {
            "thread": thread,
            "page": page,
            "is_moderator": moderator,
            "reply_form": reply_form or ReplyForm(),
            "hide_form": HideForm(),
        },
        status=status,
    )


def thread_detail(request, thread_id):
    if request.method == "POST":
        thread = get_or_404(selectors.threads_visible_to(request.user), thread_id)
        form = ReplyForm(request.POST)
        if form.is_valid():
            post = run_service(form, services.post_reply, actor=request.user, thread=thread, **form.cleaned_data)
            if post:
                messages.success(request, "Reply posted.")
                return redirect("community:thread-detail", thread.pk)
        return _thread_page(request, thread_id, reply_form=form, status=400)
    return _thread_page(request, thread_id)


def thread_export(request, thread_id):
    user = request.user
    thread = selectors.get_thread_for(user, thread_id)
    rows = selectors.thread_rows_for_csv(user, thread, moderator=selectors.is_moderator(user))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["thread", "posted", "by", "text"])
    for row in rows:
        writer.writerow([thread.title, prose_datetime(row["at"]), row["author"], row["text"]])
    response = HttpResponse(out.getvalue(), content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="peer-community-thread.csv"'
    return response


def post_detail(request, post_id):
    post = selectors.get_post_for(request.user, post_id)
    return render(
        request,
        "community/post_detail.html",
        {"post": post, "hide_form": HideForm(), "is_moderator": post.can_moderate},
    )


@require_POST
def post_hide(request, post_id):
    user = request.user
    post = selectors.find_post(user, post_id)
    require(selectors.is_moderator(user), policies.NOT_A_MODERATOR)
    form = HideForm(request.POST)
    if form.is_valid() and run_service(form, services.post_hide, actor=user, post=post, **form.cleaned_data):
        messages.success(request, "Post hidden. Its author has been told, without its text.")
        return redirect("community:thread-detail", post.thread_id)
    post = selectors.get_post_for(user, post_id)
    return render(
        request, "community/post_detail.html", {"post": post, "hide_form": form, "is_moderator": True}, status=400
    )


@require_POST
def post_restore(request, post_id):
    user = request.user
    post = selectors.find_post(user, post_id)
    require(selectors.is_moderator(user), policies.NOT_A_MODERATOR)
    try:
        services.post_restore(actor=user, post=post)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("community:post-detail", post.pk)
    messages.success(request, "Post shown again.")
    return redirect("community:thread-detail", post.thread_id)


@require_POST
def post_withdraw(request, post_id):
    user = request.user
    post = selectors.my_posts(user).select_related("thread").filter(pk=post_id).first()
    if post is None or not policies.is_member(user):
        raise Http404
    thread_id = post.thread_id
    services.post_withdraw(actor=user, post=post)
    messages.success(request, "Post withdrawn.")
    if selectors.threads_visible_to(user).filter(pk=thread_id).exists():
        return redirect("community:thread-detail", thread_id)
    return redirect("community:home")


def digest_settings(request):
    user = request.user
    selectors.require_member(user)
    form = DigestForm(request.POST or None, initial={"digest": selectors.digest_on(user)})
    if request.method == "POST" and form.is_valid():
        services.digest_set(actor=user, digest=form.cleaned_data["digest"])
        messages.success(request, "Saved.")
        return redirect("community:settings")
    return render(request, "community/settings.html", {"form": form})


def moderators(request):
    user = request.user
    require(policies.can_name_moderators(user), policies.NOT_AN_ADMIN)
    form = ModeratorForm(request.POST or None, candidates=selectors.moderator_candidates(user))
    status = 200
    if request.method == "POST":
        if form.is_valid() and run_service(
            form, services.moderator_grant, actor=user, worker=form.cleaned_data["worker"]
        ):
            messages.success(request, "Peer lead named.")
            return redirect("community:moderators")
        status = 400
    return render(
        request, "community/moderators.html", {"form": form, "moderators": selectors.moderators_of(user)}, status=status
    )


@require_POST
def moderator_remove(request, moderator_id):
    user = request.user
    require(policies.can_name_moderators(user), policies.NOT_AN_ADMIN)
    row = selectors.moderators_of(user).filter(pk=moderator_id).first()
    if row is None:
        raise Http404
    services.moderator_revoke(actor=user, moderator=row)
    messages.success(request, "No longer a peer lead.")
    return redirect("community:moderators")
