"""The reflection list API pages by cursor (issue 20, docs/api.md "Lists"): newest first by
``occurred_on``, then ``created_at``, ties in id order; one query per page at any depth.

Walking the pages gives every readable entry exactly once, in order, even with ties and while
entries are written; a cursor carries a position only (someone else's cursor shows the reader
only what they may read); an altered cursor, or one from a list in another order, is a 400
naming ``cursor``; ``page`` (the old numbered pages) is a 400 naming ``page``.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.reflections.models import Reflection
from tests.reflections.factories import ReflectionFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/reflections/"


def _team_entries(author, team, n, *, day_offsets=(3,), same_moment=True):
    """``n`` team entries of ``author``, on a few days, many sharing one ``created_at`` (ties)."""
    today = timezone.localdate()
    entries = [
        ReflectionFactory(
            author=author,
            visibility=Reflection.Visibility.TEAM,
            team=team,
            occurred_on=today - timedelta(days=day_offsets[i % len(day_offsets)]),
        )
        for i in range(n)
    ]
    if same_moment:
        Reflection.objects.filter(pk__in=[e.pk for e in entries]).update(created_at=timezone.now())
    return entries


def _expected(user_visible):
    rows = Reflection.objects.filter(pk__in=user_visible).order_by("-occurred_on", "-created_at", "id")
    return [str(pk) for pk in rows.values_list("pk", flat=True)]


def _walk(client, params=None, *, between_pages=None):
    """Every page from the first, following ``next_cursor``: the ids in order, and the pages."""
    ids, pages, cursor = [], 0, None
    while True:
        query = dict(params or {}, page_size=3)
        if cursor:
            query["cursor"] = cursor
        response = client.get(URL, query)
        assert response.status_code == 200, response.content
        body = response.json()
        assert "count" not in body and set(body) == {"next", "next_cursor", "results"}
        ids += [row["id"] for row in body["results"]]
        pages += 1
        cursor = body["next_cursor"]
        assert (body["next"] is None) == (cursor is None)
        if cursor is None:
            return ids, pages
        if between_pages:
            between_pages(pages)


def test_pages_give_every_entry_once_in_order_with_ties(api, everyone, riverside):
    entries = _team_entries(everyone["peer"], riverside, 11, day_offsets=(3, 3, 5))
    ids, pages = _walk(api.as_(everyone["admin"]))
    assert ids == _expected([e.pk for e in entries])  # ties on both dates: id order
    assert len(ids) == len(set(ids)) == 11 and pages == 4


@pytest.mark.parametrize("ordering", ["occurred_on", "-occurred_on", "created_at", "-created_at"])
def test_every_ordering_pages_by_cursor_with_id_as_tie_breaker(api, everyone, riverside, ordering):
    entries = _team_entries(everyone["peer"], riverside, 8, day_offsets=(2, 4))
    ids, _ = _walk(api.as_(everyone["admin"]), {"ordering": ordering})
    expected = Reflection.objects.filter(pk__in=[e.pk for e in entries]).order_by(ordering, "id")
    assert ids == [str(pk) for pk in expected.values_list("pk", flat=True)]


def test_no_entry_is_skipped_or_repeated_while_entries_are_written(api, everyone, riverside):
    entries = _team_entries(everyone["peer"], riverside, 10, day_offsets=(1, 3, 5, 7))
    written = []

    def write(page):
        # Newer than everything, in the middle of the list, and tied with rows already shown.
        for days in (0, 3, 6):
            written.append(
                ReflectionFactory(
                    author=everyone["peer2"],
                    visibility=Reflection.Visibility.TEAM,
                    team=riverside,
                    occurred_on=timezone.localdate() - timedelta(days=days),
                )
            )

    ids, _ = _walk(api.as_(everyone["admin"]), between_pages=write)
    assert len(ids) == len(set(ids)), "an entry was shown twice"
    assert set(str(e.pk) for e in entries) <= set(ids), "an entry was skipped"
    # Those written behind the reader's position show up; those written ahead of it do not, and
    # the order of what was shown is the list's order.
    assert ids == _expected(ids)


def test_a_cursor_carries_a_position_not_a_permission(api, everyone, riverside, harbour, outsider_team):
    _team_entries(everyone["peer"], riverside, 6)
    harbour_only = _team_entries(everyone["harbour_peer"], harbour, 6)
    southbank = _team_entries(everyone["outsider"], outsider_team, 6)
    # The org admin reads every team entry; Harbour's member reads Harbour's only.
    admin_page = api.as_(everyone["admin"]).get(URL, {"page_size": 2}).json()
    outsider_page = api.as_(everyone["outsider"]).get(URL, {"page_size": 2}).json()
    peer = api.as_(everyone["peer"])
    mine = {str(pk) for pk in Reflection.objects.filter(team=riverside).values_list("pk", flat=True)}
    for cursor in (admin_page["next_cursor"], outsider_page["next_cursor"]):
        response = peer.get(URL, {"cursor": cursor, "page_size": 100})
        assert response.status_code == 200
        shown = {row["id"] for row in response.json()["results"]}
        assert shown <= mine
        assert not shown & {str(e.pk) for e in harbour_only + southbank}


def _tampered(cursor):
    payload, _, signature = cursor.rpartition(":")
    flipped = payload[:-1] + ("A" if payload[-1] != "A" else "B")
    return f"{flipped}:{signature}"


def test_an_altered_cursor_is_a_400_naming_it(api, everyone, riverside):
    _team_entries(everyone["peer"], riverside, 5)
    client = api.as_(everyone["admin"])
    cursor = client.get(URL, {"page_size": 2}).json()["next_cursor"]
    assert client.get(URL, {"cursor": cursor}).status_code == 200
    other_order = client.get(URL, {"page_size": 2, "ordering": "created_at"}).json()["next_cursor"]
    for bad in (_tampered(cursor), cursor[:-3], "nonsense", "x" * 500, "MjAyNnxub3QtYS11dWlk"):
        response = client.get(URL, {"cursor": bad})
        assert response.status_code == 400 and "cursor" in response.json(), bad
    # A cursor given out by the list in another order is not a position in this one.
    response = client.get(URL, {"cursor": other_order})
    assert response.status_code == 400 and "cursor" in response.json()


def test_numbered_pages_are_a_400_naming_page(api, everyone, riverside):
    _team_entries(everyone["peer"], riverside, 2)
    response = api.as_(everyone["admin"]).get(URL, {"page": 2})
    assert response.status_code == 400
    assert "cursor" in response.json()["page"][0]


def test_a_deep_page_costs_the_same_queries_as_the_first(api, everyone, riverside):
    _team_entries(everyone["peer"], riverside, 9, day_offsets=(1, 2, 3))
    client = api.as_(everyone["admin"])
    queries = []
    cursor = None
    for _ in range(3):
        with CaptureQueriesContext(connection) as captured:
            body = client.get(URL, {"page_size": 4, **({"cursor": cursor} if cursor else {})}).json()
        queries.append(len(captured))
        cursor = body["next_cursor"]
    assert cursor is None and len(body["results"]) == 1
    # session, user (+organisation), the admin's caps (memberships); the page; the audit INSERT
    # — the same on every page (no named readers: they are shown to their author only)
    assert queries == [5, 5, 5]
