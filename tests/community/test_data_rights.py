"""The peer community in a worker's export, and erasure: the person's posts are removed (not
anonymised); a thread they started that others replied to stays, its title replaced."""

import pytest

from apps.accounts.models import User
from apps.community.data_rights import ERASED_TITLE
from apps.community.models import Moderator, Post, Preference, Thread
from apps.workers.data_rights import export_worker_data, worker_erase
from tests.community.conftest import BODY_MARKER, REPLY_MARKER, TITLE_MARKER, start

pytestmark = pytest.mark.django_db


def test_the_export_holds_my_posts_and_threads_and_nobody_elses(everyone, thread):
    exported = str(export_worker_data(actor=everyone["peer"])["community"])
    assert BODY_MARKER in exported and TITLE_MARKER in exported and REPLY_MARKER not in exported
    exported = str(export_worker_data(actor=everyone["peer2"])["community"])
    assert REPLY_MARKER in exported and BODY_MARKER not in exported


def test_erasure_removes_the_persons_posts_and_keeps_others_replies_under_a_neutral_title(everyone, thread):
    pat = everyone["peer"]
    _, alone = start(pat, title="Only mine", body="nobody replied")
    Moderator.objects.create(organisation=pat.organisation, worker=pat)
    Preference.objects.create(worker=pat, digest=False)
    User.objects.filter(pk=pat.pk).update(status=User.Status.LEFT)
    pat.refresh_from_db()
    worker_erase(actor=everyone["admin"], worker=pat)
    assert not Post.objects.filter(author=pat).exists()
    assert not Post.objects.filter(body__contains=BODY_MARKER).exists()
    assert not Thread.objects.filter(pk=alone.thread_id).exists()
    thread.refresh_from_db()
    assert thread.author is None and thread.title == ERASED_TITLE
    assert list(thread.posts.values_list("body", flat=True)) == [f"Me too: {REPLY_MARKER}."]
    assert not Moderator.objects.filter(worker=pat).exists() and not Preference.objects.filter(worker=pat).exists()
