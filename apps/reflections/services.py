"""Every write to reflections and their comments goes through here.

``author``, ``organisation``, ``acknowledged_by`` and ``acknowledged_at`` always come from the
signed-in user, never from input. Each write records its audit event in the same
transaction. Notifications say what happened and link to the entry; they never carry a
title or any text of the entry.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypedDict
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, forget_caps, require
from apps.core.sharing import clean_reader_ids, readers_for
from apps.notifications.services import notify
from apps.reflections import policies
from apps.reflections.frameworks import get_framework
from apps.reflections.models import Reflection, ReflectionComment, ReflectionHelped
from apps.reflections.validation import EDITABLE_FIELDS, clean_sections, validate_comment_body

# Autosave writes a draft every few seconds while someone types; one audit row per draft per
# this interval says "the author was editing their draft" without flooding the trail.
AUTOSAVE_AUDIT_INTERVAL = timedelta(minutes=10)
TEXT_FIELDS = ("title", "framework", "perspective", "reception")
COMMENT_REFUSED = (
    "Only the author's supervisors, colleagues of the team it is shared with (while the author keeps "
    "replies on) and the author can comment on a reflection."
)


class Snapshot(TypedDict):
    """What an entry was before a change: the rules that depend on the change compare with it."""

    is_draft: bool
    visibility: str
    team_id: UUID | None
    readers: set[UUID]


@dataclass
class _Change:
    """One write in progress: the entry (being changed in memory), who changes it, the input,
    the entry as it was, and the errors found so far (field -> message)."""

    reflection: Reflection
    actor: User
    data: dict[str, Any]
    previous: Snapshot
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def publishing(self) -> bool:
        return not self.reflection.is_draft


def _detail_link(reflection: Reflection) -> str:
    return reverse("reflections:reflection-detail", kwargs={"reflection_id": reflection.pk})


def _refuse_unknown_fields(data: dict[str, Any]) -> None:
    refused = sorted(set(data) - set(EDITABLE_FIELDS))
    if refused:
        raise ValidationError({name: "This field cannot be set." for name in refused})


def _set_fields(change: _Change) -> None:
    """The plain fields, as given (text stripped; a missing text is empty). A saved entry
    never becomes a draft again."""
    reflection, data = change.reflection, change.data
    if data.get("is_draft") and not change.previous["is_draft"]:
        change.errors["is_draft"] = "A shared or saved reflection cannot become a draft again; make it private instead."
    for name in ("title", "occurred_on", "framework", "perspective", "reception", "visibility"):
        if name in data:
            value = data[name]
            if name in TEXT_FIELDS and value is None:
                value = ""
            if isinstance(value, str):
                value = value.strip()
            setattr(reflection, name, value)
    if "shared_with_team" in data:
        reflection.shared_with_team = bool(data["shared_with_team"])
    if "replies_open" in data:
        reflection.replies_open = bool(data["replies_open"])
    if "is_draft" in data and "is_draft" not in change.errors:
        reflection.is_draft = bool(data["is_draft"])


def _set_sections(change: _Change) -> None:
    """Sections are checked against the framework's prompts; changing the framework re-checks
    the existing sections against the new prompts."""
    reflection, data = change.reflection, change.data
    framework = get_framework(reflection.framework or "")
    if framework is None:
        change.errors["framework"] = "Choose one of the frameworks offered."
    elif "sections" in data or "framework" in data:
        try:
            reflection.sections = clean_sections(framework, data.get("sections", reflection.sections))
        except ValidationError as exc:
            change.errors["sections"] = exc.messages[0]
            reflection.sections = {}


def _check_date(change: _Change) -> None:
    """When it happened: required to publish (a draft defaults to today), never in the future."""
    reflection = change.reflection
    today = caps(change.actor).today
    if reflection.occurred_on is None:
        if change.publishing:
            change.errors["occurred_on"] = "Say when it happened."
        else:
            reflection.occurred_on = today
    elif isinstance(reflection.occurred_on, date) and reflection.occurred_on > today:
        change.errors["occurred_on"] = "This date is in the future."


def _check_complete(change: _Change) -> None:
    """A published entry has a title and some text; a reception needs the perspective it received."""
    reflection, errors = change.reflection, change.errors
    if change.publishing:
        if not reflection.title:
            errors["title"] = "Give the reflection a title."
        if "sections" not in errors and "framework" not in errors and not reflection.sections:
            errors["sections"] = "Write something for at least one prompt."
    if reflection.reception and not reflection.perspective:
        errors["reception"] = "Say which perspective you brought before recording how it was received."


def _set_team(change: _Change) -> None:
    """A team is named iff the entry is shared with a team, and it must be one of the author's
    current teams."""
    reflection, data, previous = change.reflection, change.data, change.previous
    if reflection.visibility != Reflection.Visibility.TEAM:
        if data.get("team") is not None:
            change.errors["team"] = "A team is only named when the reflection is shared with a team."
        reflection.team = None
        return
    if "team" in data:
        reflection.team = data["team"]
    if reflection.team is None:
        if change.publishing:
            change.errors["team"] = "Choose the team to share with."
        return
    # Re-checked only when it changes: an entry stays shared with a team its author has since
    # left (they can still edit it, or un-share it), but nobody shares anew there.
    changed = previous["visibility"] != Reflection.Visibility.TEAM or reflection.team.pk != previous["team_id"]
    if changed and reflection.team.pk not in caps(change.actor).team_ids:
        change.errors["team"] = "You can only share with a team you are in."


def _readers_after(change: _Change) -> set[UUID]:
    """The supervisors the entry names after the change (any kind, current; only when shared)."""
    shared = change.reflection.visibility in policies.SHARED_WITH_SUPERVISORS
    given = None
    if "readers" in change.data:
        try:
            given = clean_reader_ids(change.actor, change.data["readers"])
        except ValidationError as exc:
            change.errors.update({k: v[0] for k, v in exc.message_dict.items()})
        if given and not shared:
            change.errors["readers"] = (
                "Readers are named only when the reflection is shared with supervisors or a team."
            )
    readers: set[UUID] = readers_for(
        change.actor,
        given,
        shared=shared,
        was_shared=change.previous["visibility"] in policies.SHARED_WITH_SUPERVISORS,
        current=change.previous["readers"],
    )
    return readers


def _finish(reflection: Reflection) -> None:
    """Stamp the first publication, run the model's own field checks, index the text."""
    if not reflection.is_draft and reflection.published_at is None:
        reflection.published_at = timezone.now()
    try:
        reflection.full_clean(exclude=["organisation", "author", "team", "acknowledged_by", "sections"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    reflection.search_text = "\n".join([reflection.title, *reflection.sections.values()])


def _apply(reflection: Reflection, *, actor: User, data: dict[str, Any], previous: Snapshot) -> set[UUID]:
    """Set ``data`` on ``reflection`` and check every rule; raise one ValidationError naming
    each offending field. ``previous`` holds the values before this change. Returns the ids
    of the readers the entry names after it (``apps.core.sharing``; saved by the caller)."""
    _refuse_unknown_fields(data)
    change = _Change(reflection=reflection, actor=actor, data=data, previous=previous)
    _set_fields(change)
    _set_sections(change)
    _check_date(change)
    _check_complete(change)
    _set_team(change)
    readers = _readers_after(change)
    if change.errors:
        raise ValidationError(change.errors)
    _finish(reflection)
    return readers


def _snapshot(reflection: Reflection) -> Snapshot:
    return {
        "is_draft": reflection.is_draft,
        "visibility": reflection.visibility,
        "team_id": reflection.team_id,
        "readers": set(reflection.readers.values_list("pk", flat=True)),
    }


def _save_readers(reflection: Reflection, readers: set[UUID], previous: Snapshot) -> None:
    if readers != previous["readers"]:
        # The stubs type primary keys as ints; ours are UUIDs (Django accepts any pk).
        reflection.readers.set(readers)  # type: ignore[arg-type]
    policies.forget(reflection)


def _supervisors_now_reading(reflection: Reflection, previous: Snapshot, readers: set[UUID]) -> list[User]:
    """Named supervisors who can read the entry now and could not before."""
    readable_before = not previous["is_draft"] and previous["visibility"] in policies.SHARED_WITH_SUPERVISORS
    readable_now = not reflection.is_draft and reflection.visibility in policies.SHARED_WITH_SUPERVISORS
    if not readable_now:
        return []
    new = readers - (previous["readers"] if readable_before else set())
    return list(User.objects.filter(pk__in=new & caps(reflection.author).supervisor_ids))


def _tell_supervisors_it_was_shared(reflection: Reflection, previous: Snapshot, readers: set[UUID]) -> None:
    for supervisor in _supervisors_now_reading(reflection, previous, readers):
        notify(
            recipient=supervisor,
            kind="reflection_shared",
            message="{actor} shared a reflection with you.",
            actor=reflection.author,
            link=_detail_link(reflection),
        )


@transaction.atomic
def reflection_create(*, actor: User, **data: Any) -> Reflection:
    """Write a new reflection (private unless shared). ``is_draft=True`` keeps it a draft."""
    data.setdefault("is_draft", False)
    data.setdefault("framework", "")
    data.setdefault("sections", {})
    reflection = Reflection(organisation_id=org_id(actor), author=actor, is_draft=True)
    previous = Snapshot(is_draft=True, visibility=Reflection.Visibility.PRIVATE, team_id=None, readers=set())
    readers = _apply(reflection, actor=actor, data=data, previous=previous)
    reflection.save()
    _save_readers(reflection, readers, previous)
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=reflection,
        detail="draft" if reflection.is_draft else reflection.visibility,
    )
    _tell_supervisors_it_was_shared(reflection, previous, readers)
    return reflection


def _lock(reflection: Reflection) -> Reflection:
    # Autosave and a submit of the same entry may race: the row lock makes the later one see
    # the earlier one's result (e.g. an autosave arriving after publishing is refused).
    return Reflection.objects.select_for_update(of=("self",)).select_related("author", "team").get(pk=reflection.pk)


@transaction.atomic
def reflection_update(*, actor: User, reflection: Reflection, data: dict[str, Any]) -> Reflection:
    """The author changes an entry: any field, its visibility at any time (private again hides
    it, comments included, at once), or publishes a draft with ``is_draft=False``."""
    require(policies.can_edit(actor, reflection), "Only the author can change a reflection.")
    reflection = _lock(reflection)
    previous = _snapshot(reflection)
    readers = _apply(reflection, actor=actor, data=data, previous=previous)
    reflection.save()
    _save_readers(reflection, readers, previous)
    detail = ",".join(sorted(data))
    if previous["is_draft"] and not reflection.is_draft:
        detail = f"published,{detail}"
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=reflection, detail=detail)
    _tell_supervisors_it_was_shared(reflection, previous, readers)
    return reflection


