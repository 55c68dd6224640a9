"""Every read of reflections and their comments, scoped by ``policies.read_filter``.

Text reaches a page or the API only through the ``read_*`` functions and the ``*_page``
selectors, which record each read by anyone but the author in the audit trail (one INSERT per
page); the querysets below them (``team_feed``, ``shared_with_me``, ``comments_of``) are for
counting, parity checks and callers that show no text.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Prefetch, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth

from apps.accounts.models import User
from apps.accounts.scope import org_id
from apps.audit.models import AuditEvent
from apps.audit.services import audit_read, audit_reads, audit_record
from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.reflections.models import Reflection, ReflectionComment, ReflectionHelped
from apps.reflections.policies import comment_filter, prime, read_filter, supervisor_read_filter
from apps.teams.models import Team


def _comment_count(viewer: User | None = None) -> Coalesce:
    """How many comments a row shows (to ``viewer``: only those ``policies.comment_filter``
    lets them see, so hidden colleagues' replies are not even counted)."""
    comments = ReflectionComment.objects.filter(reflection=OuterRef("pk"))
    if viewer is not None:
        comments = comments.filter(comment_filter(viewer))
    counts = comments.order_by().values("reflection").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def reflections_visible_to(user: User) -> QuerySet[Reflection]:
    """Every reflection ``user`` may read, in their organisation only (see ``policies``)."""
    return Reflection.objects.filter(organisation_id=org_id(user)).filter(read_filter(user))


def with_list_data(queryset: QuerySet[Reflection], viewer: User | None = None) -> QuerySet[Reflection]:
    """What a list row shows: author, team and acknowledger joined, and the comment count (the
    comments ``viewer`` sees, when given)."""
    return queryset.select_related("author", "team", "acknowledged_by").annotate(comment_count=_comment_count(viewer))


def get_reflection_for(user: User, reflection_id: object) -> Reflection:
    """One readable reflection, or 404 (never 403: an unreadable entry does not exist)."""
    return get_or_404(with_list_data(reflections_visible_to(user), user), reflection_id)


def read_reflection(user: User, reflection: Reflection) -> Reflection:
    """``reflection`` (already scoped by :func:`get_reflection_for`) about to be shown to
    ``user`` with its body and comments: records the read (not when ``user`` is the author)."""
    audit_read(actor=user, target=reflection)
    return reflection


def read_reflections(user: User, rows: Iterable[Reflection], *, detail: str) -> list[Reflection]:
    """Rows about to be shown to ``user`` with their text (a list page or an API page):
    records one read per row not written by ``user``, in one INSERT. ``detail`` names the
    surface ("api list", "team feed excerpt")."""
    rows = list(rows)
    audit_reads(actor=user, targets=rows, detail=detail)
    return rows


def _read_page(user: User, queryset: QuerySet[Reflection], number: str | None, per_page: int, detail: str) -> Page:
    page = Paginator(queryset, per_page).get_page(number)
    page.object_list = read_reflections(user, page.object_list, detail=detail)
    return page


def get_own_draft_for(user: User, reflection_id: object) -> Reflection:
    """One of the user's own drafts (the autosave target), or 404."""
    return get_or_404(Reflection.objects.filter(author_id=user.pk, is_draft=True), reflection_id)


def my_reflections(
    user: User,
    *,
    search: str = "",
    framework: str = "",
    visibility: str = "",
    since: date | None = None,
    until: date | None = None,
) -> QuerySet[Reflection]:
    """The author's own entries (drafts included), newest first, filtered as on "My reflections"."""
    qs = Reflection.objects.filter(author_id=user.pk, organisation_id=org_id(user))
    if search:
        qs = qs.filter(search_text__icontains=search)
    if framework:
        qs = qs.filter(framework=framework)
    if visibility == "draft":
        qs = qs.filter(is_draft=True)
    elif visibility:
        qs = qs.filter(visibility=visibility, is_draft=False)
    if since:
        qs = qs.filter(occurred_on__gte=since)
    if until:
        qs = qs.filter(occurred_on__lte=until)
    return with_list_data(qs).prefetch_related("readers").order_by("-occurred_on", "-created_at")


def team_feed(user: User, team: Team, *, perspective: str = "", reception: str = "") -> QuerySet[Reflection]:
    """The team learning feed: published entries shared with ``team``, newest shared first.

    ``team`` comes from ``teams.selectors.get_team_for`` (members and org admins only); the
    read rule is applied again so the feed can never show more than the reader may read.
    """
    qs = reflections_visible_to(user).filter(team_id=team.pk, visibility=Reflection.Visibility.TEAM, is_draft=False)
    if perspective:
        qs = qs.filter(perspective=perspective)
    if reception:
        qs = qs.filter(reception=reception)
    return with_list_data(qs, user).order_by("-published_at", "-created_at")


def team_feed_page(
    user: User, team: Team, *, number: str | None, per_page: int, perspective: str = "", reception: str = ""
) -> Page:
    """Page ``number`` of :func:`team_feed` as shown, with each entry's thread
    (``r.thread``: the comments and replies ``user`` sees, one query for the page) and
    ``r.helped_by_me``. Each excerpt's read is recorded, and each colleague's reply shown."""
    entries = team_feed(user, team, perspective=perspective, reception=reception)
    entries = entries.annotate(
        helped_by_me=Exists(ReflectionHelped.objects.filter(reflection=OuterRef("pk"), user_id=user.pk)),
        reads_as_supervisor=Exists(Reflection.objects.filter(supervisor_read_filter(user), pk=OuterRef("pk"))),
    ).prefetch_related(Prefetch("comments", queryset=visible_comments_query(user), to_attr="thread"))
    page = _read_page(user, entries, number, per_page, "team feed excerpt")
    for entry in page.object_list:
        # Every row passed the read rule above: the reply and marker rules ask no more queries.
        prime(user, entry, reads=True, as_supervisor=entry.reads_as_supervisor)
    read_replies(user, [c for r in page.object_list for c in r.thread], detail="team feed reply")
    return page


def shared_with_me(
    user: User, *, supervisee_id: UUID | None = None, unacknowledged: bool = False
) -> QuerySet[Reflection]:
    """Supervisees' published entries that name ``user`` as a reader (``policies``)."""
    qs = Reflection.objects.filter(organisation_id=org_id(user)).filter(supervisor_read_filter(user))
    if supervisee_id:
        qs = qs.filter(author_id=supervisee_id)
    if unacknowledged:
        qs = qs.filter(acknowledged_at__isnull=True)
    return with_list_data(qs, user).order_by("-published_at", "-created_at")


def supervisees_of(user: User) -> list[User]:
    """Whom ``user`` supervises today, by name (the "shared with me" page's filter)."""
    return list(
        User.objects.filter(pk__in=caps(user).supervisee_ids, organisation_id=org_id(user)).order_by("display_name")
    )


def shared_with_me_page(
    user: User, *, number: str | None, per_page: int, supervisee_id: UUID | None = None, unacknowledged: bool = False
) -> Page:
    """Page ``number`` of :func:`shared_with_me` as shown: each excerpt's read is recorded."""
    entries = shared_with_me(user, supervisee_id=supervisee_id, unacknowledged=unacknowledged)
    return _read_page(user, entries, number, per_page, "shared with me excerpt")


def visible_comments_query(user: User) -> QuerySet[ReflectionComment]:
    """Comments ``user`` is shown on entries they read (``policies.comment_filter``), oldest
    first, with their author and entry joined."""
    return (
        ReflectionComment.objects.filter(comment_filter(user))
        .select_related("author", "reflection")
        .order_by("created_at", "pk")
    )


def visible_comments(user: User, reflection: Reflection) -> QuerySet[ReflectionComment]:
    """The thread of ``reflection`` (already fetched through the read rule) as ``user`` sees it."""
    return visible_comments_query(user).filter(reflection=reflection)


def read_replies(user: User, comments: Iterable[ReflectionComment], *, detail: str) -> list[ReflectionComment]:
    """Comments about to be shown to ``user``: each colleague's reply not written by ``user`` is
    recorded as a read of that reply (its subject is the colleague), in one INSERT. Supervisors'
    comments and the author's replies are read with the entry (:func:`read_reflection`)."""
    comments = list(comments)
    audit_reads(actor=user, targets=[c for c in comments if c.is_colleague_reply], detail=detail)
    return comments


def team_reception(reflection: Reflection) -> dict[str, Any]:
    """ "How the team received my contribution", for the author only (the caller checks): how many
    colleagues marked it "this helped me" and how many different colleagues replied, each only
    when at least ``VOICE_MIN_GROUP`` (else ``None``), never who, and never a sum of the two (a
    sum less the repliers the author sees by name would give away a small count)."""
    minimum = max(1, int(settings.VOICE_MIN_GROUP))
    helped = ReflectionHelped.objects.filter(reflection=reflection).count()
    repliers = (
        ReflectionComment.objects.filter(reflection=reflection, team__isnull=False)
        .values("author_id")
        .distinct()
        .count()
    )
    return {
        "minimum": minimum,
        "helped": helped if helped >= minimum else None,
        "repliers": repliers if repliers >= minimum else None,
    }


def helped_by(user: User, reflection: Reflection) -> bool:
    """Has ``user`` marked the entry "this helped me" (their own marker, for the undo button)?"""
    return ReflectionHelped.objects.filter(reflection=reflection, user_id=user.pk).exists()


def comments_of(reflection: Reflection) -> QuerySet[ReflectionComment]:
    """Comments of a reflection the caller has already fetched through the read rule and shows
    with its body (:func:`read_reflection` records that read), oldest first."""
    return ReflectionComment.objects.filter(reflection=reflection).select_related("author").order_by("created_at")


def read_comments(user: User, reflection: Reflection) -> QuerySet[ReflectionComment]:
    """The comments of ``reflection`` shown on their own (the API's comment list): recorded as
    one read of the entry, detail "comments" (not when ``user`` is the author)."""
    if reflection.author_id != user.pk:
        audit_record(actor=user, action=AuditEvent.Action.READ, target=reflection, detail="comments")
    return visible_comments(user, reflection)


def recent_comments_for_author(user: User, *, limit: int = 5) -> list[ReflectionComment]:
    """Others' latest comments on the user's own entries (the "my day" panel)."""
    return list(
        ReflectionComment.objects.filter(reflection__author_id=user.pk)
        .exclude(author_id=user.pk)
        .select_related("author", "reflection")
        .order_by("-created_at")[:limit]
    )


def exchanges_by_month(user: User, *, since: date) -> dict[tuple[date, str], int]:
    """``{(month, reception): count}`` of the user's own published perspective exchanges."""
    rows = (
        Reflection.objects.filter(author_id=user.pk, is_draft=False, occurred_on__gte=since)
        .exclude(reception="")
        .annotate(month=TruncMonth("occurred_on"))
        .order_by()
        .values("month", "reception")
        .annotate(n=Count("pk"))
    )
    return {(row["month"], row["reception"]): row["n"] for row in rows}


def team_feed_summary(user: User, team: Team) -> dict[str, Any]:
    """For the team page panel: how many entries are shared with the team, and the latest date."""
    qs = reflections_visible_to(user).filter(team_id=team.pk, visibility=Reflection.Visibility.TEAM, is_draft=False)
    return qs.aggregate(count=Count("pk"), latest=Max("published_at"))


def supervisee_awaiting_acknowledgement_count(user: User) -> int:
    if not caps(user).supervisee_ids:
        return 0
    return (
        Reflection.objects.filter(organisation_id=org_id(user), acknowledged_at__isnull=True)
        .filter(supervisor_read_filter(user))
        .count()
    )


def shareable_teams(user: User, reflection: Reflection | None = None) -> QuerySet[Team]:
    """Teams ``user`` may share an entry with: their current teams (the page and the API ask
    this one question). An existing entry keeps the team it is already shared with (even after
    its author left it), so that editing something else does not fail on ``team``."""
    ids = set(caps(user).team_ids)
    if reflection is not None and reflection.team_id:
        ids.add(reflection.team_id)
    return Team.objects.filter(pk__in=ids, organisation_id=org_id(user)).order_by("name")


def readers_to_tick(reflection: Reflection) -> set[UUID] | None:
    """Ticked on an edit or sharing form: the entry's readers while shared; for a private
    entry, ``None`` (the peer supervisors are ticked, as for sharing anew)."""
    if reflection.visibility == Reflection.Visibility.PRIVATE:
        return None
    return set(reflection.readers.values_list("pk", flat=True))


def reader_names(reflection: Reflection) -> list[str]:
    """Who the author named as readers (for the author's own pages)."""
    return [u.display_name for u in reflection.readers.order_by("display_name")]
