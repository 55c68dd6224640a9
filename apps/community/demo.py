"""Demo peer community: two threads between the demo peer workers (invented people), one with a
shared reflection, and Sam Okafor named peer lead. Idempotent."""

from apps.community.models import Moderator, Post, Thread
from apps.reflections.models import Reflection

THREADS = [
    (
        "peer",
        "Being the only peer worker on a ward round",
        [
            ("peer", "How do others keep the peer view in the room when you are the only one there?"),
            ("peer2", "I ask to speak before the plan is agreed, not after. It took a few weeks to stick."),
            ("supervisor", "Bring it to peer supervision too: it is a pattern, not a personal failing."),
        ],
    ),
    (
        "peer2",
        "Self-disclosure: what I share and when",
        [("peer2", "I now plan it: whose interest, how much, and how I will feel afterwards.")],
    ),
]


def seed(ctx) -> None:
    people = ctx.people
    if not all(k in people for k in ("peer", "peer2", "supervisor")):
        return
    for starter, title, posts in THREADS:
        if Thread.objects.filter(organisation=ctx.organisation, title=title).exists():
            continue
        thread = Thread.objects.create(organisation=ctx.organisation, author=people[starter], title=title)
        for key, body in posts:
            Post.objects.create(organisation=ctx.organisation, thread=thread, author=people[key], body=body)
        ctx.note(f"peer community thread by {starter}")
    reflection = Reflection.objects.filter(author=people["peer"], is_draft=False).order_by("-occurred_on").first()
    title = "A reflection I wanted to share"
    if reflection and not Thread.objects.filter(organisation=ctx.organisation, title=title).exists():
        thread = Thread.objects.create(organisation=ctx.organisation, author=people["peer"], title=title)
        Post.objects.create(organisation=ctx.organisation, thread=thread, author=people["peer"], reflection=reflection)
        ctx.note("peer community: a shared reflection")
    Moderator.objects.get_or_create(
        worker=people["supervisor"], defaults={"organisation": ctx.organisation, "granted_by": people.get("admin")}
    )
