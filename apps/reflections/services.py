"""Every write to reflections and their comments goes through here.

``author``, ``organisation``, ``acknowledged_by`` and ``acknowledged_at`` always come from the
signed-in user, never from input. Each write records its audit event in the same
transaction. Notifications say what happened and link to the entry; they never carry a
title or any text of the entry.
"""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.accounts.models import User
from apps.audit.models import AuditEvent
from apps.audit.services import audit_record
from apps.core.api.exceptions import DomainError
from apps.core.capabilities import caps, require
from apps.core.sharing import clean_reader_ids, readers_for
from apps.notifications.services import notify
from apps.reflections import policies
from apps.reflections.frameworks import get_framework
from apps.reflections.models import Reflection, ReflectionComment

EDITABLE_FIELDS = (
    "title",
    "occurred_on",
    "framework",
    "sections",
    "perspective",
    "shared_with_team",
    "reception",
    "visibility",
    "team",
    "is_draft",
    "readers",
)
MAX_SECTION_LENGTH = 20_000
# Autosave writes a draft every few seconds while someone types; one audit row per draft per
# this interval says "the author was editing their draft" without flooding the trail.
AUTOSAVE_AUDIT_INTERVAL = timedelta(minutes=10)


def _detail_link(reflection) -> str:
    return reverse("reflections:reflection-detail", kwargs={"reflection_id": reflection.pk})


def _clean_sections(framework, sections, errors: dict) -> dict:
    """Only the framework's prompt keys, stripped, empty ones dropped, in prompt order."""
    if not isinstance(sections, dict):
        errors["sections"] = "Give the sections as an object of prompt key to text."
        return {}
    unknown = sorted(str(key) for key in set(sections) - set(framework.prompt_keys))
    if unknown:
        errors["sections"] = (
            f"Not a prompt of {framework.label}: {', '.join(unknown)}. "
            f"Its prompts are: {', '.join(framework.prompt_keys)}."
        )
        return {}
    cleaned = {}
    for key in framework.prompt_keys:
        value = sections.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            errors["sections"] = f"The text for “{key}” must be a string."
            return {}
        text = value.strip()
        if len(text) > MAX_SECTION_LENGTH:
            errors["sections"] = f"The text for “{key}” is longer than {MAX_SECTION_LENGTH} characters."
            return {}
        if text:
            cleaned[key] = text
    return cleaned


