"""List endpoints and pages do a fixed number of queries, whatever the page size.

Each test reads 5 and then 50 rows of the same 60 entries with the same query count.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.reflections.models import Reflection
from tests.reflections.factories import CommentFactory, ReflectionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_entries(everyone, riverside):
    """60 team entries by two authors, a comment on each of the first ten and acknowledgements."""
    entries = []
    for i in range(60):
        author = everyone["peer"] if i % 2 else everyone["peer2"]
        entries.append(
            ReflectionFactory(
                author=author,
                visibility=Reflection.Visibility.TEAM,
                team=riverside,
                perspective="lived_experience",
                reception="welcomed",
                acknowledged_by=everyone["supervisor"] if i % 3 == 0 else None,
            )
        )
    for entry in entries[:10]:
        CommentFactory(reflection=entry, author=everyone["supervisor"])
    return entries


@pytest.mark.parametrize("page_size", [5, 50])
def test_api_list_query_count_does_not_grow_with_page_size(
    api, everyone, shared_entries, page_size, django_assert_num_queries
):
    client = api.as_(everyone["clinician"])
    # session, user (+organisation), caps: memberships, supervisees; the page (keyset: no count;
    # author, team, acknowledged_by joined, comment count as a subquery); one bulk INSERT of the
    # page's audit reads. No named readers: they are shown to the author only, and none of these
    # entries is the clinician's.
    with django_assert_num_queries(6):
        response = client.get("/api/v1/reflections/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size
    assert {row["readers"] for row in response.json()["results"]} == {None}


@pytest.mark.parametrize("page_size", [5, 50])
def test_api_list_of_an_author_fetches_the_readers_of_their_own_entries_once(
    api, everyone, shared_entries, page_size, django_assert_num_queries
):
    peer = everyone["peer"]
    own = Reflection.objects.filter(author=peer)
    own.first().readers.add(everyone["supervisor"])
    client = api.as_(peer)
    # as above, + the named readers of the page's own entries (one prefetch, whatever the size)
    with django_assert_num_queries(7):
        response = client.get("/api/v1/reflections/", {"page_size": page_size})
    rows = response.json()["results"]
    assert len(rows) == page_size
    by_author = {(row["author"] == str(peer.pk), row["readers"] is None) for row in rows}
    assert by_author == {(True, False), (False, True)}  # readers on own entries only, [] or named
    named = [row["readers"] for row in rows if row["id"] == str(own.first().pk)]
    assert named in ([], [[str(everyone["supervisor"].pk)]])  # on this page or not


@pytest.mark.parametrize("page_size", [5, 50])
def test_api_list_for_a_supervisor_with_filters_is_flat_too(
    api, everyone, shared_entries, page_size, django_assert_num_queries
):
    client = api.as_(everyone["supervisor"])
    # session, user, caps: memberships, supervisees; page (no count); audit INSERT (no readers:
    # none of the entries is the supervisor's)
    with django_assert_num_queries(6):
        response = client.get(
            "/api/v1/reflections/", {"page_size": page_size, "perspective": "lived_experience", "search": "hope"}
        )
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [5, 50])
def test_comments_list_query_count_does_not_grow(api, everyone, riverside, page_size, django_assert_num_queries):
    reflection = ReflectionFactory(author=everyone["peer"], visibility="supervisor")
    for _ in range(page_size):
        CommentFactory(reflection=reflection, author=everyone["supervisor"])
    client = api.as_(everyone["supervisor"])
    # session, user, caps: memberships, supervisees; the reflection (its named readers are not
    # read: a thread does not show them); count; page (author joined); audit INSERT
    with django_assert_num_queries(8):
        response = client.get(f"/api/v1/reflections/{reflection.pk}/comments/", {"page_size": page_size})
    assert len(response.json()["results"]) == page_size


def _page_queries(client, url):
    """The queries of one page view: all of them, and those of this app (reflections + audit).

    Pages also run the header's queries (nav link predicates, unread count) that other apps
    own and may change; so pages are pinned on (a) the same total for few and many rows and
    (b) an exact count of this app's own queries.
    """
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    ours = [q["sql"] for q in ctx.captured_queries if "reflections_" in q["sql"] or "audit_" in q["sql"]]
    return response, len(ctx.captured_queries), ours


def _entries(everyone, riverside, rows, **kwargs):
    for i in range(rows):
        ReflectionFactory(author=everyone["peer"] if i % 2 else everyone["peer2"], **kwargs)


def test_team_feed_page_query_count_does_not_grow_with_rows(client, everyone, riverside):
    client.force_login(everyone["clinician"])
    url = f"/reflections/teams/{riverside.pk}/"
    _entries(everyone, riverside, 3, visibility="team", team=riverside)
    few, few_total, few_ours = _page_queries(client, url)
    _entries(everyone, riverside, 17, visibility="team", team=riverside)
    many, many_total, many_ours = _page_queries(client, url)
    assert few.content.decode().count('class="reflection-card"') == 3
    assert many.content.decode().count('class="reflection-card"') == 20
    assert few_total == many_total
    # count; page (author, team, acknowledger joined; comment count subquery; my marker and
    # "reads as supervisor" as EXISTS); the page's threads (one prefetch); one audit INSERT
    assert len(many_ours) == 4, many_ours
    assert many_ours[3].startswith('INSERT INTO "audit_auditevent"')


def test_team_feed_page_with_replies_has_an_exact_query_count(client, everyone, riverside):
    """Issue 19, item 2: the threads cost one query for the page, and the replies' reads one INSERT."""
    client.force_login(everyone["clinician"])
    url = f"/reflections/teams/{riverside.pk}/"

    def entries_with_replies(rows):
        for i in range(rows):
            entry = ReflectionFactory(
                author=everyone["peer"] if i % 2 else everyone["peer2"], visibility="team", team=riverside
            )
            CommentFactory(reflection=entry, author=everyone["manager"], team=riverside)
            CommentFactory(reflection=entry, author=everyone["supervisor"])

    entries_with_replies(3)
    few, few_total, few_ours = _page_queries(client, url)
    entries_with_replies(17)
    many, many_total, many_ours = _page_queries(client, url)
    assert many.content.decode().count('class="comment"') == 40
    assert few_total == many_total
    # count; page; the threads (one prefetch); the excerpts' audit INSERT; the replies' audit INSERT
    assert len(many_ours) == 5, many_ours
    assert "reflections_reflectioncomment" in many_ours[2]
    assert many_ours[3].startswith('INSERT INTO "audit_auditevent"')
    assert many_ours[4].startswith('INSERT INTO "audit_auditevent"')


