"""Every read of reflections and their comments, scoped by ``policies.read_filter``."""

from datetime import date

from django.db.models import Count, IntegerField, Max, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, TruncMonth

from apps.core.capabilities import caps
from apps.core.selectors import get_or_404
from apps.reflections.models import Reflection, ReflectionComment
from apps.reflections.policies import read_filter, supervisor_read_filter


def _comment_count():
    counts = (
        ReflectionComment.objects.filter(reflection=OuterRef("pk"))
        .order_by()
        .values("reflection")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def reflections_visible_to(user):
    """Every reflection ``user`` may read, in their organisation only (see ``policies``)."""
    return Reflection.objects.filter(organisation_id=user.organisation_id).filter(read_filter(user))


def with_list_data(queryset):
    """What a list row shows: author, team and acknowledger joined, and the comment count."""
    return queryset.select_related("author", "team", "acknowledged_by").annotate(comment_count=_comment_count())


def get_reflection_for(user, reflection_id):
    """One readable reflection, or 404 (never 403: an unreadable entry does not exist)."""
    return get_or_404(with_list_data(reflections_visible_to(user)), reflection_id)


def get_own_draft_for(user, reflection_id):
    """One of the user's own drafts (the autosave target), or 404."""
    return get_or_404(Reflection.objects.filter(author_id=user.pk, is_draft=True), reflection_id)


def my_reflections(user, *, search: str = "", framework: str = "", visibility: str = "", since=None, until=None):
    """The author's own entries (drafts included), newest first, filtered as on "My reflections"."""
    qs = Reflection.objects.filter(author_id=user.pk, organisation_id=user.organisation_id)
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


def team_feed(user, team, *, perspective: str = "", reception: str = ""):
    """The team learning feed: published entries shared with ``team``, newest shared first.

    ``team`` comes from ``teams.selectors.get_team_for`` (members and org admins only); the
    read rule is applied again so the feed can never show more than the reader may read.
    """
    qs = reflections_visible_to(user).filter(team_id=team.pk, visibility=Reflection.Visibility.TEAM, is_draft=False)
    if perspective:
        qs = qs.filter(perspective=perspective)
    if reception:
        qs = qs.filter(reception=reception)
    return with_list_data(qs).order_by("-published_at", "-created_at")


def shared_with_me(user, *, supervisee_id=None, unacknowledged: bool = False):
    """Supervisees' published entries that name ``user`` as a reader (``policies``)."""
    qs = Reflection.objects.filter(organisation_id=user.organisation_id).filter(supervisor_read_filter(user))
    if supervisee_id:
        qs = qs.filter(author_id=supervisee_id)
    if unacknowledged:
        qs = qs.filter(acknowledged_at__isnull=True)
    return with_list_data(qs).order_by("-published_at", "-created_at")


def comments_of(reflection):
    """Comments of a reflection the caller has already fetched through the read rule."""
    return ReflectionComment.objects.filter(reflection=reflection).select_related("author").order_by("created_at")


def recent_comments_for_author(user, *, limit: int = 5):
    """Others' latest comments on the user's own entries (the "my day" panel)."""
    return list(
        ReflectionComment.objects.filter(reflection__author_id=user.pk)
        .exclude(author_id=user.pk)
        .select_related("author", "reflection")
        .order_by("-created_at")[:limit]
    )


def exchanges_by_month(user, *, since: date):
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


def team_feed_summary(user, team) -> dict:
    """For the team page panel: how many entries are shared with the team, and the latest date."""
    qs = reflections_visible_to(user).filter(team_id=team.pk, visibility=Reflection.Visibility.TEAM, is_draft=False)
    return qs.aggregate(count=Count("pk"), latest=Max("published_at"))


def supervisee_awaiting_acknowledgement_count(user) -> int:
    if not caps(user).supervisee_ids:
        return 0
    return (
        Reflection.objects.filter(organisation_id=user.organisation_id, acknowledged_at__isnull=True)
        .filter(supervisor_read_filter(user))
        .count()
    )


def reader_names(reflection) -> list[str]:
    """Who the author named as readers (for the author's own pages)."""
    return [u.display_name for u in reflection.readers.order_by("display_name")]
