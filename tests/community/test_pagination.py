"""Keyset pagination of threads and posts (pages and API): every row once, in order, however
the pages are walked; a bad cursor is a 400 naming it; query counts exact and the same for a
deep page as for the first."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.community import services
from apps.community.models import Post, Thread
from tests.community.conftest import start

pytestmark = pytest.mark.django_db


def _walk(client, url):
    seen, pages = [], 0
    while url:
        data = client.get(url).json()
        seen += [row["id"] for row in data["results"]]
        url, pages = data["next"], pages + 1
    return seen, pages


def test_threads_are_listed_newest_first_each_once_across_pages(api, everyone):
    made = [start(everyone["peer"], title=f"Thread {n}")[0] for n in range(7)]
    seen, pages = _walk(api.as_(everyone["peer2"]), "/api/v1/community/threads/?page_size=3")
    assert seen == [str(t.pk) for t in reversed(made)] and pages == 3


def test_posts_are_listed_oldest_first_and_a_post_written_while_paging_is_not_skipped(api, everyone):
    thread, _ = start(everyone["peer"])
    for n in range(4):
        services.post_reply(actor=everyone["peer2"], thread=thread, body=f"reply {n}")
    client = api.as_(everyone["supervisor"])
    first = client.get(f"/api/v1/community/threads/{thread.pk}/posts/?page_size=3").json()
    services.post_reply(actor=everyone["peer"], thread=thread, body="late")
    rest, _ = _walk(client, first["next"])
    ordered = list(Post.objects.filter(thread=thread).order_by("created_at", "id").values_list("pk", flat=True))
    assert [r["id"] for r in first["results"]] + rest == [str(pk) for pk in ordered]


@pytest.mark.parametrize("cursor", ["nonsense", "%00", "x" * 300, "MjAyNnxub3QtYS11dWlk"])
def test_a_bad_cursor_is_a_400_naming_it_on_the_api_and_the_pages(api, client, everyone, cursor):
    thread, _ = start(everyone["peer"])
    response = api.as_(everyone["peer"]).get(f"/api/v1/community/threads/?cursor={cursor}")
    assert response.status_code == 400 and "cursor" in response.json()
    response = api.get(f"/api/v1/community/threads/{thread.pk}/posts/?cursor={cursor}")
    assert response.status_code == 400 and "cursor" in response.json()
    client.force_login(everyone["peer"])
    assert client.get(reverse("community:home"), {"cursor": cursor}).status_code == 400
    assert client.get(reverse("community:thread-detail", args=[thread.pk]), {"cursor": cursor}).status_code == 400


def test_a_bad_page_size_or_an_unknown_parameter_is_a_400_naming_it(api, everyone):
    client = api.as_(everyone["peer"])
    for query, field in (("page_size=0", "page_size"), ("page_size=101", "page_size"), ("page=2", "page")):
        response = client.get(f"/api/v1/community/threads/?{query}")
        assert response.status_code == 400 and field in response.json(), query


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_thread_list_costs_the_same_queries_on_a_deep_page_as_on_the_first(api, everyone):
    for n in range(30):
        start(everyone["peer"], title=f"Thread {n}")
    client = api.as_(everyone["peer2"])
    # session, user, the page of threads with their post counts (one query), the audit INSERT.
    first = _count(client, "/api/v1/community/threads/?page_size=5")
    deep_url = "/api/v1/community/threads/?page_size=5"
    for _ in range(4):
        deep_url = client.get(deep_url).json()["next"]
    assert _count(client, deep_url) == first == 4


def test_the_thread_page_and_the_posts_api_have_exact_query_counts(api, client, django_assert_num_queries, everyone):
    thread, _ = start(everyone["peer"])
    for n in range(12):
        services.post_reply(actor=everyone["peer2"], thread=thread, body=f"reply {n}")
    api_client = api.as_(everyone["supervisor"])
    # session, user; the thread; the thread's read (INSERT); is the reader a peer lead; the
    # page of posts (with authors and reflections, one query); the reads (one INSERT).
    with django_assert_num_queries(7):
        api_client.get(f"/api/v1/community/threads/{thread.pk}/posts/?page_size=5")
    client.force_login(everyone["supervisor"])
    # The same seven, and what every page reads: the header's unread badge, the audit context's
    # organisation zone and the navigation's answers (10 in all), for 12 posts as for 22.
    page_queries = _count(client, reverse("community:thread-detail", args=[thread.pk]))
    more = Thread.objects.get(pk=thread.pk)
    for n in range(10):
        services.post_reply(actor=everyone["peer"], thread=more, body=f"more {n}")
    assert _count(client, reverse("community:thread-detail", args=[thread.pk])) == page_queries == 10
