"""The team dashboard is cached per reader until the data changes (issue 20,
``apps/dashboard/cache.py``, ``apps/core/data_version.py``).

Scoped: two readers whose read scopes give different figures each get their own, from the cache
too. Current: a write (through the ORM, or a bulk update) changes what the next read shows; a
write rolled back changes nothing and is never cached; the audit rows a read writes do not empty
the cache. Real transactions here (``transaction=True``): the version moves after each commit.
"""

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.accounts.models import User
from apps.core import data_version
from apps.core.capabilities import caps
from apps.dashboard.selectors import team_dashboard
from apps.reflections.models import Reflection
from tests.dashboard.helpers import stepped_away
from tests.factories import AgreementFactory, MembershipFactory
from tests.reflections.factories import ReflectionFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not data_version.shared(), reason="the cache needs a shared cache (Redis)"),
]


def _read(user, team):
    """The board as a fresh request would build it (a new user object: no memoised caps), and
    how many queries that took."""
    reader = User.objects.select_related("organisation").get(pk=user.pk)
    caps(reader).today  # noqa: B018 - the request's own caps, not the board's
    with CaptureQueriesContext(connection) as captured:
        board = team_dashboard(reader, team)
    return board, len(captured)


def _reflections(board):
    return board["reflections"]["totals"]["total"]


def test_each_reader_gets_their_own_figures_from_the_cache_too(everyone, riverside):
    today = caps(everyone["manager"]).today
    worker = MembershipFactory(team=riverside).worker
    # The manager supervises the worker, so is told the worker stepped away (the agreement is
    # paused in their eyes); the org admin is not told (it is overdue in theirs).
    AgreementFactory(supervisee=worker, supervisor=everyone["manager"], starts_on=today - timedelta(days=200))
    stepped_away(worker, started_on=today - timedelta(days=3))

    manager_board, computed = _read(everyone["manager"], riverside)
    admin_board, admin_computed = _read(everyone["admin"], riverside)
    assert manager_board["supervision"]["state_counts"]["paused"] == 1
    assert admin_board["supervision"]["state_counts"]["paused"] == 0
    assert computed > 10 and admin_computed > 10  # the admin's read computed its own board

    manager_again, cached = _read(everyone["manager"], riverside)
    admin_again, admin_cached = _read(everyone["admin"], riverside)
    assert cached == admin_cached == 0  # both from the cache, each their own
    assert manager_again["supervision"]["state_counts"] == manager_board["supervision"]["state_counts"]
    assert admin_again["supervision"]["state_counts"] == admin_board["supervision"]["state_counts"]


def test_a_write_changes_the_next_read_and_a_rolled_back_one_does_not(api, everyone, riverside):
    admin = everyone["admin"]
    client = api.as_(admin)  # signing in writes (last_login): before the board is cached
    before, _ = _read(admin, riverside)
    assert _read(admin, riverside)[1] == 0

    # A list read writes audit rows: not data the board is made of, the cache stays.
    ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
    cached_total = _reflections(_read(admin, riverside)[0])
    assert cached_total == _reflections(before) + 1  # the write above moved the version
    assert client.get("/api/v1/reflections/").status_code == 200
    assert _read(admin, riverside)[1] == 0

    # A bulk update (no model signal) moves it too.
    Reflection.objects.filter(team=riverside).update(visibility="private", team=None)
    after_update, computed = _read(admin, riverside)
    assert computed > 10 and _reflections(after_update) == 0

    # Rolled back: not cached while in flight, and afterwards the board is as before it.
    with transaction.atomic():
        ReflectionFactory(author=everyone["peer"], visibility="team", team=riverside)
        inside, computed = _read(admin, riverside)
        assert _reflections(inside) == 1 and computed > 10
        assert _read(admin, riverside)[1] > 10  # never stored
        transaction.set_rollback(True)
    assert _reflections(_read(admin, riverside)[0]) == 0


def _write_a_reflection(client):
    body = {
        "title": "After the ward round",
        "occurred_on": timezone.localdate().isoformat(),
        "framework": "gibbs",
        "sections": {"description": "Listened first."},
    }
    response = client.post("/api/v1/reflections/", body, format="json")
    assert response.status_code == 201, response.content
    return Reflection.objects.get(pk=response.json()["id"])


def test_a_member_s_write_leaves_other_organisations_boards_cached(api, everyone, riverside, other_org):
    admin, outsider = everyone["admin"], everyone["outsider"]
    client = api.as_(outsider)  # signing in is a write of no request: every version moves
    _read(admin, riverside)
    assert _read(admin, riverside)[1] == 0
    theirs = data_version.current(other_org.pk)

    written = _write_a_reflection(client)  # in a request signed in as Southbank's member
    assert written.author == outsider and written.author.organisation == other_org
    assert data_version.current(other_org.pk) != theirs  # Southbank's cached figures are stale
    assert _read(admin, riverside)[1] == 0  # Northfield's are not: still from the cache

    # A Northfield member's write makes Northfield's board stale.
    _write_a_reflection(api.as_(everyone["peer"]))
    assert _read(admin, riverside)[1] > 10


def test_a_write_whose_organisation_is_not_certain_makes_every_board_stale(api, everyone, riverside):
    admin, outsider = everyone["admin"], everyone["outsider"]
    User.objects.filter(pk=outsider.pk).update(is_staff=True)  # an operator: may write anywhere
    client = api.as_(User.objects.get(pk=outsider.pk))
    _read(admin, riverside)
    assert _read(admin, riverside)[1] == 0

    _write_a_reflection(client)
    assert _read(admin, riverside)[1] > 10  # Northfield's board too

    # A write outside any request (a task, a command) moves every organisation's too.
    assert _read(admin, riverside)[1] == 0
    Reflection.objects.filter(author=outsider).update(title="Renamed")
    assert _read(admin, riverside)[1] > 10
