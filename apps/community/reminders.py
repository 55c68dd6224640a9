"""The peer community's weekly digest (through the exactly-once scan), imported by
``CommunityConfig.ready()``.

| rule | who is told | when |
|---|---|---|
| community_digest | each peer worker of an organisation, digest not turned off | on the Monday after a week in which someone else posted in their community |

Keyed (kind, organisation, worker, Monday): one digest per person per week, however many scans
run. The message carries a number and nothing else: no title, no text, no name
("3 new posts in the peer community last week").
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from uuid import UUID
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef

from apps.accounts.models import Organisation, User
from apps.community.models import Post, Preference
from apps.reminders.engine import ReminderRows, ScanContext, receiving, reminder_rows
from apps.reminders.registry import ReminderView, link_to, register_kind, register_rule


@lru_cache(maxsize=256)
def posts_in_week(organisation_id: UUID | str, monday: date) -> int:
    """Posts shown to members (not hidden) in the organisation's week before ``monday``: the
    digest's number, counted when it is delivered (two queries per organisation and week, not
    per person; the week has ended, so the number no longer grows)."""
    zone = Organisation.objects.filter(pk=organisation_id).values_list("time_zone", flat=True).first() or "UTC"
    end = datetime.combine(monday, time.min, tzinfo=ZoneInfo(zone))
    return Post.objects.filter(
        organisation_id=organisation_id,
        hidden_at__isnull=True,
        created_at__gte=end - timedelta(weeks=1),
        created_at__lt=end,
    ).count()


def digest_message(r: ReminderView) -> str:
    n = posts_in_week(r.subject_id, r.due)
    noun = "new post" if n == 1 else "new posts"
    return f"{n} {noun} in the peer community last week." if n else "New posts in the peer community last week."


register_kind(
    "community_digest",
    label="Peer community digest",
    message=digest_message,
    link=lambda r: link_to("community:home", fallback="/community/"),
)


@register_rule("community_digest", kinds=["community_digest"])
def community_digest(ctx: ScanContext) -> list[ReminderRows]:
    """Each peer worker (digest on), on the Monday after a week in which someone else posted in their community."""
    zone = "organisation__time_zone"
    others_posted = Post.objects.filter(
        organisation_id=OuterRef("organisation_id"),
        hidden_at__isnull=True,
        created_at__gte=ctx.week_start_instant(-1, zone=zone),
        created_at__lt=ctx.week_start_instant(0, zone=zone),
    ).exclude(author_id=OuterRef("pk"))
    workers = (
        User.objects.filter(receiving(), worker_kind=User.WorkerKind.PEER, organisation__isnull=False)
        .exclude(pk__in=Preference.objects.filter(digest=False).values("worker_id"))
        .filter(Exists(others_posted))
    )
    return [
        reminder_rows(
            workers,
            kind="community_digest",
            subject_type="community_digest",
            subject="organisation_id",
            recipient="pk",
            about="pk",
            due_on=ctx.week_start(),
            to_about=True,
        )
    ]
