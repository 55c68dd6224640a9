"""Reflections in a worker's export (their entries, with the comments and colleagues' replies on
them, the comments and replies they wrote on others' entries,
and the entries they marked "this helped me"), and their erasure (all of it deleted; deleting an
entry deletes every reply and marker on it)."""

from apps.core.readable import Readable
from apps.reflections.frameworks import framework_choices
from apps.reflections.models import Reflection, ReflectionComment, ReflectionHelped


def _iso(value):
    return value.isoformat() if value else None


def _names(readers) -> list[str]:
    """Who the entry was shared with (named readers, issue 13): their display names."""
    return sorted(r.display_name for r in readers)


def export(user) -> dict:
    entries = (
        Reflection.objects.filter(author=user)
        .select_related("team")
        .prefetch_related("comments__author", "readers")
        .order_by("occurred_on", "created_at")
    )
    written = ReflectionComment.objects.filter(author=user).exclude(reflection__author=user).order_by("created_at")
    return {
        "reflections": [
            {
                "id": str(r.pk),
                "title": r.title,
                "occurred_on": _iso(r.occurred_on),
                "framework": r.framework,
                "sections": r.sections,
                "perspective": r.perspective,
                "shared_with_team": r.shared_with_team,
                "reception": r.reception,
                "visibility": r.visibility,
                "team": r.team.name if r.team is not None else None,
                "shared_with": _names(r.readers.all()),
                "draft": r.is_draft,
                "published_at": _iso(r.published_at),
                "acknowledged_at": _iso(r.acknowledged_at),
                "replies_open": r.replies_open,
                "created_at": _iso(r.created_at),
                "comments": [
                    {
                        "author": c.author.display_name,
                        "body": c.body,
                        "colleague_reply": c.team_id is not None,
                        "created_at": _iso(c.created_at),
                    }
                    for c in sorted(r.comments.all(), key=lambda c: c.created_at)
                ],
            }
            for r in entries
        ],
        # Only what they wrote: the entry itself is its author's.
        "comments_i_wrote": [
            {
                "reflection": str(c.reflection_id),
                "body": c.body,
                "colleague_reply": c.team_id is not None,
                "created_at": _iso(c.created_at),
            }
            for c in written
        ],
        "marked_helped": [
            {"reflection": str(m.reflection_id), "created_at": _iso(m.created_at)}
            for m in ReflectionHelped.objects.filter(user=user).order_by("created_at")
        ],
    }


def erase(worker) -> None:
    """Delete the worker's entries (with every comment, reply and marker on them), the comments and
    replies they wrote, and their "this helped me" markers."""
    ReflectionComment.objects.filter(author=worker).delete()
    ReflectionHelped.objects.filter(user=worker).delete()
    Reflection.objects.filter(author=worker).delete()


READABLE = Readable(
    title="Reflections",
    labels={
        "reflections": "My reflections",
        "title": "Title",
        "occurred_on": "What happened on",
        "framework": "Framework",
        "sections": "What I wrote",
        "perspective": "Perspective",
        "shared_with_team": "Shared with the team",
        "reception": "How it was received",
        "visibility": "Who can read it",
        "team": "Team",
        "shared_with": "Shared with",
        "draft": "Draft",
        "published_at": "Published",
        "acknowledged_at": "Acknowledged",
        "created_at": "Written",
        "comments": "Comments",
        "author": "From",
        "body": "Comment",
        "comments_i_wrote": "Comments and replies I wrote on others' reflections",
        "replies_open": "Colleagues may reply",
        "colleague_reply": "A colleague's reply",
        "marked_helped": "Reflections I said helped me",
    },
    values={
        "perspective": dict(Reflection.Perspective.choices),
        "reception": dict(Reflection.Reception.choices),
        "visibility": dict(Reflection.Visibility.choices),
        "framework": dict(framework_choices()),
    },
    hidden=frozenset({"id", "reflection"}),
    free_form=frozenset({"sections"}),
)