def test_my_reflections_page_query_count_does_not_grow_with_rows(client, everyone, riverside):
    client.force_login(everyone["peer"])
    ReflectionFactory.create_batch(3, author=everyone["peer"])
    few, few_total, few_ours = _page_queries(client, "/reflections/")
    ReflectionFactory.create_batch(17, author=everyone["peer"])
    many, many_total, many_ours = _page_queries(client, "/reflections/")
    assert many.content.decode().count('class="reflection-card"') == 20
    assert few_total == many_total
    # count; page; the page's named readers ("Read by") — the author reading their own
    # entries is not audited
    assert len(many_ours) == 3, many_ours


def test_shared_with_me_page_query_count_does_not_grow_with_rows(client, everyone, riverside):
    client.force_login(everyone["supervisor"])
    ReflectionFactory.create_batch(3, author=everyone["peer"], visibility="supervisor")
    few, few_total, few_ours = _page_queries(client, "/reflections/shared-with-me/")
    ReflectionFactory.create_batch(17, author=everyone["peer"], visibility="supervisor")
    many, many_total, many_ours = _page_queries(client, "/reflections/shared-with-me/")
    assert many.content.decode().count('class="reflection-card"') == 20
    assert few_total == many_total
    # count; page; one audit INSERT
    assert len(many_ours) == 3, many_ours
