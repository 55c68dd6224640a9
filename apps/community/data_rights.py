"""The peer community in a worker's export, and its erasure.

Erasure **removes** the person's posts (their words are theirs; an anonymised post would still
carry lived experience others could recognise). A thread they started that others replied to
stays for those replies, its title replaced and its starter unlinked; one with no other posts
goes. Their peer-lead grant and digest choice go too.
"""

from apps.community.models import Moderator, Post, Preference, Thread
from apps.core.readable import Readable

ERASED_TITLE = "A thread whose starter's data was erased"


def export(user) -> dict:
    posts = Post.objects.filter(author=user).select_related("thread", "reflection").order_by("created_at")
    return {
        "community_posts": [
            {
                "posted_at": post.created_at.isoformat(),
                "thread": post.thread.title,
                "text": post.body,
                "shared_reflection": post.reflection.display_title if post.reflection is not None else "",
                "hidden_reason": post.hidden_reason,
            }
            for post in posts
        ],
        "community_threads_started": [t.title for t in Thread.objects.filter(author=user).order_by("created_at")],
        "community_peer_lead": Moderator.objects.filter(worker=user).exists(),
        "community_digest": not Preference.objects.filter(worker=user, digest=False).exists(),
    }


def erase(worker) -> None:
    Post.objects.filter(author=worker).delete()
    Thread.objects.filter(author=worker, posts__isnull=True).delete()
    Thread.objects.filter(author=worker).update(author=None, title=ERASED_TITLE)
    Moderator.objects.filter(worker=worker).delete()
    Preference.objects.filter(worker=worker).delete()


READABLE = Readable(
    title="Peer community",
    labels={
        "community_posts": "Posts in the peer community",
        "posted_at": "When",
        "thread": "Thread",
        "text": "Text",
        "shared_reflection": "Reflection shared",
        "hidden_reason": "Hidden by a peer lead because",
        "community_threads_started": "Threads I started",
        "community_peer_lead": "Peer lead",
        "community_digest": "Weekly digest",
    },
)