@transaction.atomic
def reflection_autosave(*, actor: User, data: dict[str, Any], reflection: Reflection | None = None) -> Reflection:
    """Keep what the author has typed so far as a draft (new, or the same draft again).

    Only drafts are autosaved: a published entry changes only when its author submits.
    """
    data = {**data, "is_draft": True}
    if reflection is None:
        return reflection_create(actor=actor, **data)
    require(policies.can_edit(actor, reflection), "Only the author can change a reflection.")
    reflection = _lock(reflection)
    if not reflection.is_draft:
        raise DomainError("This reflection has already been saved; it is no longer a draft.")
    previous = _snapshot(reflection)
    readers = _apply(reflection, actor=actor, data=data, previous=previous)
    reflection.save()
    _save_readers(reflection, readers, previous)
    recently = AuditEvent.objects.filter(
        target_id=reflection.pk, actor_id=actor.pk, detail="autosave", at__gte=timezone.now() - AUTOSAVE_AUDIT_INTERVAL
    ).exists()
    if not recently:
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=reflection, detail="autosave")
    return reflection


@transaction.atomic
def reflection_delete(*, actor: User, reflection: Reflection) -> None:
    """The author deletes an entry and its comments."""
    require(policies.can_edit(actor, reflection), "Only the author can delete a reflection.")
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=reflection)
    reflection.delete()


