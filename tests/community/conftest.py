"""Peer community personas: the shared ones (tests/conftest.py) — Pat, Robin, Sam (a peer
supervisor) and Hana (Harbour) are peer workers; Morgan, Oakley (managers), Casey (clinician)
and Ada (org admin) are not; Otto is of another organisation — plus helpers."""

import pytest

from apps.community import services
from apps.community.models import Moderator

BODY_MARKER = "COMMUNITY-BODY-4K"
REPLY_MARKER = "COMMUNITY-REPLY-9P"
TITLE_MARKER = "COMMUNITY-TITLE-2W"

# Who reads the community of the shared organisation.
MEMBERS = ("peer", "peer2", "supervisor", "harbour_peer")
NOT_MEMBERS = ("manager", "other_manager", "clinician", "admin")


def start(author, *, title="A question", body="What helps you?"):
    thread = services.thread_start(actor=author, title=title, body=body)
    return thread, thread.posts.get()


@pytest.fixture
def thread(everyone):
    """Pat's thread (title and body carry markers) with Robin's reply."""
    made, _ = start(everyone["peer"], title=f"About {TITLE_MARKER}", body=f"I noticed {BODY_MARKER}.")
    services.post_reply(actor=everyone["peer2"], thread=made, body=f"Me too: {REPLY_MARKER}.")
    return made


@pytest.fixture
def lead(everyone):
    """Sam, a peer supervisor, named peer lead by Ada."""
    Moderator.objects.create(
        organisation=everyone["supervisor"].organisation, worker=everyone["supervisor"], granted_by=everyone["admin"]
    )
    return everyone["supervisor"]
