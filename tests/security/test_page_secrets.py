"""The permission matrix's secrets check, for pages: every page URL × every actor.

The walk is generated from the URL configuration (as the accessibility walk is), so a new
page is walked without anyone remembering to add it: every pattern outside the API and
Django's admin is filled in with each candidate id of the world (``world.py``) — a reflection
of every visibility, both boundary notes, every team — and fetched by every actor, following
redirects. No answer may carry a secret marker the actor may not read. A pattern whose
arguments the walk cannot fill in fails the test.

The positive control makes the walk mean something: every secret is found, on some page, by
every actor who may read it (a walk that rendered only error pages would otherwise pass).
"""

import re
from itertools import product

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from apps.calendar.services import feed_issue
from tests.security.world import ACTORS, PORTFOLIO_CODE, SECRETS

pytestmark = pytest.mark.django_db

NOT_PAGES = ("api/", "django-admin/")
# Pages that change the world on GET would be a bug of their own; none should. These only
# end the actor's session, which would make the rest of the walk anonymous.
SKIP = {"accounts:logout"}

# URL argument -> the world's ids (tests/security/world.py) to try it with.
CANDIDATES = {
    "team_id": ["team", "harbour", "outsider_team"],
    "membership_id": ["membership"],
    "worker_id": ["author", "peer2", "supervisor", "leaver", "outsider"],
    "notification_id": ["notification"],
    "definition_id": ["rd", "rd_draft", "rd_consult"],
    "comment_id": ["rd_comment"],
    "role_definition_id": ["rd", "rd_draft"],
    "assignment_id": ["assignment"],
    "reflection_id": ["r_private", "r_draft", "r_sup", "r_team"],
    "note_id": ["n_sub", "n_rev"],
    "check_in_id": ["ci_private", "ci_shared"],
    "check_id": ["fc_private", "fc_shared"],
    "agreement_id": ["agreement"],
    "session_id": ["session"],
    "planned_id": ["planned", "planned_past"],
    "competency_id": ["competency", "competency2"],
    "assessment_id": ["assessment", "open_assessment"],
    "record_id": ["training"],
    "link_id": ["evidence_link"],
    "pulse_id": ["pulse", "released_pulse"],
    "action_id": ["voice_action"],
    "group_pulse_id": ["group_pulse"],
    "contact_id": ["support_contact"],
    "run_id": ["import_run"],
    "document_id": ["portfolio_document"],
    "entry_id": ["practice_entry"],
    "plan_id": ["wellness_plan"],
    "number": ["wellness_plan_version"],
    "invitation_id": ["rater_done", "rater_open"],
    # An external rater's link (no account): the open one shows the form, the used one says so.
    "rater_token": ["rater_token", "rater_used_token"],
    # The peer community (issue 19, item 1): its thread, posts (one hidden) and a peer lead.
    "thread_id": ["cm_thread"],
    "post_id": ["cm_post", "cm_reply", "cm_hidden"],
    "moderator_id": ["cm_moderator"],
}
# Arguments that are not world ids; filled in per walk.
SPECIAL = {"uidb64", "token", "secret", "code"}


def url_patterns(patterns=None, prefix="", namespace=""):
    """``(route, name, [argument names])`` for every pattern of the URL configuration."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), namespace + (pattern.name or ""), list(pattern.pattern.converters)


def page_urls(world) -> tuple[list[tuple[str, str]], list[tuple[str, list[str]]]]:
    """``(visits, unfillable)``: visits are ``(name, url)`` with every candidate id filled in."""
    special = {
        "uidb64": urlsafe_base64_encode(force_bytes(world.ids["author"])),
        "token": default_token_generator.make_token(world.actors["author"]),
        # The author's calendar feed (no session needed): it must hold none of the secrets either.
        "secret": feed_issue(actor=world.actors["author"]),
        # The author's portfolio PDF's verification page (no session needed).
        "code": PORTFOLIO_CODE,
    }
    visits, unfillable = [], []
    for route, name, kwargs in url_patterns():
        # A regex route's anchors and group openings are not path ("^(?P<path>api/.*)$" is the API's).
        if re.sub(r"\^|\(\?P<\w+>", "", route).startswith(NOT_PAGES) or name in SKIP:
            continue
        missing = [k for k in kwargs if k not in CANDIDATES and k not in SPECIAL]
        if missing:
            unfillable.append((name, missing))
            continue
        choices = [
            [special[k]] if k in SPECIAL else [world.ids[key] for key in CANDIDATES[k] if key in world.ids]
            for k in kwargs
        ]
        for values in product(*choices):
            visits.append((name, reverse(name, kwargs=dict(zip(kwargs, values, strict=True)))))
    return visits, unfillable


def fetch(client, url) -> str:
    response = client.get(url, follow=True)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def walk(world, actor) -> dict[str, str]:
    client = Client()
    user = world.actors[actor]
    if user is not None:
        client.force_login(user)
    visits, unfillable = page_urls(world)
    assert not unfillable, f"page arguments the walk cannot fill in (add them to CANDIDATES): {unfillable}"
    return {url: fetch(client, url) for _, url in visits}


@pytest.mark.parametrize("actor", ACTORS)
def test_no_page_shows_an_actor_a_secret_they_may_not_read(world, actor):
    leaks = [
        (url, marker)
        for url, text in walk(world, actor).items()
        for marker, readers in SECRETS.items()
        if actor not in readers and marker in text
    ]
    assert not leaks, f"{actor} saw secrets on pages: {leaks}"


# Secrets that no page shows by design even to those who may read them (the API serves them).
API_ONLY = {
    "QXfeedbackbody",  # anonymous feedback: never shown alone to anyone
    "QXcertificatename",  # the certificate's file name is served as a download name only
}


@pytest.mark.parametrize("actor", ["author", "supervisor"])
def test_every_secret_an_actor_may_read_is_shown_to_them_on_some_page(world, actor):
    pages = walk(world, actor)
    expected = {m for m, readers in SECRETS.items() if actor in readers} - API_ONLY
    found = {m for m in expected if any(m in text for text in pages.values())}
    assert found == expected, f"{actor} never saw {sorted(expected - found)} on any page: the walk proves nothing"
