"""The weekly digest goes through the exactly-once reminder scan: a number, never content;
once per person per week however many scans run; not to those who turned it off, nor to
anyone who is not a peer worker, nor about one's own posts."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from apps.community import services
from apps.notifications.models import Notification
from apps.reminders.models import Reminder
from apps.reminders.services import reminders_scan
from tests.community.conftest import BODY_MARKER, REPLY_MARKER, TITLE_MARKER

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# A Wednesday, and the Monday after it.
WEDNESDAY = datetime(2026, 11, 25, 12, 0, tzinfo=LONDON)
NEXT_MONDAY = datetime(2026, 11, 30, 9, 0, tzinfo=LONDON)


@pytest.fixture
def week_of_posts(everyone):
    with time_machine.travel(WEDNESDAY, tick=False):
        thread = services.thread_start(actor=everyone["peer"], title=TITLE_MARKER, body=BODY_MARKER)
        services.post_reply(actor=everyone["peer2"], thread=thread, body=REPLY_MARKER)
    return thread


def _scan(at):
    with time_machine.travel(at, tick=False):
        reminders_scan(now=at)


def test_each_peer_worker_gets_one_content_free_digest_the_monday_after(everyone, week_of_posts, settings):
    assert everyone["peer"].organisation.time_zone == "Europe/London"
    _scan(NEXT_MONDAY)
    _scan(NEXT_MONDAY + timedelta(hours=2))
    rows = Reminder.objects.filter(kind="community_digest")
    recipients = set(rows.values_list("recipient_id", flat=True))
    assert recipients == {everyone[w].pk for w in ("peer", "peer2", "supervisor", "harbour_peer")}
    assert rows.count() == 4  # once each, however many scans
    for note in Notification.objects.filter(kind="community_digest"):
        assert note.message == "2 new posts in the peer community last week." and note.link == "/community/"
    for text in [n.message for n in Notification.objects.all()] + [m.body + m.subject for m in mail.outbox]:
        assert not any(marker in text for marker in (TITLE_MARKER, BODY_MARKER, REPLY_MARKER))


def test_nothing_in_the_week_of_the_posts_nor_the_week_after_next(everyone, week_of_posts):
    _scan(WEDNESDAY + timedelta(days=1))
    assert not Reminder.objects.filter(kind="community_digest").exists()
    _scan(NEXT_MONDAY + timedelta(days=7))
    assert not Reminder.objects.filter(kind="community_digest").exists()


def test_a_member_who_turned_the_digest_off_gets_none_and_nobody_is_told_only_of_their_own_posts(
    api, everyone, week_of_posts
):
    response = api.as_(everyone["harbour_peer"]).patch(
        "/api/v1/community/preferences/", {"digest": False}, format="json"
    )
    assert response.status_code == 200 and response.json() == {"digest": False}
    assert api.get("/api/v1/community/preferences/").json() == {"digest": False}
    response = api.patch("/api/v1/community/preferences/", {"digest": "maybe"}, format="json")
    assert response.status_code == 400 and "digest" in response.json()
    assert (
        api.as_(everyone["manager"])
        .patch("/api/v1/community/preferences/", {"digest": True}, format="json")
        .status_code
        == 403
    )
    # Only Pat posted in another week: Pat is not told of their own post.
    with time_machine.travel(WEDNESDAY + timedelta(days=7), tick=False):
        services.thread_start(actor=everyone["peer"], title="Alone", body="only me")
    _scan(NEXT_MONDAY)
    _scan(NEXT_MONDAY + timedelta(days=7))
    this_week = Reminder.objects.filter(kind="community_digest", due_on=(NEXT_MONDAY + timedelta(days=7)).date())
    assert everyone["peer"].pk not in set(this_week.values_list("recipient_id", flat=True))
    assert everyone["peer2"].pk in set(this_week.values_list("recipient_id", flat=True))
    assert not Reminder.objects.filter(kind="community_digest", recipient=everyone["harbour_peer"]).exists()
    for who in ("manager", "clinician", "admin", "other_manager", "outsider"):
        assert not Reminder.objects.filter(kind="community_digest", recipient=everyone[who]).exists(), who