@transaction.atomic
def reflection_acknowledge(*, actor: User, reflection: Reflection) -> Reflection:
    """A supervisor of the author says "seen, thank you". Acknowledging twice changes nothing."""
    require(policies.can_acknowledge(actor, reflection), "Only the author's supervisors can acknowledge it.")
    reflection = _lock(reflection)
    if reflection.acknowledged_at is not None:
        return reflection
    reflection.acknowledged_by = actor
    reflection.acknowledged_at = timezone.now()
    reflection.save(update_fields=["acknowledged_by", "acknowledged_at", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, target=reflection, detail="acknowledged")
    notify(
        recipient=reflection.author,
        kind="reflection_acknowledged",
        message="{actor} acknowledged your reflection: seen, thank you.",
        actor=actor,
        link=_detail_link(reflection),
    )
    return reflection


def _locked_for(actor: User, reflection: Reflection) -> Reflection:
    """The entry, row-locked and asked afresh: a reply or a marker racing the author's change of
    sharing (or of replies) waits for it and is then judged on what the author decided."""
    reflection = _lock(reflection)
    policies.forget(reflection)
    forget_caps(actor)
    if not policies.can_read(actor, reflection):
        raise Http404("No such reflection.")
    return reflection


def _tell_earlier_commenters(reflection: Reflection, actor: User, link: str) -> None:
    """The author replied: tell earlier commenters who may still comment (the same rule as
    writing: a supervisor no longer named, a colleague who left the team or whose replies were
    turned off, hears nothing)."""
    earlier = set(
        ReflectionComment.objects.filter(reflection=reflection)
        .exclude(author_id=actor.pk)
        .values_list("author_id", flat=True)
    )
    for person in User.objects.filter(pk__in=earlier):
        if policies.reads_as_supervisor(person, reflection) or policies.can_reply_as_colleague(person, reflection):
            notify(
                recipient=person,
                kind="reflection_comment_reply",
                message="{actor} replied on a reflection you commented on.",
                actor=actor,
                link=link,
            )


@transaction.atomic
def comment_create(*, actor: User, reflection: Reflection, body: str) -> ReflectionComment:
    """A supervisor comments on an entry they can read; a colleague of its team replies while
    replies are on; the author replies on their own."""
    reflection = _locked_for(actor, reflection)
    require(policies.can_comment(actor, reflection), COMMENT_REFUSED)
    body = (body or "").strip()
    try:
        validate_comment_body(body)
    except ValidationError as exc:
        raise ValidationError({"body": exc.messages}) from exc
    as_colleague = actor.pk != reflection.author_id and not policies.reads_as_supervisor(actor, reflection)
    comment = ReflectionComment.objects.create(
        reflection=reflection, author=actor, body=body, team_id=reflection.team_id if as_colleague else None
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        target=comment,
        subject=reflection.author,
        detail="team reply" if as_colleague else "",
    )
    link = _detail_link(reflection) + "#comments"
    if as_colleague:
        # Content-free and nameless: "someone replied" (who, the author reads on the entry).
        notify(
            recipient=reflection.author,
            kind="reflection_team_reply",
            message="Someone in your team replied to your reflection.",
            link=link,
        )
    elif actor.pk != reflection.author_id:
        notify(
            recipient=reflection.author,
            kind="reflection_comment",
            message="{actor} commented on your reflection.",
            actor=actor,
            link=link,
        )
    else:
        _tell_earlier_commenters(reflection, actor, link)
    return comment


@transaction.atomic
def helped_set(*, actor: User, reflection: Reflection, helped: bool) -> bool:
    """A colleague of the entry's team marks it "this helped me" (``helped=True``) or takes the
    marker back. Setting it twice changes nothing. Nobody is told: the author only ever sees a
    count at or above ``VOICE_MIN_GROUP`` (``selectors.team_reception``), never who."""
    reflection = _locked_for(actor, reflection)
    require(policies.can_mark_helped(actor, reflection), "Only colleagues of the team it is shared with can mark it.")
    existing = ReflectionHelped.objects.filter(reflection=reflection, user_id=actor.pk).first()
    if helped and existing is None:
        marker = ReflectionHelped.objects.create(reflection=reflection, user=actor)
        # The colleague is the subject: the author's "who read my entries" never lists a marker.
        audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=marker, subject=actor, detail="helped")
    elif not helped and existing is not None:
        audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=existing, subject=actor, detail="helped")
        existing.delete()
    return helped
