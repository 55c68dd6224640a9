"""Boundary note pages: write, read, edit until reviewed, review, follow up, close."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from apps.boundaries import policies, services
from apps.boundaries.forms import BoundaryNoteForm, FollowUpForm, NoteSharingForm, ReviewForm
from apps.boundaries.models import BoundaryNote
from apps.boundaries.selectors import (
    follow_ups_of,
    get_boundary_note_for,
    my_boundary_notes,
    read_boundary_note,
    reader_names,
)
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.forms import add_readers_field, run_service
from apps.privacy_check.checks import Findings, check_fields, shares_anyway

# The note's free text, checked before it is shared (apps/privacy_check): what the author wrote.
CHECKED_FIELDS = ("situation", "what_i_shared", "reasoning", *BoundaryNote.DISCLOSURE_PLAN_FIELDS)


def _check_form(request, form) -> Findings | None:
    """The privacy check of a valid note form that is about to be shared: findings to show, or
    None (nothing found, or the author chose "Share anyway"). Nothing is stored."""
    if shares_anyway(request.POST):
        return None
    fields = [(name, str(form.fields[name].label), form.cleaned_data.get(name) or "") for name in CHECKED_FIELDS]
    return check_fields(request.user, fields) or None


def _check_note(request, note) -> Findings | None:
    """The same for a saved note being shared with more people (its text as saved)."""
    if shares_anyway(request.POST):
        return None
    labels = {name: str(field.label) for name, field in BoundaryNoteForm().fields.items()}
    return check_fields(request.user, [(name, labels[name], getattr(note, name)) for name in CHECKED_FIELDS]) or None


def note_list(request):
    """My notes, newest first, each with who reads it."""
    page = Paginator(my_boundary_notes(request.user).prefetch_related("readers"), 25).get_page(request.GET.get("page"))
    return render(request, "boundaries/note_list.html", {"page": page})


def note_new(request):
    form = BoundaryNoteForm(request.POST or None, initial={"occurred_on": caps(request.user).today})
    add_readers_field(form, request.user, label="Which supervisors to share it with")
    if request.method == "POST" and form.is_valid():
        privacy = _check_form(request, form) if form.cleaned_data.get("readers") else None
        if privacy:
            return render(request, "boundaries/note_form.html", {"form": form, "note": None, "privacy": privacy})
        note = run_service(form, services.boundary_note_submit, actor=request.user, **form.cleaned_data)
        if note:
            names = ", ".join(reader_names(note))
            messages.success(
                request,
                f"Your note is shared with {names}. They will reply here."
                if names
                else "Your note is saved. Only you read it until you share it under “Who reads this note”.",
            )
            return redirect("boundaries:note-detail", note_id=note.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "boundaries/note_form.html", {"form": form, "note": None}, status=status)


def _sharing_form(request, note, data=None):
    form = NoteSharingForm(data)
    add_readers_field(
        form, request.user, initial=set(note.readers.values_list("pk", flat=True)), label="Who reads this note"
    )
    return form


def _detail_context(request, note, *, review_form=None, follow_up_form=None, sharing_form=None, privacy=None):
    """Everything the detail page shows: the note's text, so it is read through the selector
    that records the read."""
    user = request.user
    note = read_boundary_note(user, note)
    is_author = policies.is_author(user, note)
    is_supervisor = policies.reads_as_supervisor(user, note)
    return {
        "readers": reader_names(note) if is_author else None,
        "privacy": privacy,
        "sharing_form": (sharing_form or _sharing_form(request, note)) if is_author else None,
        "note": note,
        "is_author": is_author,
        "follow_ups": list(follow_ups_of(note)),
        "can_edit": is_author and note.status == BoundaryNote.Status.SUBMITTED,
        "can_review": is_supervisor and note.status == BoundaryNote.Status.SUBMITTED,
        "can_close": (is_author or is_supervisor) and note.status == BoundaryNote.Status.REVIEWED,
        "review_form": review_form or (ReviewForm() if is_supervisor else None),
        "follow_up_form": follow_up_form or (FollowUpForm() if is_author else None),
    }


def note_detail(request, note_id):
    note = get_boundary_note_for(request.user, note_id)
    return render(request, "boundaries/note_detail.html", _detail_context(request, note))


def note_edit(request, note_id):
    note = get_boundary_note_for(request.user, note_id)
    require(policies.is_author(request.user, note), "Only the author can change this note.")
    if note.status != BoundaryNote.Status.SUBMITTED:
        messages.error(
            request, "This note has a reply, so its text is kept as it was. Add a later thought (a follow-up) instead."
        )
        return redirect("boundaries:note-detail", note_id=note.pk)
    initial = {field: getattr(note, field) for field in BoundaryNote.TEXT_FIELDS}
    form = BoundaryNoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        # Saving a note others read shares the new text with them: checked first.
        privacy = _check_form(request, form) if note.readers.exists() else None
        if privacy:
            return render(request, "boundaries/note_form.html", {"form": form, "note": note, "privacy": privacy})
        changed = {field: form.cleaned_data[field] for field in form.changed_data}
        updated = run_service(form, services.boundary_note_update, actor=request.user, note=note, data=changed)
        if updated:
            messages.success(request, "Your changes are saved.")
            return redirect("boundaries:note-detail", note_id=note.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "boundaries/note_form.html", {"form": form, "note": note}, status=status)


def _domain_message(request, exc):
    messages.error(request, exc.message if isinstance(exc, DomainError) else str(exc))


@require_POST
def note_delete(request, note_id):
    note = get_boundary_note_for(request.user, note_id)
    try:
        services.boundary_note_delete(actor=request.user, note=note)
    except DomainError as exc:
        _domain_message(request, exc)
        return redirect("boundaries:note-detail", note_id=note.pk)
    messages.success(request, "The note was deleted.")
    return redirect("boundaries:note-list")


@require_POST
def note_review(request, note_id):
    note = get_boundary_note_for(request.user, note_id)
    require(policies.can_review(request.user, note), "Only a supervisor the author named can reply to this note.")
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            reviewed = run_service(
                form, services.boundary_note_review, actor=request.user, note=note, **form.cleaned_data
            )
        except DomainError as exc:
            _domain_message(request, exc)
            return redirect("boundaries:note-detail", note_id=note.pk)
        if reviewed:
            messages.success(request, f"Your reply is saved. {note.author} has been told.")
            return redirect("boundaries:note-detail", note_id=note.pk)
    context = _detail_context(request, note, review_form=form)
    return render(request, "boundaries/note_detail.html", context, status=400)


@require_POST
def note_follow_up(request, note_id):
    note = get_boundary_note_for(request.user, note_id)
    require(policies.is_author(request.user, note), "Only the author can add a follow-up to this note.")
    form = FollowUpForm(request.POST)
    if form.is_valid():
        follow_up = run_service(form, services.follow_up_add, actor=request.user, note=note, **form.cleaned_data)
        if follow_up:
            messages.success(request, "Your later thought was added.")
            return redirect("boundaries:note-detail", note_id=note.pk)
    context = _detail_context(request, note, follow_up_form=form)
    return render(request, "boundaries/note_detail.html", context, status=400)


@require_POST
def note_close(request, note_id):
    note = get_boundary_note_for(request.user, note_id)
    try:
        services.boundary_note_close(actor=request.user, note=note)
    except DomainError as exc:
        _domain_message(request, exc)
    else:
        messages.success(request, "The note is marked done for now.")
    return redirect("boundaries:note-detail", note_id=note.pk)


@require_POST
def note_share(request, note_id):
    """The author changes who reads the note (ticked supervisors; at any time)."""
    note = get_boundary_note_for(request.user, note_id)
    require(policies.is_author(request.user, note), "Only the author can share this note.")
    form = _sharing_form(request, note, request.POST)
    if form.is_valid():
        added = {reader.pk for reader in form.cleaned_data.get("readers") or []} - set(
            note.readers.values_list("pk", flat=True)
        )
        privacy = _check_note(request, note) if added else None
        if privacy:
            context = _detail_context(request, note, sharing_form=form, privacy=privacy)
            return render(request, "boundaries/note_detail.html", context)
        shared = run_service(
            form,
            services.boundary_note_share,
            actor=request.user,
            note=note,
            readers=list(form.cleaned_data.get("readers") or []),
        )
        if shared:
            names = ", ".join(reader_names(shared))
            messages.success(request, f"Sharing updated. Read by: {names or 'only you'}.")
            return redirect("boundaries:note-detail", note_id=note.pk)
    context = _detail_context(request, note, sharing_form=form)
    return render(request, "boundaries/note_detail.html", context, status=400)