def _apply(reflection: Reflection, *, actor, data: dict, previous: dict) -> set:
    """Set ``data`` on ``reflection`` and check every rule; raise one ValidationError naming
    each offending field. ``previous`` holds the values before this change. Returns the ids
    of the readers the entry names after it (``apps.core.sharing``; saved by the caller)."""
    errors: dict[str, str] = {}
    refused = sorted(set(data) - set(EDITABLE_FIELDS))
    if refused:
        raise ValidationError({field: "This field cannot be set." for field in refused})

    if "is_draft" in data and data["is_draft"] and not previous.get("is_draft", True):
        errors["is_draft"] = "A shared or saved reflection cannot become a draft again; make it private instead."

    for field in ("title", "occurred_on", "framework", "perspective", "reception", "visibility"):
        if field in data:
            value = data[field]
            if field in ("title", "framework", "perspective", "reception") and value is None:
                value = ""
            if isinstance(value, str):
                value = value.strip()
            setattr(reflection, field, value)
    if "shared_with_team" in data:
        reflection.shared_with_team = bool(data["shared_with_team"])
    if "is_draft" in data and "is_draft" not in errors:
        reflection.is_draft = bool(data["is_draft"])

    framework = get_framework(reflection.framework or "")
    if framework is None:
        errors["framework"] = "Choose one of the frameworks offered."
    elif "sections" in data or "framework" in data:
        # Changing framework re-checks the existing sections against the new prompts.
        sections = data["sections"] if "sections" in data else reflection.sections
        reflection.sections = _clean_sections(framework, sections, errors)

    publishing = not reflection.is_draft
    if reflection.occurred_on is None:
        if publishing:
            errors["occurred_on"] = "Say when it happened."
        else:
            reflection.occurred_on = caps(actor).today
    elif isinstance(reflection.occurred_on, date) and reflection.occurred_on > caps(actor).today:
        errors["occurred_on"] = "This date is in the future."
    if publishing:
        if not reflection.title:
            errors["title"] = "Give the reflection a title."
        if "sections" not in errors and "framework" not in errors and not reflection.sections:
            errors["sections"] = "Write something for at least one prompt."

    if reflection.reception and not reflection.perspective:
        errors["reception"] = "Say which perspective you brought before recording how it was received."

    # Visibility and team: a team is named iff the entry is shared with a team, and it must
    # be one of the author's current teams.
    team_given = "team" in data
    if reflection.visibility == Reflection.Visibility.TEAM:
        if team_given:
            reflection.team = data["team"]
        # Re-checked only when it changes: an entry stays shared with a team its author has
        # since left (they can still edit it, or un-share it), but nobody shares anew there.
        changed = previous.get("visibility") != Reflection.Visibility.TEAM or (
            reflection.team.pk if reflection.team else None
        ) != previous.get("team_id")
        if reflection.team is None:
            if publishing:
                errors["team"] = "Choose the team to share with."
        elif changed and reflection.team.pk not in caps(actor).team_ids:
            errors["team"] = "You can only share with a team you are in."
    else:
        if team_given and data["team"] is not None:
            errors["team"] = "A team is only named when the reflection is shared with a team."
        reflection.team = None

    # Readers: the supervisors the author names (any kind, current); only when shared.
    shared = reflection.visibility in policies.SHARED_WITH_SUPERVISORS
    given = None
    if "readers" in data:
        try:
            given = clean_reader_ids(actor, data["readers"])
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
        if given and not shared:
            errors["readers"] = "Readers are named only when the reflection is shared with supervisors or a team."
    readers = readers_for(
        actor,
        given,
        shared=shared,
        was_shared=previous.get("visibility") in policies.SHARED_WITH_SUPERVISORS,
        current=previous.get("readers", set()),
    )

    if errors:
        raise ValidationError(errors)
    if publishing and reflection.published_at is None:
        reflection.published_at = timezone.now()
    try:
        reflection.full_clean(exclude=["organisation", "author", "team", "acknowledged_by", "sections"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    reflection.search_text = "\n".join([reflection.title, *reflection.sections.values()])
    return readers


def _snapshot(reflection: Reflection) -> dict:
    return {
        "is_draft": reflection.is_draft,
        "visibility": reflection.visibility,
        "team_id": reflection.team_id,
        "readers": set(reflection.readers.values_list("pk", flat=True)),
    }


def _save_readers(reflection: Reflection, readers: set, previous: dict) -> None:
    if readers != previous.get("readers", set()):
        reflection.readers.set(readers)
    policies.forget(reflection)


def _supervisors_now_reading(reflection: Reflection, previous: dict, readers: set):
    """Named supervisors who can read the entry now and could not before."""
    readable_before = not previous.get("is_draft", True) and previous.get("visibility") in (
        policies.SHARED_WITH_SUPERVISORS
    )
    readable_now = not reflection.is_draft and reflection.visibility in policies.SHARED_WITH_SUPERVISORS
    if not readable_now:
        return []
    new = readers - (previous.get("readers", set()) if readable_before else set())
    return list(User.objects.filter(pk__in=new & caps(reflection.author).supervisor_ids))


def _tell_supervisors_it_was_shared(reflection, previous, readers) -> None:
    for supervisor in _supervisors_now_reading(reflection, previous, readers):
        notify(
            recipient=supervisor,
            kind="reflection_shared",
            message="{actor} shared a reflection with you.",
            actor=reflection.author,
            link=_detail_link(reflection),
        )


@transaction.atomic
def reflection_create(*, actor, **data) -> Reflection:
    """Write a new reflection (private unless shared). ``is_draft=True`` keeps it a draft."""
    data.setdefault("is_draft", False)
    data.setdefault("framework", "")
    data.setdefault("sections", {})
    reflection = Reflection(organisation_id=actor.organisation_id, author=actor, is_draft=True)
    previous = {"is_draft": True, "visibility": Reflection.Visibility.PRIVATE, "team_id": None, "readers": set()}
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
def reflection_update(*, actor, reflection: Reflection, data: dict) -> Reflection:
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
def reflection_autosave(*, actor, data: dict, reflection: Reflection | None = None) -> Reflection:
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
def reflection_delete(*, actor, reflection: Reflection) -> None:
    """The author deletes an entry and its comments."""
    require(policies.can_edit(actor, reflection), "Only the author can delete a reflection.")
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, target=reflection)
    reflection.delete()


@transaction.atomic
def reflection_acknowledge(*, actor, reflection: Reflection) -> Reflection:
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


@transaction.atomic
def comment_create(*, actor, reflection: Reflection, body: str) -> ReflectionComment:
    """A supervisor comments on an entry they can read; the author replies on their own."""
    require(
        policies.can_comment(actor, reflection),
        "Only the author's supervisors (and the author, in reply) can comment on a reflection.",
    )
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write a comment."})
    if len(body) > 5000:
        raise ValidationError({"body": "Keep a comment under 5000 characters."})
    comment = ReflectionComment.objects.create(reflection=reflection, author=actor, body=body)
    audit_record(actor=actor, action=AuditEvent.Action.CREATE, target=comment, subject=reflection.author)
    link = _detail_link(reflection) + "#comments"
    if actor.pk != reflection.author_id:
        notify(
            recipient=reflection.author,
            kind="reflection_comment",
            message="{actor} commented on your reflection.",
            actor=actor,
            link=link,
        )
    else:
        # Tell earlier commenters who still read it as named supervisors (the same rule as
        # reading: a supervisor no longer named, or no longer supervising, hears nothing).
        earlier = set(
            ReflectionComment.objects.filter(reflection=reflection)
            .exclude(author_id=actor.pk)
            .values_list("author_id", flat=True)
        )
        for supervisor in User.objects.filter(pk__in=earlier):
            if policies.reads_as_supervisor(supervisor, reflection):
                notify(
                    recipient=supervisor,
                    kind="reflection_comment_reply",
                    message="{actor} replied on a reflection you commented on.",
                    actor=actor,
                    link=link,
                )
    return comment
